"""The two roles as groups with model permissions: editors and administrators.

Editors may view, add and change every record of the archive but delete nothing. Administrators
may do everything with the records (history rows included) and manage users, groups and API
tokens. The lists are written out here rather than imported, so that this migration keeps doing
what it did when later code changes; a model added later needs its own migration to grant it.

On a fresh database the permissions do not exist yet while migrations run (Django creates them
after the last migration, in post_migrate), so they are created here first.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "editors"
ADMINISTRATORS = "administrators"

# The archive's models, by model name in the statements app.
RECORDS = [
    "alias",
    "body",
    "citation",
    "councilseat",
    "country",
    "delegate",
    "meeting",
    "mention",
    "organisation",
    "party",
    "position",
    "source",
    "statement",
    "topic",
]

# (app label, model name) of the accounts an administrator manages.
ACCOUNTS = [
    ("auth", "user"),
    ("auth", "group"),
    ("authtoken", "token"),
    ("authtoken", "tokenproxy"),
]


def permissions(Permission, pairs, actions):
    """The permissions `<action>_<model>` for each (app label, model name), all of which must exist."""
    wanted = {(app, f"{action}_{model}") for app, model in pairs for action in actions}
    found = list(
        Permission.objects.filter(
            content_type__app_label__in={app for app, _ in wanted},
            codename__in={codename for _, codename in wanted},
        ).select_related("content_type")
    )
    found = [p for p in found if (p.content_type.app_label, p.codename) in wanted]
    missing = wanted - {(p.content_type.app_label, p.codename) for p in found}
    if missing:
        raise RuntimeError(f"Permissions missing after create_permissions: {sorted(missing)}")
    return found


def create_groups(apps, schema_editor):
    for label in ("auth", "authtoken", "statements"):
        create_permissions(global_apps.get_app_config(label), apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    records = [("statements", model) for model in RECORDS]

    editors, _ = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.set(permissions(Permission, records, ["view", "add", "change"]))

    # Every permission of the app, so that history rows can be viewed and pruned too.
    administrators, _ = Group.objects.get_or_create(name=ADMINISTRATORS)
    administrators.permissions.set(
        [
            *Permission.objects.filter(content_type__app_label="statements"),
            *permissions(Permission, ACCOUNTS, ["view", "add", "change", "delete"]),
        ]
    )


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[EDITORS, ADMINISTRATORS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("statements", "0007_statement_updated_index"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("authtoken", "0004_alter_tokenproxy_options"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
