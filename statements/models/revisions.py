"""What a history record keeps besides a copy of the row: the nested rows a write changed.

django-simple-history copies a statement's or a delegate's own columns (and the many-to-many
links it is told to track), not the rows that hang from it: a statement's citations and mentions,
a delegate's positions and aliases. A write that changes those lists (statements/api/write_serializers.py)
sets `_history_nested_changes` on the object before saving it, and the history record written by
that save keeps them as {list name: {"old": [rows], "new": [rows]}}, each row a small dict of
plain values; statements/history.py shows them as changes like any field's.
"""

from django.db import models
from django.dispatch import receiver
from simple_history.signals import pre_create_historical_record


class NestedChangesHistory(models.Model):
    """The base of the historical models of objects with nested rows (`HistoricalRecords(bases=...)`)."""

    nested_changes = models.JSONField(
        null=True,
        blank=True,
        help_text="The nested rows this save changed: {list name: {old: [rows], new: [rows]}}; empty if none.",
    )

    class Meta:
        abstract = True


@receiver(pre_create_historical_record)
def keep_nested_changes(sender, instance, history_instance, **kwargs):
    # Only the record of the save that carries the change: the ones a many-to-many change writes
    # while the attribute is not set get none, so a change is never listed twice.
    if isinstance(history_instance, NestedChangesHistory):
        history_instance.nested_changes = getattr(instance, "_history_nested_changes", None)
