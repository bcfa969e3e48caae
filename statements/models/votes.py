"""Draft resolutions, the votes on them and each member's ballot."""

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Now
from django.urls import reverse
from simple_history.models import HistoricalRecords

from statements.models.meetings import Meeting
from statements.models.parties import CouncilSeat, Party
from statements.models.sources import Source


class Draft(models.Model):
    """A draft resolution put before a body, named by its document symbol."""

    symbol = models.CharField(max_length=50, unique=True, help_text="e.g. S/2024/255")
    subject = models.CharField(max_length=300, blank=True, default="", help_text="As the record gives it.")
    sponsors = models.ManyToManyField(
        Party, blank=True, related_name="sponsored_drafts", help_text="Only when a record or release names them."
    )
    updated = models.DateTimeField(auto_now=True, db_default=Now(), db_index=True)
    history = HistoricalRecords(m2m_fields=[sponsors])

    class Meta:
        ordering = ["-symbol"]

    def __str__(self):
        return self.symbol

    def get_absolute_url(self):
        return reverse("draft", args=[self.symbol])


class VoteQuerySet(models.QuerySet):
    def vetoed(self):
        return self.filter(outcome=Vote.Outcome.VETOED)


class Vote(models.Model):
    """A vote taken at a meeting, on a draft or on a procedural question."""

    class Outcome(models.TextChoices):
        ADOPTED = "adopted", "Adopted"
        NOT_ADOPTED = "not-adopted", "Not adopted: too few votes in favour"
        VETOED = "vetoed", "Not adopted: negative vote of a permanent member"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="votes")
    draft = models.ForeignKey(
        Draft, on_delete=models.PROTECT, null=True, blank=True, related_name="votes",
        help_text="Empty for a procedural vote.",
    )
    sequence = models.PositiveIntegerField(default=1, help_text="Order among the meeting's votes.")
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True, default="")
    resolution = models.CharField(
        max_length=30, blank=True, default="", help_text="The resolution it became, e.g. 2730 (2024)."
    )
    outcome_sentence = models.TextField(blank=True, default="", help_text="As the record words it.")
    in_favour = models.PositiveSmallIntegerField(null=True, blank=True, help_text="The count, as announced.")
    against = models.PositiveSmallIntegerField(null=True, blank=True)
    abstaining = models.PositiveSmallIntegerField(null=True, blank=True)
    source = models.ForeignKey(Source, on_delete=models.SET_NULL, null=True, blank=True, related_name="votes")
    updated = models.DateTimeField(auto_now=True, db_default=Now(), db_index=True)
    history = HistoricalRecords()

    objects = VoteQuerySet.as_manager()

    class Meta:
        ordering = ["-meeting__date", "meeting_id", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "sequence"], name="vote_sequence_unique"),
            models.CheckConstraint(
                condition=Q(outcome="adopted") | Q(resolution=""), name="vote_resolution_only_when_adopted",
                violation_error_message="Only an adopted draft becomes a resolution.",
            ),
        ]
        indexes = [
            # Lists of vetoes and of a draft's votes.
            models.Index(fields=["outcome"], name="vote_outcome_idx"),
        ]

    def __str__(self):
        subject = self.draft.symbol if self.draft_id else "Procedural vote"
        return f"{subject} ({self.get_outcome_display() or 'outcome not recorded'})"

    def get_absolute_url(self):
        if self.draft_id:
            return self.draft.get_absolute_url()
        return self.meeting.get_absolute_url()


class BallotQuerySet(models.QuerySet):
    def vetoes(self):
        """Negative votes that defeated a draft, cast by a member holding a permanent seat on the day.

        One query, with the seat test as a correlated EXISTS.
        """
        permanent_seats = CouncilSeat.objects.on_date(OuterRef("vote__meeting__date")).filter(
            country=OuterRef("party"), body=OuterRef("vote__meeting__body"), kind=CouncilSeat.Kind.PERMANENT
        )
        return self.filter(choice=Ballot.Choice.AGAINST, vote__outcome=Vote.Outcome.VETOED).filter(
            Exists(permanent_seats)
        )


class Ballot(models.Model):
    """How one member voted."""

    class Choice(models.TextChoices):
        IN_FAVOUR = "in-favour", "In favour"
        AGAINST = "against", "Against"
        ABSTENTION = "abstention", "Abstention"
        DID_NOT_VOTE = "did-not-vote", "Did not vote"

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="ballots")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="ballots")
    choice = models.CharField(max_length=16, choices=Choice.choices)
    # Its own: the records import changes a ballot without saving its vote.
    updated = models.DateTimeField(auto_now=True, db_default=Now(), db_index=True)
    history = HistoricalRecords()

    objects = BallotQuerySet.as_manager()

    class Meta:
        ordering = ["vote", "party__short_name", "party__name"]
        constraints = [models.UniqueConstraint(fields=["vote", "party"], name="ballot_unique")]
        # A country's voting record (country pages, the votes API's country filter).
        indexes = [models.Index(fields=["party", "choice"], name="ballot_party_choice_idx")]

    def __str__(self):
        return f"{self.party}: {self.get_choice_display()} ({self.vote})"

    def get_absolute_url(self):
        return self.vote.get_absolute_url()
