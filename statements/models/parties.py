"""Who speaks and is spoken about: states and organisations in one table, and states' council seats."""

from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import F, Q
from django.db.models.functions import Now
from django.urls import reverse

from statements.models.dated import DatedQuerySet


class UNStatus(models.TextChoices):
    MEMBER = "member", "Member state"
    OBSERVER = "observer", "Observer state"
    OTHER = "other", "Other entity"
    NONE = "none", "Not represented"


def _code_variants(codes):
    """The codes to look for: (states' upper-case codes, organisations' slugs as given and lower-case)."""
    codes = [code.strip() for code in codes if code.strip()]
    return [code.upper() for code in codes], list(dict.fromkeys([*codes, *(code.lower() for code in codes)]))


# How many joint statements of a party `by_codes_with_joint` reads: fewer are listed, and a filter
# tests them by id (`StatementQuerySet.spoken_for`); that many or more, with an EXISTS on the joint table.
JOINT_IDS_READ = 201


class PartyQuerySet(models.QuerySet):
    def by_codes(self, codes):
        """Parties whose public code is one of `codes` (case-insensitive ISO alpha-3 or slug)."""
        states, organisations = _code_variants(codes)
        # A three-letter slug ("who") must not be mistaken for an ISO code, so match by kind.
        return self.filter(
            Q(kind=Party.Kind.STATE, code__in=states) | Q(kind=Party.Kind.ORGANISATION, code__in=organisations)
        )

    def by_codes_with_joint(self, codes):
        """`by_codes`, each party with `joint_ids`: the ids of the joint statements it is among the
        further parties of, or None when there are too many to list (JOINT_IDS_READ or more).

        In SQL written here rather than compiled by the ORM: the API's country filter reads it on
        every request, and compiling the EXISTS took longer than running the query (issue 16).
        """
        states, organisations = _code_variants(codes)
        if not states:
            return []
        statement_model = self.model._meta.apps.get_model("statements", "Statement")
        joint = statement_model.joint_parties.through._meta
        q = connections[self.db].ops.quote_name
        columns = ", ".join(f"p.{q(field.column)}" for field in self.model._meta.concrete_fields)
        joint_ids = (
            f"SELECT j.{q(joint.get_field('statement').column)} AS i FROM {q(joint.db_table)} j"
            f" WHERE j.{q(joint.get_field('party').column)} = p.{q(self.model._meta.pk.column)}"
            f" ORDER BY 1 LIMIT {JOINT_IDS_READ}"
        )
        # The ids as one text, "" or NULL for none: the array functions differ between databases.
        if connections[self.db].vendor == "postgresql":
            joint_ids = f"array_to_string(ARRAY({joint_ids}), ',')"
        else:
            joint_ids = f"(SELECT group_concat(i) FROM ({joint_ids}))"
        sql = (
            f"SELECT {columns}, {joint_ids} AS joint_ids"
            f" FROM {q(self.model._meta.db_table)} p"
            f" WHERE (p.{q('kind')} = %s AND p.{q('code')} IN ({', '.join(['%s'] * len(states))}))"
            f" OR (p.{q('kind')} = %s AND p.{q('code')} IN ({', '.join(['%s'] * len(organisations))}))"
            f" ORDER BY p.{q('short_name')}, p.{q('name')}"
        )
        params = [Party.Kind.STATE.value, *states, Party.Kind.ORGANISATION.value, *organisations]
        parties = list(self.raw(sql, params))
        for party in parties:
            ids = [int(pk) for pk in (party.joint_ids or "").split(",") if pk]
            party.joint_ids = ids if len(ids) < JOINT_IDS_READ else None
        return parties


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
    updated = models.DateTimeField(auto_now=True, db_default=Now(), db_index=True)

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


class OrganisationManager(models.Manager.from_queryset(PartyQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(kind=Party.Kind.ORGANISATION)


class Organisation(Party):
    """An organisation a speaker can speak for: the UN Secretariat, the EU, a research group."""

    objects = OrganisationManager()

    class Meta:
        proxy = True
        ordering = ["short_name"]


class CouncilSeat(models.Model):
    """A country's membership of a body such as the Security Council, permanent or elected."""

    class Kind(models.TextChoices):
        PERMANENT = "permanent", "Permanent member"
        ELECTED = "elected", "Elected member"

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="seats")
    body = models.ForeignKey("statements.Body", on_delete=models.CASCADE, related_name="seats")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    start = models.DateField(null=True, blank=True, help_text="Empty when not known.")
    end = models.DateField(null=True, blank=True, help_text="Empty while the seat is held, or when not known.")
    updated = models.DateTimeField(auto_now=True, db_default=Now(), db_index=True)

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
