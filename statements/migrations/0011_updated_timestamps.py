"""`updated` on every model an API list shows, for `?updated_since=`.

Existing rows get the time this migration runs (the column's database default, now()), not the
time they last changed, which nobody recorded: the first `updated_since` after the migration
returns them all. The database default also fills the column for rows written with SQL or COPY
(`generate_data`), which leave it out; the ORM sets it on every save (`auto_now`).
"""

import django.db.models.functions.datetime
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("statements", "0010_official_record_roles"),
    ]

    operations = [
        migrations.AddField(
            model_name="ballot",
            name="updated",
            field=models.DateTimeField(
                auto_now=True, db_default=django.db.models.functions.datetime.Now(), db_index=True
            ),
        ),
        migrations.AddField(
            model_name="historicalballot",
            name="updated",
            field=models.DateTimeField(
                blank=True, db_default=django.db.models.functions.datetime.Now(), db_index=True, editable=False
            ),
        ),
        migrations.AddField(
            model_name="body",
            name="updated",
            field=models.DateTimeField(
                auto_now=True, db_default=django.db.models.functions.datetime.Now(), db_index=True
            ),
        ),
        migrations.AddField(
            model_name="councilseat",
            name="updated",
            field=models.DateTimeField(
                auto_now=True, db_default=django.db.models.functions.datetime.Now(), db_index=True
            ),
        ),
        migrations.AddField(
            model_name="delegate",
            name="updated",
            field=models.DateTimeField(
                auto_now=True, db_default=django.db.models.functions.datetime.Now(), db_index=True
            ),
        ),
        migrations.AddField(
            model_name="draft",
            name="updated",
            field=models.DateTimeField(
                auto_now=True, db_default=django.db.models.functions.datetime.Now(), db_index=True
            ),
        ),
        migrations.AddField(
            model_name="historicaldelegate",
            name="updated",
            field=models.DateTimeField(
                blank=True, db_default=django.db.models.functions.datetime.Now(), db_index=True, editable=False
            ),
        ),
        migrations.AddField(
            model_name="historicaldraft",
            name="updated",
            field=models.DateTimeField(
                blank=True, db_default=django.db.models.functions.datetime.Now(), db_index=True, editable=False
            ),
        ),
        migrations.AddField(
            model_name="historicalmeeting",
            name="updated",
            field=models.DateTimeField(
                blank=True, db_default=django.db.models.functions.datetime.Now(), db_index=True, editable=False
            ),
        ),
        migrations.AddField(
            model_name="historicalsource",
            name="updated",
            field=models.DateTimeField(
                blank=True, db_default=django.db.models.functions.datetime.Now(), db_index=True, editable=False
            ),
        ),
        migrations.AddField(
            model_name="historicalvote",
            name="updated",
            field=models.DateTimeField(
                blank=True, db_default=django.db.models.functions.datetime.Now(), db_index=True, editable=False
            ),
        ),
        migrations.AddField(
            model_name="meeting",
            name="updated",
            field=models.DateTimeField(
                auto_now=True, db_default=django.db.models.functions.datetime.Now(), db_index=True
            ),
        ),
        migrations.AddField(
            model_name="party",
            name="updated",
            field=models.DateTimeField(
                auto_now=True, db_default=django.db.models.functions.datetime.Now(), db_index=True
            ),
        ),
        migrations.AddField(
            model_name="source",
            name="updated",
            field=models.DateTimeField(
                auto_now=True, db_default=django.db.models.functions.datetime.Now(), db_index=True
            ),
        ),
        migrations.AddField(
            model_name="topic",
            name="updated",
            field=models.DateTimeField(
                auto_now=True, db_default=django.db.models.functions.datetime.Now(), db_index=True
            ),
        ),
        migrations.AddField(
            model_name="vote",
            name="updated",
            field=models.DateTimeField(
                auto_now=True, db_default=django.db.models.functions.datetime.Now(), db_index=True
            ),
        ),
    ]
