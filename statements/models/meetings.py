"""The UN organs whose meetings we record, and the meetings."""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.urls import reverse
from simple_history.models import HistoricalRecords

from statements.models.delegates import Delegate
from statements.models.parties import Party


class Body(models.Model):
    """A UN organ whose meetings we record, such as the Security Council."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=50, blank=True, default="")
    slug = models.SlugField(max_length=100, unique=True)
    updated = models.DateTimeField(auto_now=True, db_default=Now(), db_index=True)

    class Meta:
        verbose_name_plural = "bodies"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("body", args=[self.slug])


class Role(models.TextChoices):
    """The part someone takes at a meeting, as the record's front page and invitations give it."""

    PRESIDENT = "president", "President"
    MEMBER = "member", "Council member"
    INVITED = "invited", "Invited state (rule 37)"
    BRIEFER = "briefer", "Briefer (rule 39)"
    SECRETARIAT = "secretariat", "UN Secretariat"
    OBSERVER = "observer", "Observer"


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
    start_time = models.TimeField(null=True, blank=True, help_text="The time it was convened for.")
    called_to_order = models.TimeField(null=True, blank=True)
    adjourned = models.TimeField(null=True, blank=True)
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
    president = models.ForeignKey(
        Delegate, on_delete=models.SET_NULL, null=True, blank=True, related_name="presided_meetings"
    )
    presiding_party = models.ForeignKey(
        Party, on_delete=models.SET_NULL, null=True, blank=True, related_name="presided_meetings",
        help_text="The member holding the presidency.",
    )
    summary = models.TextField(blank=True, default="", help_text="In our own words.")
    sources = models.ManyToManyField("Source", blank=True, related_name="meetings")
    updated = models.DateTimeField(auto_now=True, db_default=Now(), db_index=True)
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


class Participant(models.Model):
    """Someone who took part in a meeting: a member and its representative, an invited state, a briefer."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    role = models.CharField(max_length=16, choices=Role.choices)
    party = models.ForeignKey(Party, on_delete=models.PROTECT, null=True, blank=True, related_name="participations")
    delegate = models.ForeignKey(
        Delegate, on_delete=models.SET_NULL, null=True, blank=True, related_name="participations"
    )
    name = models.CharField(max_length=200, blank=True, default="", help_text="As the record prints it.")
    title = models.CharField(max_length=300, blank=True, default="", help_text="A briefer's title, as printed.")
    sequence = models.PositiveIntegerField(default=0, help_text="Order on the record's list.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "sequence", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "role", "party"],
                condition=Q(party__isnull=False),
                name="participant_party_unique",
                violation_error_message="This party already takes part in this meeting in this role.",
            ),
            models.UniqueConstraint(
                fields=["meeting", "role", "name"],
                condition=Q(party__isnull=True),
                name="participant_name_unique",
                violation_error_message="This person already takes part in this meeting in this role.",
            ),
        ]
        # A country's meetings (country pages), by role.
        indexes = [models.Index(fields=["party", "role"], name="participant_party_role_idx")]

    def __str__(self):
        who = self.name or (self.delegate.full_name if self.delegate_id else "")
        party = self.party.display_name if self.party_id else ""
        label = f"{party}: {who}" if party and who else party or who
        return f"{label} ({self.get_role_display()})"

    def get_absolute_url(self):
        return self.meeting.get_absolute_url()
