from django.contrib.auth.models import User
from django.core.management.base import BaseCommand
from django.db import transaction
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = "Create the API service account if needed and print only its token key."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="mdsync")

    def handle(self, *args, username, **options):
        with transaction.atomic():
            user, created = User.objects.get_or_create(
                username=username, defaults={"is_staff": True}
            )
            if created:
                user.set_unusable_password()
                user.save(update_fields=["password"])
            token, _ = Token.objects.get_or_create(user=user)
        self.stdout.write(token.key)
