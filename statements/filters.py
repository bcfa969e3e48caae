"""django-filter FilterSets for the API: what a researcher can narrow a list by.

Filters across many-valued relations (topics, mentions, positions, participants) select ids
through a subquery instead of joining, so a statement never appears twice and counts stay right.
Every filter has help text and an example (EXAMPLES), which the OpenAPI schema shows.
"""

import django_filters as filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django_filters.widgets import QueryArrayWidget
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from statements import ids, search
from statements.models import Alias, Body, Delegate, Meeting, Mention, Party, Position, Source, Statement, Topic


class PartyCodesField(forms.Field):
    """One or more party codes, repeated (`?country=RUS&country=CHN`) or comma-separated (`RUS,CHN`).

    Cleans to the list of Party rows, in one query; an unknown code is an error naming it.
    """

    widget = QueryArrayWidget

    def to_python(self, value):
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        codes = []
        for item in value:
            codes += [code.strip() for code in str(item).split(",") if code.strip()]
        if any("\x00" in code or len(code) > 64 for code in codes):
            raise forms.ValidationError("Not a country or organisation code.")
        return codes

    def validate(self, value):
        super().validate(value)

    def clean(self, value):
        codes = super().clean(value)
        if not codes:
            return []
        parties = list(Party.objects.by_codes(codes))
        known = {party.code.upper() for party in parties}
        unknown = [code for code in codes if code.upper() not in known]
        if unknown:
            raise forms.ValidationError(
                "Unknown country or organisation code: %(codes)s. Countries use ISO 3166 alpha-3 codes such as RUS.",
                params={"codes": ", ".join(unknown)},
            )
        return parties


@extend_schema_field(OpenApiTypes.STR)
class PartyCodesFilter(filters.Filter):
    field_class = PartyCodesField

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__in": value})


class SearchField(forms.CharField):
    def validate(self, value):
        super().validate(value)
        if value:
            try:
                search.parse_query(value)
            except ValueError as error:
                raise forms.ValidationError(str(error)) from None


@extend_schema_field(OpenApiTypes.STR)
class SlugFilter(filters.ModelChoiceFilter):
    """An object by its slug; an unknown slug is an error."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        super().__init__(*args, **kwargs)


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(filters.NumberFilter):
    """A row id: a whole number that fits the database."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", ids.MAX_ID)
        super().__init__(*args, **kwargs)


