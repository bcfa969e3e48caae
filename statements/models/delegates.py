"""The people who speak, the other names they are known by, and the titles they hold for a party."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Now
from django.urls import reverse
from simple_history.models import HistoricalRecords

from statements.models.dated import DatedQuerySet
from statements.models.parties import Party
from statements.models.revisions import NestedChangesHistory


class Delegate(models.Model):
    """Anyone who speaks: envoys, UN officials, invited briefers."""

    full_name = models.CharField(max_length=200)
    sort_name = models.CharField(max_length=200, help_text="The name as it sorts: “Nebenzya, Vasily”.")
    updated = models.DateTimeField(auto_now=True, db_default=Now(), db_index=True)
    # Its positions and aliases as a write changed them: see models/revisions.py.
    history = HistoricalRecords(bases=[NestedChangesHistory])

    class Meta:
        ordering = ["sort_name", "id"]
        indexes = [models.Index(fields=["sort_name"], name="delegate_sort_name_idx")]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("delegate", args=[self.pk])


class Alias(models.Model):
    """Another name a delegate is known by."""

    class Kind(models.TextChoices):
        NAME_ORDER = "order", "Name-order variant"
        TRANSLITERATION = "transliteration", "Transliteration"
        SHORT = "short", "Short form"
        OTHER = "other", "Other"

    delegate = models.ForeignKey(Delegate, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.OTHER)

    class Meta:
        verbose_name_plural = "aliases"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["delegate", "name"], name="alias_unique_per_delegate")]
        # Name search matches aliases too.
        indexes = [models.Index(fields=["name"], name="alias_name_idx")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return self.delegate.get_absolute_url()


class Position(models.Model):
    """A title held by a delegate for a party, over a period; either date may be unknown."""

    delegate = models.ForeignKey(Delegate, on_delete=models.CASCADE, related_name="positions")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="positions", verbose_name="for")
    title = models.CharField(max_length=200)
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    objects = DatedQuerySet.as_manager()

    class Meta:
        ordering = ["delegate", F("start").asc(nulls_first=True), "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(end__gte=F("start")),
                name="position_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["party", "start"], name="position_party_start_idx")]

    def __str__(self):
        return f"{self.delegate}, {self.title} ({self.party})"

    def get_absolute_url(self):
        return self.delegate.get_absolute_url()

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": "A position cannot end before it starts."})
