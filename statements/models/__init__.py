"""The domain: who said what, where, when, on whose behalf, about whom, according to which source.

A speaker always speaks for a *party*: a state (a row of the ISO 3166 list) or an organisation
(the UN Secretariat, the EU, a research group). Both live in one table so that statements,
positions, mentions, filters and pages treat them alike; `Country` and `Organisation` are
proxies that narrow it to one kind.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords


class UNStatus(models.TextChoices):
    MEMBER = "member", "Member state"
    OBSERVER = "observer", "Observer state"
    OTHER = "other", "Other entity"
    NONE = "none", "Not represented"


class PartyQuerySet(models.QuerySet):
    def by_codes(self, codes):
        """Parties whose public code is one of `codes` (case-insensitive ISO alpha-3 or slug)."""
        codes = [code.strip() for code in codes if code.strip()]
        # A three-letter slug ("who") must not be mistaken for an ISO code, so match by kind.
        return self.filter(
            Q(kind=Party.Kind.STATE, code__in=[code.upper() for code in codes])
            | Q(kind=Party.Kind.ORGANISATION, code__in=[*codes, *(code.lower() for code in codes)])
        )


class Party(models.Model):
    """A state or an organisation that a delegate speaks for, or that a statement mentions."""

    class Kind(models.TextChoices):
        STATE = "state", "State"
        ORGANISATION = "organisation", "Organisation"

    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.STATE)
    code = models.CharField(
        max_length=64,
        unique=True,
        help_text="ISO 3166-1 alpha-3 code for a state (RUS); a slug for an organisation (un-secretariat).",
    )
    iso2 = models.CharField("ISO alpha-2", max_length=2, blank=True, default="")
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=100, blank=True, default="")
    un_status = models.CharField("UN status", max_length=16, choices=UNStatus.choices, default=UNStatus.NONE)

    objects = PartyQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "parties"
        ordering = ["short_name", "name"]
        constraints = [
            # The code "unique" with one field makes full_clean() report the error on that field.
            models.UniqueConstraint(
                fields=["iso2"],
                condition=~Q(iso2=""),
                name="party_iso2_unique",
                violation_error_code="unique",
                violation_error_message="Another party already has this ISO alpha-2 code.",
            ),
            # A state is identified by its ISO codes; an organisation has none.
            models.CheckConstraint(
                condition=Q(kind="organisation", iso2="") | (Q(kind="state") & ~Q(iso2="")),
                name="party_codes_match_kind",
                violation_error_message="A state needs its ISO alpha-2 code; an organisation has none.",
            ),
        ]
        indexes = [models.Index(fields=["kind", "short_name"], name="party_kind_name_idx")]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        if self.kind == self.Kind.STATE:
            return reverse("country", args=[self.code])
        return reverse("organisation", args=[self.code])

    @property
    def display_name(self):
        return self.short_name or self.name

    @property
    def is_state(self):
        return self.kind == self.Kind.STATE


class CountryManager(models.Manager.from_queryset(PartyQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(kind=Party.Kind.STATE)


class Country(Party):
    """A state from the ISO 3166 list, with its UN status."""

    objects = CountryManager()

    class Meta:
        proxy = True
        verbose_name_plural = "countries"
        ordering = ["short_name"]

    @property
    def iso3(self):
        return self.code


class OrganisationManager(models.Manager.from_queryset(PartyQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(kind=Party.Kind.ORGANISATION)


class Organisation(Party):
    """An organisation a speaker can speak for: the UN Secretariat, the EU, a research group."""

    objects = OrganisationManager()

    class Meta:
        proxy = True
        ordering = ["short_name"]


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


class DatedQuerySet(models.QuerySet):
    """Rows that hold between `start` and `end`; an empty date means "not known to end/start"."""

    def on_date(self, date):
        return self.filter(Q(start__isnull=True) | Q(start__lte=date), Q(end__isnull=True) | Q(end__gte=date))

    def current(self):
        return self.on_date(datetime.date.today())


class CouncilSeat(models.Model):
    """A country's membership of a body such as the Security Council, permanent or elected."""

    class Kind(models.TextChoices):
        PERMANENT = "permanent", "Permanent member"
        ELECTED = "elected", "Elected member"

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="seats")
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="seats")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    start = models.DateField(null=True, blank=True, help_text="Empty when not known.")
    end = models.DateField(null=True, blank=True, help_text="Empty while the seat is held, or when not known.")

    objects = DatedQuerySet.as_manager()

    class Meta:
        ordering = ["body", "start", "country"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(end__gte=F("start")),
                name="seat_ends_after_start",
            ),
        ]
        indexes = [
            # Who sat on a body on a date (meeting pages, council status of speakers).
            models.Index(fields=["body", "start", "end"], name="seat_body_dates_idx"),
        ]

    def __str__(self):
        start = self.start.year if self.start else "…"
        end = self.end.year if self.end else "…"
        return f"{self.country} on the {self.body} ({self.get_kind_display()}, {start}–{end})"

    def get_absolute_url(self):
        return self.country.get_absolute_url()

    def clean(self):
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": "A seat cannot end before it starts."})
        if self.country_id and self.body_id:
            overlapping = CouncilSeat.objects.filter(country_id=self.country_id, body_id=self.body_id).exclude(
                pk=self.pk
            )
            # Two ranges overlap when each starts before the other ends; an unknown start
            # reaches back indefinitely and an open end never ends.
            if self.start:
                overlapping = overlapping.filter(Q(end__isnull=True) | Q(end__gte=self.start))
            if self.end:
                overlapping = overlapping.filter(Q(start__isnull=True) | Q(start__lte=self.end))
            clash = overlapping.first()
            if clash:
                raise ValidationError(f"This seat overlaps another seat of the same country on this body: {clash}.")

    @property
    def has_veto(self):
        """On the Security Council the permanent members hold a veto."""
        return self.kind == self.Kind.PERMANENT


