import json
import sys

from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from peer.models import Profile

from .seed_users import unusable_password

USER_FIELDS = {"id", "username", "email", "first_name", "last_name", "is_active"}
PROFILE_FIELDS = {"edeboid", "iasid"}
OTHER_FIELDS = {"groups"}


class Command(BaseCommand):
    help = (
        "Load users from a JSON list of objects with any of: id, username, email, "
        "first_name, last_name, is_active, edeboid, iasid, groups (a list of group "
        "names, made if missing) ('-' reads stdin). Nothing is validated: not email "
        "uniqueness, not the username or email syntax the API would refuse, so tests "
        "can stage duplicate, mixed-case, Unicode and invalid records."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            if file == "-":
                data = json.load(sys.stdin)
            else:
                with open(file, encoding="utf-8") as fh:
                    data = json.load(fh)
        except (OSError, ValueError) as exc:
            raise CommandError(f"cannot read {file}: {exc}")
        if not isinstance(data, list) or not all(isinstance(d, dict) for d in data):
            raise CommandError("expected a JSON list of objects")

        with transaction.atomic():
            taken = set(User.objects.values_list("username", flat=True))
            users, profiles = [], []
            for i, rec in enumerate(data):
                unknown = set(rec) - USER_FIELDS - PROFILE_FIELDS - OTHER_FIELDS
                if unknown:
                    raise CommandError(f"record {i}: unknown fields {sorted(unknown)}")
                fields = {k: rec[k] for k in USER_FIELDS if k in rec}
                for k in ("email", "first_name", "last_name"):
                    if fields.get(k) is None:
                        fields[k] = ""
                if fields.get("is_active") is None:
                    fields["is_active"] = True
                if not fields.get("username"):
                    fields["username"] = self._free_username(fields["email"], i, taken)
                taken.add(fields["username"])
                users.append(User(password=unusable_password(), **fields))
                profiles.append({k: rec.get(k) for k in PROFILE_FIELDS})
            # Insert in list order (runs with and without explicit ids kept
            # apart) so that generated ids follow the order of the file.
            start = 0
            for i in range(1, len(users) + 1):
                if i == len(users) or (users[i].id is None) != (users[start].id is None):
                    User.objects.bulk_create(users[start:i])
                    start = i
            # SQLite returns no ids from bulk inserts: look them up by username.
            names = [u.username for u in users]
            ids = {}
            for chunk in range(0, len(names), 500):
                ids.update(User.objects.filter(username__in=names[chunk:chunk + 500])
                           .values_list("username", "id"))
            Profile.objects.bulk_create(
                Profile(user_id=ids[u.username], **p) for u, p in zip(users, profiles)
            )
            for u, rec in zip(users, data):
                for name in rec.get("groups") or []:
                    group, _ = Group.objects.get_or_create(name=str(name))
                    group.user_set.add(ids[u.username])
        if options["verbosity"] > 1:
            self.stdout.write(f"loaded {len(users)} users")

    @staticmethod
    def _free_username(email, i, taken):
        base = (email.split("@")[0].strip().lower() or "user")[:140] or "user"
        name, n = base, i
        while name in taken:
            n += 1
            name = f"{base}{n}"
        return name
