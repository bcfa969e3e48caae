"""Source.fingerprint: the same article pasted without a URL is stored once (source_fingerprint_unique).

Existing sources without a URL get the fingerprint of their text. Where several already hold the
same text, the oldest gets it and the others keep none: they stay as they are, found and cited as
before, and an editor can merge them by hand. Nothing fails on them.
"""

import hashlib

from django.db import migrations, models

FIELD = models.CharField(
    blank=True,
    db_default="",
    default="",
    editable=False,
    help_text="SHA-256 of the text of an article imported without a URL, whatever its spacing.",
    max_length=64,
)
BATCH = 1000


def fingerprint_of(text):
    # A copy of Source.fingerprint_of as it is today: a migration must not change when the model does.
    return hashlib.sha256(" ".join(text.split()).encode("utf-8", "surrogatepass")).hexdigest()


def fingerprint_pasted_sources(apps, schema_editor):
    Source = apps.get_model("statements", "Source")
    pasted = Source.objects.filter(url="").exclude(text="").order_by("id")
    seen = set()
    last = 0
    # In batches by id, so that neither the texts nor an open cursor are held while writing.
    while batch := list(pasted.filter(id__gt=last).values_list("id", "text")[:BATCH]):
        last = batch[-1][0]
        changed = []
        for pk, text in batch:
            fingerprint = fingerprint_of(text)
            if fingerprint not in seen:
                seen.add(fingerprint)
                changed.append(Source(pk=pk, fingerprint=fingerprint))
        Source.objects.bulk_update(changed, ["fingerprint"])


class Migration(migrations.Migration):
    dependencies = [
        ("statements", "0012_history_nested_changes"),
    ]

    operations = [
        migrations.AddField(model_name="historicalsource", name="fingerprint", field=FIELD),
        migrations.AddField(model_name="source", name="fingerprint", field=FIELD),
        migrations.RunPython(fingerprint_pasted_sources, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="source",
            constraint=models.UniqueConstraint(
                condition=models.Q(("fingerprint", ""), _negated=True),
                fields=("fingerprint",),
                name="source_fingerprint_unique",
                violation_error_code="unique",
                violation_error_message="Another source already has this text.",
            ),
        ),
    ]
