"""The UN organs whose meetings we record, and the meetings."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from statements.models.delegates import Delegate
from statements.models.parties import Party


class Body(models.Model):
    """A UN organ whose meetings we record, such as the Security Council."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=50, blank=True, default="")
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        verbose_name_plural = "bodies"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("body", args=[self.slug])


class Meeting(models.Model):
    class Kind(models.TextChoices):
        BRIEFING = "briefing", "Open briefing"
        DEBATE = "debate", "Debate"
        OPEN_DEBATE = "open-debate", "Open debate"
        ADOPTION = "adoption", "Adoption"
        CONSULTATIONS = "consultations", "Closed consultations"
        ARRIA = "arria", "Arria-formula meeting"
        OTHER = "other", "Other"

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings")
    date = models.DateField()
    start_time = models.TimeField(null=True, blank=True)
    title = models.CharField(
        max_length=300, blank=True, default="", help_text="The official title; empty when unknown."
    )
    agenda_item = models.CharField(max_length=300, blank=True, default="")
    number = models.PositiveIntegerField("meeting number", null=True, blank=True)
    record_symbol = models.CharField(
        max_length=50, blank=True, default="", help_text="The UN verbatim record, e.g. S/PV.9669. Empty when unknown."
    )
    press_release = models.CharField(max_length=50, blank=True, default="", help_text="e.g. SC/15755")
    kind = models.CharField(
        max_length=16, choices=Kind.choices, blank=True, default="", help_text="Empty when the sources do not say."
    )
    requested_by = models.ManyToManyField(Party, blank=True, related_name="requested_meetings")
    briefers = models.ManyToManyField(Delegate, blank=True, related_name="briefed_meetings")
    place = models.CharField(max_length=200, blank=True, default="")
    summary = models.TextField(blank=True, default="", help_text="In our own words.")
    sources = models.ManyToManyField("Source", blank=True, related_name="meetings")
    history = HistoricalRecords(m2m_fields=[requested_by])

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["record_symbol"],
                condition=~Q(record_symbol=""),
                name="meeting_record_symbol_unique",
                violation_error_code="unique",
                violation_error_message="Another meeting already has this record symbol.",
            ),
        ]
        indexes = [
            models.Index(fields=["-date", "-id"], name="meeting_date_idx"),
            models.Index(fields=["body", "-date"], name="meeting_body_date_idx"),
            models.Index(fields=["kind"], name="meeting_kind_idx"),
            models.Index(fields=["press_release"], name="meeting_press_release_idx"),
        ]

    def __str__(self):
        return f"{self.display_title}, {self.date.day} {self.date:%B %Y}"

    def get_absolute_url(self):
        return reverse("meeting", args=[self.pk])

    @property
    def display_title(self):
        """The official title, or a plain description when no source gives one."""
        return self.title or f"{self.body.short_name or self.body.name} meeting"
