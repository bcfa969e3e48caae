"""What was said: statements, the topics they are about and the parties they speak about."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Now
from django.urls import reverse
from simple_history.models import HistoricalRecords

from statements.models.delegates import Delegate
from statements.models.meetings import Meeting, Role
from statements.models.parties import Party
from statements.models.revisions import NestedChangesHistory
from statements.models.sources import Source


class Topic(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    updated = models.DateTimeField(auto_now=True, db_default=Now(), db_index=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("topic", args=[self.slug])


def attribution(speaker_name, party_name, fallback="Unknown speaker"):
    """The speaker with the party in brackets, else either alone, else `fallback`.

    Takes plain values so that rows read with `values_list()` are labelled like model instances.
    """
    if speaker_name and party_name:
        return f"{speaker_name} ({party_name})"
    return speaker_name or party_name or fallback


class StatementQuerySet(models.QuerySet):
    def spoken_for(self, parties, *, jointly=None):
        """Statements made on behalf of any of `parties`, alone or jointly with others.

        Joint statements are few: the EXISTS on their table is added only when one of the parties
        made one (`jointly`; one indexed query finds out when it is not given), so that the others
        keep the plain `party IN (…)` and its index scan in date order. `jointly` may also be the
        ids of all those joint statements, when the caller read them: tested as `id IN (…)`, which
        the ORM compiles in a fraction of the EXISTS's time and PostgreSQL checks on the date
        index's entries (issue 16).
        """
        parties = list(parties)
        joint = Statement.joint_parties.through.objects.filter(party__in=parties)
        if jointly is None:
            jointly = joint.exists()
        if not jointly:
            return self.filter(party__in=parties)
        if jointly is not True:
            return self.filter(Q(party__in=parties) | Q(pk__in=jointly))
        return self.filter(Q(party__in=parties) | Exists(joint.filter(statement_id=OuterRef("pk"))))


class Statement(models.Model):
    class Kind(models.TextChoices):
        DIRECT = "direct", "Direct quote"
        PARAPHRASE = "paraphrase", "Paraphrase"
        SPEECH = "speech", "Speech (official record)"

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="statements",
        help_text="Empty for remarks made outside a meeting, e.g. to the press.",
    )
    date = models.DateField()
    speaker = models.ForeignKey(
        Delegate, on_delete=models.PROTECT, null=True, blank=True, related_name="statements",
        help_text="Empty when the source names only a government.",
    )
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, null=True, blank=True, related_name="statements", verbose_name="on behalf of"
    )
    speaker_title = models.CharField(max_length=200, blank=True, default="", help_text="As the source gives it.")
    text = models.TextField()
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.DIRECT)
    language = models.CharField(max_length=8, default="en", help_text="BCP 47 code of the text, e.g. en, fr.")
    # db_default too: bulk loads (COPY) that name only the older columns leave these empty.
    spoken_language = models.CharField(
        max_length=8, blank=True, default="", db_default="",
        help_text="ISO 639-1 code of the language the speaker used, when a record gives it; "
        "when it is not the text's language, the text is an interpretation.",
    )
    label = models.CharField(
        max_length=300, blank=True, default="", db_default="", help_text="The speaker's label as the record prints it."
    )
    role = models.CharField(
        max_length=16, choices=Role.choices, blank=True, default="", db_default="",
        help_text="The speaker's part in the meeting.",
    )
    joint_parties = models.ManyToManyField(
        Party, blank=True, related_name="joint_statements", verbose_name="jointly with",
        help_text="Further parties on whose behalf this one statement was made.",
    )
    sequence = models.PositiveIntegerField(null=True, blank=True, help_text="Order within the meeting.")
    sources = models.ManyToManyField(Source, through="Citation", related_name="statements")
    topics = models.ManyToManyField(Topic, blank=True, related_name="statements")
    reply_to = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replies", verbose_name="in reply to"
    )
    mentioned = models.ManyToManyField(Party, through="Mention", related_name="mentioned_in")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    # Its citations and mentions as a write changed them: see models/revisions.py.
    history = HistoricalRecords(m2m_fields=[topics, joint_parties], bases=[NestedChangesHistory])

    objects = StatementQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "meeting_id", "sequence", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="paraphrase") | ~Q(text=""), name="statement_direct_quote_not_empty"
            ),
            models.CheckConstraint(condition=~Q(reply_to=F("id")), name="statement_not_reply_to_itself"),
            models.UniqueConstraint(
                fields=["meeting", "sequence"],
                condition=Q(sequence__isnull=False),
                name="statement_sequence_unique",
                violation_error_message="Another statement of this meeting already has this sequence number.",
            ),
        ]
        indexes = [
            # Newest first. With the party in its entries, a filter on parties that also tests the
            # joint statements (`spoken_for`) walks this index alone, without reading the table
            # for each statement it skips: 3.4 to 0.2 ms for Russia's first page (issue 16).
            models.Index(fields=["-date", "-id"], include=["party"], name="statement_date_idx"),
            # A country's or a speaker's statements, newest first.
            models.Index(fields=["party", "-date", "-id"], name="statement_party_date_idx"),
            models.Index(fields=["speaker", "-date", "-id"], name="statement_speaker_date_idx"),
            # A meeting's statements in order.
            models.Index(fields=["meeting", "sequence", "id"], name="statement_meeting_order_idx"),
            models.Index(fields=["kind"], name="statement_kind_idx"),
            models.Index(fields=["language"], name="statement_language_idx"),
            # The API's role and spoken_language filters.
            models.Index(fields=["role"], name="statement_role_idx"),
            models.Index(fields=["spoken_language"], name="statement_spoken_language_idx"),
            # The party of a statement reached from another table (who treats a country how):
            # read from this small index instead of the table's pages, 100 to 31 ms for those
            # treating Russia at 1,000,000 statements (issue 16).
            models.Index(fields=["id"], include=["party"], name="statement_party_of_id_idx"),
        ]

    def __str__(self):
        text = self.text if len(self.text) <= 60 else self.text[:57] + "…"
        return f"{self.attribution}: “{text}”"

    def get_absolute_url(self):
        return reverse("statement", args=[self.pk])

    def clean(self):
        errors = {}
        if self.kind == self.Kind.DIRECT and not self.text.strip():
            errors["text"] = "A direct quote cannot be empty."
        if self.reply_to_id:
            if self.pk and self.reply_to_id == self.pk:
                errors["reply_to"] = "A statement cannot reply to itself."
            elif self.date and self.reply_to.date > self.date:
                errors["reply_to"] = (
                    "A statement cannot reply to a later statement "
                    f"(that one is dated {self.reply_to.date.isoformat()})."
                )
        if errors:
            raise ValidationError(errors)

    @property
    def is_direct(self):
        return self.kind == self.Kind.DIRECT

    @property
    def is_interpretation(self):
        """True when the text is an interpretation of words spoken in another language."""
        return bool(self.spoken_language) and self.spoken_language != self.language.split("-")[0]

    @property
    def attribution(self):
        """Who said it, as every page, feed and citation writes it: "Speaker (Party)".

        Reads the speaker and the party: join them (`select_related`) when listing statements.
        """
        return attribution(
            self.speaker.full_name if self.speaker_id else None,
            self.party.display_name if self.party_id else None,
        )


class Mention(models.Model):
    """A party a statement speaks about, and how it treats it: who accuses whom."""

    class Relation(models.TextChoices):
        ACCUSES = "accuses", "accuses"
        CRITICISES = "criticises", "criticises"
        REJECTS = "rejects", "rejects the claims of"
        CALLS_ON = "calls-on", "calls on"
        DEFENDS = "defends", "defends"
        SUPPORTS = "supports", "supports"
        MENTIONS = "mentions", "mentions"

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="mentions")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="mentions")
    relation = models.CharField(max_length=16, choices=Relation.choices, default=Relation.MENTIONS)

    class Meta:
        ordering = ["statement", "id"]
        constraints = [
            models.UniqueConstraint(fields=["statement", "party", "relation"], name="mention_unique"),
        ]
        # Statements that treat a country some way, for country pages and the relations network.
        # With the statement in its entries, counting them reads this index alone: a country's
        # distinct statements about it at 1,000,000 statements in 7 ms against 43, by relation
        # in 4 against 18 (issue 16).
        indexes = [models.Index(fields=["party", "relation", "statement"], name="mention_party_relation_idx")]

    def __str__(self):
        return f"{self.statement_id} {self.get_relation_display()} {self.party}"

    def get_absolute_url(self):
        return self.statement.get_absolute_url()


class RecordCheck(models.Model):
    """A statement from another source (a news quote) checked against the speech in the official record."""

    class Result(models.TextChoices):
        MATCHES = "matches", "Matches the record"
        DIFFERS = "differs", "Wording differs"
        NOT_FOUND = "not-found", "Not found in the record"

    statement = models.OneToOneField(Statement, on_delete=models.CASCADE, related_name="record_check")
    speech = models.ForeignKey(
        Statement, on_delete=models.SET_NULL, null=True, blank=True, related_name="checked_quotes",
        help_text="The speech in the record the passage comes from.",
    )
    result = models.CharField(max_length=16, choices=Result.choices)
    score = models.FloatField(default=0, help_text="Share of the quote's words found in the passage, 0 to 1.")
    start = models.PositiveIntegerField(null=True, blank=True, help_text="Offset of the passage in the speech's text.")
    end = models.PositiveIntegerField(null=True, blank=True)
    checked = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["statement"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(start__isnull=True, end__isnull=True)
                    | Q(start__isnull=False, end__isnull=False, end__gte=F("start"))
                ),
                name="record_check_offsets_ordered",
            ),
            models.CheckConstraint(
                condition=Q(result="not-found") | Q(speech__isnull=False), name="record_check_found_has_speech"
            ),
        ]
        indexes = [models.Index(fields=["result"], name="record_check_result_idx")]

    def __str__(self):
        return f"Statement {self.statement_id}: {self.get_result_display()}"

    def get_absolute_url(self):
        return self.statement.get_absolute_url()

    @property
    def passage(self):
        """The record's wording of the quote. Reads the speech: join it when listing."""
        if self.speech_id is None or self.start is None:
            return ""
        return self.speech.text[self.start : self.end]
