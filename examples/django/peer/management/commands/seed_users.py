import secrets

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Max

from peer.models import Profile


def unusable_password():
    # What set_unusable_password() stores, without its per-call overhead.
    return UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)


class Command(BaseCommand):
    help = (
        "Create COUNT synthetic users quickly: <prefix>00001, "
        "<prefix>00001@example.edu, EDEBO00001, IAS00001, ... (no usable passwords)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True)
        parser.add_argument("--start", type=int, default=1, help="first number (default 1)")
        parser.add_argument("--prefix", default="student")

    def handle(self, *args, count, start, prefix, **options):
        if count < 0 or start < 0:
            raise CommandError("--count and --start must not be negative")
        numbers = range(start, start + count)
        width = max(5, len(str(start + count - 1)))
        with transaction.atomic():
            before = User.objects.aggregate(m=Max("id"))["m"] or 0
            users = []
            for n in numbers:
                num = str(n).zfill(width)
                users.append(User(
                    username=f"{prefix}{num}",
                    email=f"{prefix}{num}@example.edu",
                    first_name=prefix.capitalize(),
                    last_name=f"No{num}",
                    password=unusable_password(),
                ))
            User.objects.bulk_create(users, batch_size=2000)
            # SQLite does not return ids from a bulk insert; inside this
            # IMMEDIATE transaction nobody else can have inserted users.
            ids = dict(User.objects.filter(id__gt=before).values_list("username", "id"))
            profiles = []
            for n in numbers:
                num = str(n).zfill(width)
                profiles.append(Profile(
                    user_id=ids[f"{prefix}{num}"], edeboid=f"EDEBO{num}", iasid=f"IAS{num}"
                ))
            Profile.objects.bulk_create(profiles, batch_size=2000)
        if options["verbosity"] > 1:
            self.stdout.write(f"created {count} users")
