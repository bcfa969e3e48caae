from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from statements.roles import ROLES, UnknownRole, grant_role


class Command(BaseCommand):
    help = (
        "Give a user a role: 'editor' (create and change records, import articles), 'administrator' "
        "(also delete, and manage users and tokens), both of which let the user sign in to the admin, or "
        "'researcher' (read the API at a higher rate, change nothing). See docs/roles.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        # Not argparse choices: a wrong role is then one line on stderr, like a wrong user.
        parser.add_argument("role", help=" or ".join(ROLES))

    def handle(self, *args, username, role, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"No user is called {username!r}.") from None
        try:
            grant_role(user, role)
        except UnknownRole as error:
            raise CommandError(str(error)) from None
        except Group.DoesNotExist:
            raise CommandError("The role groups do not exist; run `python manage.py migrate` first.") from None
        self.stdout.write(f"{username} now has the {role} role.")
