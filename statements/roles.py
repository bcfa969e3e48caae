"""The roles a user can hold: editor, administrator and researcher. Anyone else reads only.

A role is membership of a group of the same name; the editors' and administrators' groups and
their model permissions are created by migration 0008_roles. The admin checks those model
permissions itself; the API and the editors' screens ask `is_editor` / `is_administrator`.
Superusers count as administrators, and administrators can do everything editors can. `is_staff`
alone is no role: it only lets a user sign in to the admin, where a user without permissions sees
nothing.

Researchers read the API at a higher rate (statements/api/access.py) and write nothing: their
group carries no permission, and `grant_role` makes it when first needed.
"""

from django.contrib.auth.models import Group
from django.db import transaction

EDITORS = "editors"
ADMINISTRATORS = "administrators"
RESEARCHERS = "researchers"

# Role name, as given to `grant_role`, -> the groups that make it up.
ROLES = {
    "editor": EDITORS,
    "administrator": ADMINISTRATORS,
    "researcher": RESEARCHERS,
}

# Roles that work in the admin, so `grant_role` lets their holders sign in there.
ADMIN_ROLES = {"editor", "administrator"}
# What `author_role` can answer.
AUTHOR_ROLES = ("editor", "administrator")


class UnknownRole(ValueError):
    pass


def group_names(user):
    """The names of the user's groups, fetched once per user object (one query) and kept on it.

    The API's permission and the view may both ask within one request; the user object lives
    only as long as the request, so a role granted meanwhile is seen by the next request.
    """
    if not hasattr(user, "_role_group_names"):
        # `all()` rather than `values_list`, so that a list of users can prefetch their groups.
        user._role_group_names = frozenset(group.name for group in user.groups.all())
    return user._role_group_names


def _signed_in(user):
    return bool(user and user.is_authenticated and user.is_active)


def is_administrator(user):
    return _signed_in(user) and (user.is_superuser or ADMINISTRATORS in group_names(user))


def is_editor(user):
    """Editors and administrators may create and change records and import articles."""
    return _signed_in(user) and (user.is_superuser or bool({EDITORS, ADMINISTRATORS} & group_names(user)))


def author_role(user):
    """The role under which readers who may not see user names are told of `user`'s changes:
    "administrator" for an administrator, otherwise "editor", the least role that saves a change.

    Asks the groups as they are now (a user whose role was withdrawn since was still an editor
    when saving); prefetch `groups` for a list of users.
    """
    return "administrator" if user.is_superuser or ADMINISTRATORS in group_names(user) else "editor"


def is_researcher(user):
    """Researchers read the API at a higher rate; the role lets them change nothing."""
    return _signed_in(user) and RESEARCHERS in group_names(user)


@transaction.atomic
def grant_role(user, role):
    """Add the user to the role's group; for an editor or administrator, also let them sign in to
    the admin (sets `is_staff`).

    Raises UnknownRole for a name not in ROLES, and Group.DoesNotExist if the migrations have
    not been run. Saves the user.
    """
    try:
        name = ROLES[role]
    except KeyError:
        raise UnknownRole(f"Unknown role {role!r}; choose one of: {', '.join(ROLES)}.") from None
    if name == RESEARCHERS:
        # No migration makes this group: it holds no model permission that a migration would
        # have to grant, so nothing is lost by making it on first use, and a database migrated
        # before the role existed needs nothing more.
        group, _ = Group.objects.get_or_create(name=name)
    else:
        group = Group.objects.get(name=name)
    if role in ADMIN_ROLES and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.groups.add(group)
    user.__dict__.pop("_role_group_names", None)