class IsoDateFilter(filters.DateFilter):
    """A date written YYYY-MM-DD only: 01/02/2024 means different days to different readers."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%d"])
        super().__init__(*args, **kwargs)


class StrictBooleanField(forms.NullBooleanField):
    """`true` or `false` (also `1`/`0`, any case). Django's field reads anything else as "not
    given", which would quietly drop the filter and answer with every row."""

    widget = forms.TextInput
    TRUE, FALSE = {"true", "1"}, {"false", "0"}

    def to_python(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            return value
        if str(value).lower() in self.TRUE:
            return True
        if str(value).lower() in self.FALSE:
            return False
        raise forms.ValidationError("Must be true or false.", code="invalid")


class StrictBooleanFilter(filters.BooleanFilter):
    field_class = StrictBooleanField


class SearchFilter(filters.CharFilter):
    """Validated here, applied by the view (which needs the search's count and order)."""

    field_class = SearchField

    def filter(self, qs, value):
        return qs


class StatementOrderingFilter(filters.OrderingFilter):
    """`date`, `-date`, `meeting_order` (meeting by meeting, in speaking order), `id`; ties by id."""

    orderings = {
        "date": ["date", "id"],
        "-date": ["-date", "-id"],
        "meeting_order": ["meeting__date", "meeting_id", "sequence", "id"],
        "-meeting_order": ["-meeting__date", "-meeting_id", "sequence", "id"],
        "id": ["id"],
        "-id": ["-id"],
    }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("fields", {"date": "date", "meeting_order": "meeting_order", "id": "id"})
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.order_by(*self.orderings[value[0]])


class StatementFilter(filters.FilterSet):
    q = SearchFilter(
        help_text=(
            'Full-text search in web-search syntax: words (all must match), "quoted phrases", `or`, '
            "`-word` to leave out. English stemming and relevance order on PostgreSQL."
        )
    )
    country = PartyCodesFilter(
        field_name="party",
        help_text="On whose behalf: ISO 3166 alpha-3 code (case-insensitive) or organisation slug; "
        "repeat the parameter or separate codes with commas.",
    )
    speaker = IdFilter(field_name="speaker_id", help_text="Delegate id of the speaker.")
    meeting = IdFilter(field_name="meeting_id", help_text="Meeting id.")
    body = SlugFilter(field_name="meeting__body", queryset=Body.objects.all(), help_text="Body slug.")
    topic = SlugFilter(queryset=Topic.objects.all(), method="filter_topic", help_text="Topic slug.")
    mentions = PartyCodesFilter(
        method="filter_mentions",
        help_text="Statements that mention these parties (codes as for `country`); with `relation`, "
        "only mentions of that kind.",
    )
    relation = filters.ChoiceFilter(
        choices=Mention.Relation.choices,
        method="filter_mentions",
        help_text="How the statement treats the mentioned party.",
    )
    kind = filters.ChoiceFilter(choices=Statement.Kind.choices, help_text="Direct quote or paraphrase.")
    language = filters.CharFilter(help_text="BCP 47 language code of the text.")
    date_from = IsoDateFilter(
        field_name="date", lookup_expr="gte", help_text="On or after this date (YYYY-MM-DD)."
    )
    date_to = IsoDateFilter(field_name="date", lookup_expr="lte", help_text="On or before this date (YYYY-MM-DD).")
    in_reply_to = IdFilter(field_name="reply_to_id", help_text="Id of the statement replied to.")
    has_replies = StrictBooleanFilter(method="filter_has_replies", help_text="Whether any statement replies to it.")
    ordering = StatementOrderingFilter(
        help_text="Order: `-date` (default; newest first), `date`, `meeting_order`, `-meeting_order`, `id`, `-id`. "
        "With `q` and no ordering, by relevance."
    )

    EXAMPLES = {
        "q": '"nuclear test" sanctions -humanitarian',
        "country": "RUS,CHN",
        "speaker": 12,
        "meeting": 3,
        "body": "security-council",
        "topic": "non-proliferation",
        "mentions": "USA",
        "relation": "accuses",
        "kind": "direct",
        "language": "en",
        "date_from": "2024-01-01",
        "date_to": "2024-12-31",
        "in_reply_to": 42,
        "has_replies": True,
        "ordering": "-date",
    }

    class Meta:
        model = Statement
        fields = []

    def filter_topic(self, queryset, name, value):
        return queryset.filter(pk__in=Statement.topics.through.objects.filter(topic=value).values("statement_id"))

    def filter_mentions(self, queryset, name, value):
        # `mentions` and `relation` apply together, to the same mention; the first to run does both.
        if getattr(self, "_mentions_applied", False) or not value:
            return queryset
        self._mentions_applied = True
        mentions = Mention.objects.all()
        parties = self.form.cleaned_data.get("mentions")
        relation = self.form.cleaned_data.get("relation")
        if parties:
            mentions = mentions.filter(party__in=parties)
        if relation:
            mentions = mentions.filter(relation=relation)
        return queryset.filter(pk__in=mentions.values("statement_id"))

    def filter_has_replies(self, queryset, name, value):
        replies = Exists(Statement.objects.filter(reply_to=OuterRef("pk")))
        return queryset.filter(replies) if value else queryset.exclude(replies)


class MeetingFilter(filters.FilterSet):
    body = SlugFilter(queryset=Body.objects.all(), help_text="Body slug.")
    date_from = IsoDateFilter(
        field_name="date", lookup_expr="gte", help_text="On or after this date (YYYY-MM-DD)."
    )
    date_to = IsoDateFilter(field_name="date", lookup_expr="lte", help_text="On or before this date (YYYY-MM-DD).")
    requested_by = PartyCodesFilter(
        method="filter_requested_by", help_text="Parties that requested the meeting (codes, comma-separated)."
    )
    participant = PartyCodesFilter(
        method="filter_participant", help_text="Parties on whose behalf someone spoke in the meeting."
    )
    topic = SlugFilter(
        queryset=Topic.objects.all(),
        method="filter_topic",
        help_text="Meetings with a statement on this topic (slug).",
    )
    symbol = filters.CharFilter(
        method="filter_symbol", help_text="Verbatim record symbol or press release number (case-insensitive)."
    )

    EXAMPLES = {
        "body": "security-council",
        "date_from": "2024-01-01",
        "date_to": "2024-12-31",
        "requested_by": "USA,FRA",
        "participant": "PRK",
        "topic": "non-proliferation",
        "symbol": "S/PV.9669",
    }

    class Meta:
        model = Meeting
        fields = []

    def filter_requested_by(self, queryset, name, value):
        through = Meeting.requested_by.through.objects.filter(party__in=value)
        return queryset.filter(pk__in=through.values("meeting_id"))

    def filter_participant(self, queryset, name, value):
        return queryset.filter(pk__in=Statement.objects.filter(party__in=value).values("meeting_id"))

    def filter_topic(self, queryset, name, value):
        on_topic = Statement.topics.through.objects.filter(topic=value).values("statement__meeting_id")
        return queryset.filter(pk__in=on_topic)

    def filter_symbol(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(record_symbol__iexact=value) | Q(press_release__iexact=value))


class DelegateFilter(filters.FilterSet):
    country = PartyCodesFilter(
        method="filter_country", help_text="Delegates who held a position for these parties, now or before."
    )
    q = filters.CharFilter(method="filter_name", help_text="Part of a name or of an alias, case-insensitive.")
    name = filters.CharFilter(method="filter_name", help_text="The same as `q`.")

    EXAMPLES = {"country": "RUS", "q": "nebenzia", "name": "Nebenzya"}

    class Meta:
        model = Delegate
        fields = []

    def filter_country(self, queryset, name, value):
        return queryset.filter(pk__in=Position.objects.filter(party__in=value).values("delegate_id"))

    def filter_name(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        by_alias = Alias.objects.filter(name__icontains=value).values("delegate_id")
        return queryset.filter(Q(full_name__icontains=value) | Q(sort_name__icontains=value) | Q(pk__in=by_alias))


class SourceFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=Source.Kind.choices, help_text="The kind of source.")
    publisher = filters.CharFilter(lookup_expr="icontains", help_text="Part of the publisher's name.")

    EXAMPLES = {"kind": "news", "publisher": "Reuters"}

    class Meta:
        model = Source
        fields = []


class PartyFilter(filters.FilterSet):
    un_status = filters.ChoiceFilter(
        choices=Party._meta.get_field("un_status").choices, help_text="Standing at the United Nations."
    )
    q = filters.CharFilter(method="filter_name", help_text="Part of the name or the code.")

    EXAMPLES = {"un_status": "member", "q": "korea"}

    class Meta:
        model = Party
        fields = []

    def filter_name(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(short_name__icontains=value) | Q(code__iexact=value))
