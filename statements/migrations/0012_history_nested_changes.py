"""The nested rows a write changed, on the history records of statements and delegates
(statements/models/revisions.py). Records written before have none: nothing was kept then."""

from django.db import migrations, models

FIELD = models.JSONField(
    blank=True,
    help_text="The nested rows this save changed: {list name: {old: [rows], new: [rows]}}; empty if none.",
    null=True,
)


class Migration(migrations.Migration):
    dependencies = [
        ("statements", "0011_updated_timestamps"),
    ]

    operations = [
        migrations.AddField(model_name="historicaldelegate", name="nested_changes", field=FIELD),
        migrations.AddField(model_name="historicalstatement", name="nested_changes", field=FIELD),
    ]
