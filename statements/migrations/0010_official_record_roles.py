"""Editors and administrators get the official record's models (0008_roles grants only the earlier ones).

Written out rather than imported, like 0008, so that it keeps doing what it did.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

RECORDS = ["participant", "draft", "vote", "ballot", "recordcheck"]
HISTORY = [
    *(f"historical{model}" for model in RECORDS),
    # The history of many-to-many fields added with them.
    "historicaldraft_sponsors",
    "historicalstatement_joint_parties",
]


def grant(apps, schema_editor):
    create_permissions(global_apps.get_app_config("statements"), apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    found = Permission.objects.filter(content_type__app_label="statements", content_type__model__in=RECORDS + HISTORY)
    editors = Group.objects.filter(name="editors").first()
    if editors is not None:
        editors.permissions.add(
            *found.filter(content_type__model__in=RECORDS, codename__regex=r"^(view|add|change)_")
        )
    administrators = Group.objects.filter(name="administrators").first()
    if administrators is not None:
        administrators.permissions.add(*found)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    found = Permission.objects.filter(content_type__app_label="statements", content_type__model__in=RECORDS + HISTORY)
    for group in apps.get_model("auth", "Group").objects.filter(name__in=["editors", "administrators"]):
        group.permissions.remove(*found)


class Migration(migrations.Migration):
    dependencies = [("statements", "0009_official_record")]

    operations = [migrations.RunPython(grant, revoke)]
