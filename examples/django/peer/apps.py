from django.apps import AppConfig


class PeerConfig(AppConfig):
    name = "peer"
    verbose_name = "mdsync reference peer"
    default_auto_field = "django.db.models.AutoField"
