"""Administrators get the email alerts' models, as 0008_roles gave them every model of the app that
existed then. Editors get nothing: a subscription is a reader's address, not a record."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ["subscription", "delivery"]


def grant(apps, schema_editor):
    # On a fresh database the permissions of a new model do not exist yet when its migration runs.
    create_permissions(global_apps.get_app_config("statements"), apps=apps, verbosity=0)
    Group, Permission = apps.get_model("auth", "Group"), apps.get_model("auth", "Permission")
    administrators = Group.objects.filter(name="administrators").first()
    if administrators is not None:
        administrators.permissions.add(
            *Permission.objects.filter(content_type__app_label="statements", content_type__model__in=MODELS)
        )


def revoke(apps, schema_editor):
    Group, Permission = apps.get_model("auth", "Group"), apps.get_model("auth", "Permission")
    found = Permission.objects.filter(content_type__app_label="statements", content_type__model__in=MODELS)
    for group in Group.objects.filter(name="administrators"):
        group.permissions.remove(*found)


class Migration(migrations.Migration):
    dependencies = [("statements", "0014_alerts")]

    operations = [migrations.RunPython(grant, revoke)]
