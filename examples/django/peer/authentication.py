from rest_framework.authentication import TokenAuthentication


class BearerTokenAuthentication(TokenAuthentication):
    """Accept DRF tokens sent as "Authorization: Bearer <key>" too.

    Clients configured for JWT-style APIs send Bearer; the key is the same
    rest_framework.authtoken key that "Token <key>" uses.
    """

    keyword = "Bearer"
