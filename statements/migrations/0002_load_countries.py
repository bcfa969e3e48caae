"""Load the ISO 3166 countries, so that every database has them from the start."""

from django.db import migrations

from statements.countries import sync_countries


def load(apps, schema_editor):
    sync_countries(apps.get_model("statements", "Party"))


class Migration(migrations.Migration):
    dependencies = [("statements", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