class Delegate(models.Model):
    """Anyone who speaks: envoys, UN officials, invited briefers."""

    full_name = models.CharField(max_length=200)
    sort_name = models.CharField(max_length=200, help_text="The name as it sorts: “Nebenzya, Vasily”.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["sort_name", "id"]
        indexes = [models.Index(fields=["sort_name"], name="delegate_sort_name_idx")]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("delegate", args=[self.pk])

    def position_on(self, date):
        """The position held on `date`, from positions already prefetched when there are any."""
        for position in self.positions.all():
            if (position.start is None or position.start <= date) and (position.end is None or position.end >= date):
                return position
        return None


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


class Topic(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("topic", args=[self.slug])


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


class Source(models.Model):
    """Where statements are reported."""

    class Kind(models.TextChoices):
        NEWS = "news", "News report"
        PRESS_RELEASE = "press-release", "UN press release"
        VERBATIM = "verbatim", "Verbatim record"
        TRANSCRIPT = "transcript", "Official transcript"
        SOCIAL = "social", "Social media post"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    title = models.CharField(max_length=300, blank=True, default="")
    publisher = models.CharField(max_length=200, blank=True, default="")
    url = models.URLField("URL", max_length=500, blank=True, default="")
    published_on = models.DateField(null=True, blank=True)
    retrieved_on = models.DateField(null=True, blank=True)
    text = models.TextField(blank=True, default="", help_text="The full text, when we hold it.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["url"],
                condition=~Q(url=""),
                name="source_url_unique",
                violation_error_code="unique",
                violation_error_message="Another source already has this URL.",
            )
        ]
        indexes = [models.Index(fields=["kind"], name="source_kind_idx")]

    def __str__(self):
        label = self.title or self.url or f"Source {self.pk}"
        return f"{label} ({self.publisher})" if self.publisher else label

    def get_absolute_url(self):
        return reverse("source", args=[self.pk])


def attribution(speaker_name, party_name, fallback="Unknown speaker"):
    """The speaker with the party in brackets, else either alone, else `fallback`.

    Takes plain values so that rows read with `values_list()` are labelled like model instances.
    """
    if speaker_name and party_name:
        return f"{speaker_name} ({party_name})"
    return speaker_name or party_name or fallback


class Statement(models.Model):
    class Kind(models.TextChoices):
        DIRECT = "direct", "Direct quote"
        PARAPHRASE = "paraphrase", "Paraphrase"

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
    sequence = models.PositiveIntegerField(null=True, blank=True, help_text="Order within the meeting.")
    sources = models.ManyToManyField(Source, through="Citation", related_name="statements")
    topics = models.ManyToManyField(Topic, blank=True, related_name="statements")
    reply_to = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replies", verbose_name="in reply to"
    )
    mentioned = models.ManyToManyField(Party, through="Mention", related_name="mentioned_in")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[topics])

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
            models.Index(fields=["-date", "-id"], name="statement_date_idx"),
            # A country's or a speaker's statements, newest first.
            models.Index(fields=["party", "-date", "-id"], name="statement_party_date_idx"),
            models.Index(fields=["speaker", "-date", "-id"], name="statement_speaker_date_idx"),
            # A meeting's statements in order.
            models.Index(fields=["meeting", "sequence", "id"], name="statement_meeting_order_idx"),
            models.Index(fields=["kind"], name="statement_kind_idx"),
            models.Index(fields=["language"], name="statement_language_idx"),
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
    def attribution(self):
        """Who said it, as every page, feed and citation writes it: "Speaker (Party)".

        Reads the speaker and the party: join them (`select_related`) when listing statements.
        """
        return attribution(
            self.speaker.full_name if self.speaker_id else None,
            self.party.display_name if self.party_id else None,
        )


class Citation(models.Model):
    """A statement as one source reports it, with the excerpt's offsets in the source text when known."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    start = models.PositiveIntegerField(null=True, blank=True, help_text="Character offset in the source text.")
    end = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["statement", "id"]
        constraints = [
            models.UniqueConstraint(fields=["statement", "source"], name="citation_unique"),
            models.CheckConstraint(
                # Both NOT NULL tests are needed: a comparison with NULL is unknown, which a CHECK lets pass.
                condition=(
                    Q(start__isnull=True, end__isnull=True)
                    | Q(start__isnull=False, end__isnull=False, end__gte=F("start"))
                ),
                name="citation_offsets_ordered",
                violation_error_message="Give both offsets of the excerpt, the end not before the start, or neither.",
            ),
        ]

    def __str__(self):
        return f"{self.source} for statement {self.statement_id}"

    def get_absolute_url(self):
        return self.statement.get_absolute_url()

    def clean(self):
        if (self.start is None) != (self.end is None):
            missing = "start" if self.start is None else "end"
            raise ValidationError({missing: "Give both offsets of the excerpt, or neither."})
        if self.start is None:
            return
        if self.end < self.start:
            raise ValidationError({"end": "The excerpt cannot end before it starts."})
        if self.source_id and self.end > len(self.source.text):
            raise ValidationError(
                {
                    "end": f"The offsets {self.start}–{self.end} fall outside the source text "
                    f"({len(self.source.text)} characters)."
                }
            )

    @property
    def excerpt(self):
        if self.start is None or not self.source.text:
            return ""
        return self.source.text[self.start : self.end]


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
        indexes = [models.Index(fields=["party", "relation"], name="mention_party_relation_idx")]

    def __str__(self):
        return f"{self.statement_id} {self.get_relation_display()} {self.party}"

    def get_absolute_url(self):
        return self.statement.get_absolute_url()
