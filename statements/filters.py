"""django-filter FilterSets for the API and the pages: what a researcher can narrow a list by.

Filters across many-valued relations (topics, mentions, positions, participants) select ids
through a subquery instead of joining, so a statement never appears twice and counts stay right.
Every filter of the API has help text and an example (EXAMPLES), which the OpenAPI schema shows.
The pages' FilterSets, at the end, are the API's with what only a page needs.
"""

import copy
import datetime

import django_filters as filters
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import Exists, OuterRef, Q
from django.http import QueryDict
from django_filters.widgets import QueryArrayWidget
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from statements import ids, memo
from statements.facets import known_data_version
from statements.models import (
    Alias,
    Ballot,
    Body,
    Citation,
    CouncilSeat,
    Delegate,
    Draft,
    Meeting,
    Mention,
    Party,
    Position,
    RecordCheck,
    Role,
    Source,
    Statement,
    Topic,
    Vote,
)
from statements.querylang.names import directory, party_choices
from statements.querylang.resolve import interpret

MAX_CODE_LENGTH = Party._meta.get_field("code").max_length


def _encodable(text):
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return True


class PartyCodesField(forms.Field):
    """One or more party codes, repeated (`?country=RUS&country=CHN`) or comma-separated (`RUS,CHN`).

    A state's code is its ISO 3166 alpha-3 code in any case, an organisation's its slug; a name,
    short name or demonym works too ("Russia", "North Korean": statements.querylang.names). Cleans
    to the list of Party rows, in one query for codes; a name that is no code costs the directory
    of names and one query more. Something that names no party, or several, is an error saying so.
    """

    widget = QueryArrayWidget
    default_error_messages = {
        "invalid": "Not a country or organisation code.",
        "unknown": "Unknown country or organisation code: %(codes)s. "
        "Give a name (Russia, North Korean) or an ISO 3166 alpha-3 code such as RUS.",
    }

    def split(self, value):
        """The codes one value holds."""
        return value.split(",")

    def to_python(self, value):
        if value in self.empty_values:
            return []
        codes = []
        for item in value if isinstance(value, list | tuple) else [value]:
            if not isinstance(item, str):
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            codes += [code.strip() for code in self.split(item) if code.strip()]
        # No code holds a NUL or a lone surrogate (JSON can carry both); looking one up would
        # fail in the database driver rather than find nothing.
        if any("\x00" in code or len(code) > MAX_CODE_LENGTH or not _encodable(code) for code in codes):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return codes

    def parties(self, codes):
        """The Party rows of `codes`, in one query."""
        return Party.objects.by_codes(codes)

    def clean(self, value):
        codes = super().clean(value)
        if not codes:
            return []
        parties = list(self.parties(codes))
        known = {party.code.upper() for party in parties}
        unknown = [code for code in codes if code.upper() not in known]
        if unknown:
            parties += self.named(unknown)
        return parties

    def named(self, texts):
        """The parties `texts` name ("Russia", "North Korean"): one query, after the directory of names.
        A text that names none, or several, is an error saying so."""
        codes, problems, nameless = [], [], []
        for text in texts:
            found, problem = party_choices(text)
            if found:
                codes.append(found[0].code)
            elif problem.startswith("No "):
                nameless.append(text)
            else:
                problems.append(problem)
        if nameless:
            problems.insert(0, self.error_messages["unknown"] % {"codes": ", ".join(nameless)})
        if problems:
            # What was typed goes in params: django-filter formats every message with `%`, so a
            # "%" in a filter's value would otherwise raise instead of being reported.
            raise forms.ValidationError("%(problems)s", code="unknown", params={"problems": " ".join(problems)})
        return list(self.parties(codes))


class SpeakingPartyCodesField(PartyCodesField):
    """Party codes, each Party cleaned with `joint_ids`: the joint statements it is among the
    further parties of (None when too many to list). Read in the same query as the parties
    themselves (a subquery per party on the joint table's party index;
    `PartyQuerySet.by_codes_with_joint`)."""

    def parties(self, codes):
        # Asked by every list with `country=`: kept in the worker under the data version (which
        # moves when a party is saved and when a statement's joint parties change) when the request
        # has read the version already (the API's lists and facets, for their counts), so that it
        # makes no query for them.
        version = known_data_version()
        if version is None:
            return Party.objects.by_codes_with_joint(codes)
        key = ("parties with joint ids", tuple(codes), version)
        parties = memo.worker_cache.get(key)
        if parties is None:
            parties = Party.objects.by_codes_with_joint(codes)
            memo.worker_cache.set(key, parties)
        return parties


class PartyCodeField(PartyCodesField):
    """One party code, as PartyCodesField reads each (commas are part of it). Cleans to the Party, or None."""

    widget = forms.TextInput

    def split(self, value):
        return [value]

    def to_python(self, value):
        if isinstance(value, list | tuple):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)

    def clean(self, value):
        parties = super().clean(value)
        return parties[0] if parties else None

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if not widget.is_hidden:
            attrs["maxlength"] = str(MAX_CODE_LENGTH)
        return attrs


@extend_schema_field(OpenApiTypes.STR)
class PartyCodesFilter(filters.Filter):
    field_class = PartyCodesField

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__in": value})


@extend_schema_field(OpenApiTypes.STR)
class SpeakingPartyCodesFilter(PartyCodesFilter):
    """Statements made on behalf of these parties, alone or jointly with others.

    Joint statements are rare: a country that never spoke jointly keeps the plan of a plain
    `party IN (…)`, an index scan in date order; one that did is tested by the ids of its joint
    statements (`joint_ids`, read with the parties), or by an EXISTS on the joint table when they
    are too many to list.
    """

    field_class = SpeakingPartyCodesField

    def filter(self, qs, value):
        if not value:
            return qs
        if any(party.joint_ids is None for party in value):
            # Too many to list: the EXISTS.
            return qs.spoken_for(value, jointly=True)
        return qs.spoken_for(value, jointly=sorted({pk for party in value for pk in party.joint_ids}))


class PartyCodeFilter(filters.Filter):
    """One party, by its code."""

    field_class = PartyCodeField


class SearchField(forms.CharField):
    """A search in the language of statements.querylang. A value that names nothing (`country:atlantis`)
    is an error when `strict` (the API); else only a search with nothing to look for is, and the
    page shows the other problems above the results."""

    def __init__(self, *, strict=True, **kwargs):
        self.strict = strict
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value:
            try:
                problems = interpret(value).problems
            except ValueError as error:
                raise forms.ValidationError("%(problem)s", params={"problem": str(error)}) from None
            if problems and self.strict:
                raise forms.ValidationError("%(problems)s", params={"problems": " ".join(problems)})


@extend_schema_field(OpenApiTypes.STR)
class SlugFilter(filters.ModelChoiceFilter):
    """An object by its slug; an unknown slug is an error naming it."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        name = kwargs["queryset"].model._meta.verbose_name
        kwargs.setdefault("error_messages", {"invalid_choice": f"No {name} is called “%(value)s”."})
        super().__init__(*args, **kwargs)


class IntegerFilter(filters.NumberFilter):
    """A whole number."""

    field_class = forms.IntegerField


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(IntegerFilter):
    """A row id: a whole number that fits the database."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", ids.MAX_ID)
        super().__init__(*args, **kwargs)


class RowField(forms.IntegerField):
    """A row of `queryset` by its id (a whole number that fits the database), fetched in one query.
    An id no row has is an error naming it."""

    default_error_messages = {"does_not_exist": "Nothing has the number %(value)s."}

    def __init__(self, *, queryset, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", ids.MAX_ID)
        super().__init__(**kwargs)
        self.queryset = queryset

    def clean(self, value):
        pk = super().clean(value)
        if pk is None:
            return None
        row = self.queryset.filter(pk=pk).first()
        if row is None:
            raise forms.ValidationError(
                self.error_messages["does_not_exist"], code="does_not_exist", params={"value": pk}
            )
        return row


class RowFilter(filters.Filter):
    """The rows related to one row, given by its id (RowField)."""

    field_class = RowField


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


class UpdatedSinceField(forms.Field):
    """An ISO 8601 date (`2024-06-28`, midnight UTC) or date and time (`2024-06-28T10:00:00Z`,
    `2024-06-28T12:00+02:00`; without an offset, UTC). Cleans to an aware datetime."""

    widget = forms.TextInput
    # %% because the message is formatted with its parameters; a + in a query string is a space.
    default_error_messages = {
        "invalid": "Give an ISO 8601 date (2024-06-28) or date and time (2024-06-28T10:00:00Z); "
        "in a URL, write the + of an offset as %%2B.",
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not isinstance(value, str):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            moment = datetime.datetime.fromisoformat(value.strip())
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=datetime.UTC)
        return moment


@extend_schema_field(OpenApiTypes.STR)
class UpdatedSinceFilter(filters.Filter):
    """Rows whose `updated` (or the field named) is at or after the moment given."""

    field_class = UpdatedSinceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("field_name", "updated")
        kwargs.setdefault("lookup_expr", "gte")
        super().__init__(*args, **kwargs)


class UpdatedSinceFilterSet(filters.FilterSet):
    """The base of every FilterSet of the API: `updated_since`, for fetching only what changed.

    A row's `updated` moves on every save through the ORM: the API's writes, the admin, the
    editor's pages and the imports. A statement is saved whenever its topics, mentions or
    citations are written (they are written with it), so those changes move it too. What a row
    only shows of another row (a party's name on a statement) moves the other row's `updated`.
    Deletions are not seen: compare ids.
    """

    updated_since = UpdatedSinceFilter(
        help_text="Only what was created or changed at or after this moment: an ISO 8601 date "
        "(midnight UTC) or date and time (UTC when no offset is given). Deleted rows do not appear."
    )

    EXAMPLES = {"updated_since": "2024-06-28T10:00:00Z"}

    # The form class of each FilterSet class, made once (see get_form_class).
    _form_classes = {}
    # Whether the form holds only the fields of the parameters the request gives (GivenFieldsForm).
    # The API's filter backend sets it; a page or the browsable API shows every field.
    only_given = False

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        # django-filter deep-copies every declared filter for each request, querysets and choice
        # lists included: ~1 ms of a 5 ms API request (issue 16). An instance only ever sets a
        # filter's attributes or its `extra` keywords (here, PageFilterMixin and django-filter
        # itself), so a copy of each filter with its own `extra` keeps instances apart as well.
        # Otherwise what django-filter's FilterSet.__init__ does.
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {}
        for name, declared in self.base_filters.items():
            self.filters[name] = filter_ = copy.copy(declared)
            filter_.extra = dict(declared.extra)
            if declared.method is not None:
                filter_.method = declared.method  # binds a FilterMethod to the copy, not the declared filter
            filter_.model = queryset.model
            filter_.parent = self

    def get_form_class(self):
        """django-filter's form class, made once per FilterSet class instead of once per request
        (each of its fields is built with a label derived from the model, ~1 ms a request).

        The fields come from what the class declares (PageFilterMixin's `page_fields` included), never
        from a request, so one form class serves every instance.
        """
        cls = type(self)
        form_class = self._form_classes.get(cls)
        if form_class is None:
            made = super().get_form_class()
            form_class = self._form_classes[cls] = type(made.__name__, (GivenFieldsForm, made), {})
        return form_class

    @property
    def form(self):
        if not hasattr(self, "_form"):
            Form = self.get_form_class()
            if not self.is_bound:
                self._form = Form(prefix=self.form_prefix)
            else:
                self._form = Form(self.data, prefix=self.form_prefix, only_given=self.only_given)
        return self._form


class GivenFieldsForm(forms.Form):
    """A filter form that can leave out the fields of the parameters a request does not give.

    Every field is deep-copied and cleaned for each form, and an API list request gives one or
    two of a FilterSet's twenty parameters: the other copies and checks were about 1 ms of the
    10 ms of CPU of a country's page (issue 16). Leaving them out filters the same rows, as an
    absent parameter cleans to an empty value, which no filter of this module applies
    (django-filter skips empty values too).
    """

    def __init__(self, data=None, *args, only_given=False, **kwargs):
        if only_given and data is not None:
            # add_prefix reads self.prefix, which BaseForm sets from this argument only later.
            if kwargs.get("prefix") is not None:
                self.prefix = kwargs["prefix"]
            # The instance's own base_fields, which BaseForm copies: the class's stay whole.
            self.base_fields = {
                name: field
                for name, field in self.base_fields.items()
                if not field.widget.value_omitted_from_data(data, {}, self.add_prefix(name))
            }
        super().__init__(data, *args, **kwargs)


class SearchFilter(filters.CharFilter):
    """Validated here, applied by the view (which needs the search's count and order)."""

    field_class = SearchField

    def filter(self, qs, value):
        return qs


class LanguageCodeFilter(filters.CharFilter):
    """An ISO 639 language code of two or three letters, in any case."""

    field_class = forms.RegexField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("regex", r"^[A-Za-z]{2,3}$")
        kwargs.setdefault("error_messages", {"invalid": "Give an ISO 639-1 language code such as ru."})
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return super().filter(qs, value.lower() if value else value)


class StatementOrderingFilter(filters.ChoiceFilter):
    """`date`, `-date`, `meeting_order` (meeting by meeting, in speaking order), `id`; ties by id.

    One value, not django-filter's comma-separated list: each ordering already breaks its ties,
    so a second field would never count, and a list that is read in part is a silent wrong answer.
    """

    orderings = {
        "date": ["date", "id"],
        "-date": ["-date", "-id"],
        "meeting_order": ["meeting__date", "meeting_id", "sequence", "id"],
        "-meeting_order": ["-meeting__date", "-meeting_id", "sequence", "id"],
        "id": ["id"],
        "-id": ["-id"],
    }
    labels = {
        "date": "oldest first",
        "-date": "newest first",
        "meeting_order": "oldest meeting first, each in speaking order",
        "-meeting_order": "newest meeting first, each in speaking order",
        "id": "lowest id first",
        "-id": "highest id first",
    }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", list(self.labels.items()))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.order_by(*self.orderings[value])


class StatementFilter(UpdatedSinceFilterSet):
    q = SearchFilter(
        help_text=(
            'A search. Words (all must match), "quoted phrases", `or` between alternatives, `-word` to leave '
            "a word out; English stemming and relevance order on PostgreSQL. A delegate's name (any alias or "
            "spelling, any order: `nebenzia`, `Song Kim`) also matches that delegate's statements, and a "
            "country's whole name (`Russia`, `North Korean`; codes in capitals: `RUS`) the statements made on "
            "its behalf or mentioning it. Fields narrow the search: `speaker:nebenzia`, `country:russia` (on "
            "whose behalf), `about:usa` (mentioning it), `accuses:russia` and likewise `criticises:`, `rejects:`, "
            "`calls-on:`, `defends:`, `supports:`, `mentions:`; `topic:sanctions`, `kind:quote` (`paraphrase`, "
            "`speech`), `date:2024-06` (a day, month or year), `from:2024-01-01 to:2024-06-30`. A value with "
            'spaces goes in quotes (`country:"north korea"`); commas give alternatives (`country:rus,chn`). '
            "A field or value that is not understood is a 400 naming it."
        )
    )
    country = SpeakingPartyCodesFilter(
        field_name="party",
        help_text="On whose behalf: ISO 3166 alpha-3 code (case-insensitive), organisation slug or a name "
        "(`Russia`, `North Korean`); "
        "repeat the parameter or separate codes with commas. Joint statements count for each of "
        "their parties (`joint_parties`).",
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
    kind = filters.ChoiceFilter(
        choices=Statement.Kind.choices,
        help_text="Direct quote or paraphrase from a source, or speech from the official record.",
    )
    language = filters.CharFilter(help_text="BCP 47 language code of the text.")
    spoken_language = LanguageCodeFilter(
        help_text="ISO 639-1 code of the language the speaker used, as the record gives it (`ru`); "
        "where it is not `language`, the text is an interpretation."
    )
    role = filters.ChoiceFilter(choices=Role.choices, help_text="The speaker's part in the meeting.")
    record_check = filters.ChoiceFilter(
        choices=[*RecordCheck.Result.choices, ("unchecked", "Not checked")],
        method="filter_record_check",
        help_text="Quotes checked against the official record: `matches`, `differs` (wording differs), "
        "`not-found`; `unchecked`: quotes and paraphrases not checked (speeches of the record are never checked).",
    )
    date_from = IsoDateFilter(field_name="date", lookup_expr="gte", help_text="On or after this date (YYYY-MM-DD).")
    date_to = IsoDateFilter(field_name="date", lookup_expr="lte", help_text="On or before this date (YYYY-MM-DD).")
    in_reply_to = IdFilter(field_name="reply_to_id", help_text="Id of the statement replied to.")
    has_replies = StrictBooleanFilter(method="filter_has_replies", help_text="Whether any statement replies to it.")
    ordering = StatementOrderingFilter(
        help_text="Order: `-date` (default; newest first), `date`, `meeting_order`, `-meeting_order`, `id`, `-id`. "
        "With `q` and no ordering, by relevance."
    )

    EXAMPLES = {
        "q": 'speaker:nebenzia "nuclear test" sanctions -humanitarian date:2024',
        "country": "RUS,CHN",
        "speaker": 12,
        "meeting": 3,
        "body": "security-council",
        "topic": "non-proliferation",
        "mentions": "USA",
        "relation": "accuses",
        "kind": "direct",
        "language": "en",
        "spoken_language": "ru",
        "role": "member",
        "record_check": "differs",
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

    def filter_record_check(self, queryset, name, value):
        if value == "unchecked":
            checked = RecordCheck.objects.values("statement_id")
            return queryset.exclude(kind=Statement.Kind.SPEECH).exclude(pk__in=checked)
        return queryset.filter(pk__in=RecordCheck.objects.filter(result=value).values("statement_id"))


def meetings_requested_by(parties):
    """The ids of the meetings that any of `parties` requested, as a subquery."""
    return Meeting.requested_by.through.objects.filter(party__in=parties).values("meeting_id")


def meetings_spoken_at(parties):
    """The ids of the meetings where someone spoke on behalf of any of `parties`, as a subquery."""
    return Statement.objects.filter(party__in=parties).values("meeting_id")


class MeetingFilter(UpdatedSinceFilterSet):
    body = SlugFilter(queryset=Body.objects.all(), help_text="Body slug.")
    date_from = IsoDateFilter(field_name="date", lookup_expr="gte", help_text="On or after this date (YYYY-MM-DD).")
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
        return queryset.filter(pk__in=meetings_requested_by(value))

    def filter_participant(self, queryset, name, value):
        return queryset.filter(pk__in=meetings_spoken_at(value))

    def filter_topic(self, queryset, name, value):
        on_topic = Statement.topics.through.objects.filter(topic=value).values("statement__meeting_id")
        return queryset.filter(pk__in=on_topic)

    def filter_symbol(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(record_symbol__iexact=value) | Q(press_release__iexact=value))


class DelegateFilter(UpdatedSinceFilterSet):
    country = PartyCodesFilter(
        method="filter_country", help_text="Delegates who held a position for these parties, now or before."
    )
    q = filters.CharFilter(
        method="filter_name",
        help_text="Part of a name or of an alias, case-insensitive; or a name in another spelling (Nebenzia, "
        "Nebenzya) or order (Song Kim, Kim Song), accents ignored.",
    )
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
        # And by the search's name matching: another spelling (Nebenzia), the names in another order.
        by_name = [match.row.id for match in directory().find_people(value)]
        return queryset.filter(
            Q(full_name__icontains=value) | Q(sort_name__icontains=value) | Q(pk__in=by_alias) | Q(pk__in=by_name)
        )


class SourceFilter(UpdatedSinceFilterSet):
    kind = filters.ChoiceFilter(choices=Source.Kind.choices, help_text="The kind of source.")
    publisher = filters.CharFilter(lookup_expr="icontains", help_text="Part of the publisher's name.")

    EXAMPLES = {"kind": "news", "publisher": "Reuters"}

    class Meta:
        model = Source
        fields = []


class PartyFilter(UpdatedSinceFilterSet):
    un_status = filters.ChoiceFilter(
        choices=Party._meta.get_field("un_status").choices, help_text="Standing at the United Nations."
    )
    q = filters.CharFilter(
        method="filter_name",
        help_text="Part of the name, the code, or a name news copy uses: a demonym (North Korean) or a "
        "common name (Britain).",
    )

    EXAMPLES = {"un_status": "member", "q": "korea"}

    class Meta:
        model = Party
        fields = []

    def filter_name(self, queryset, name, value):
        value = value.strip()
        # And by the search's name matching: demonyms and news names ("North Korean", "Britain").
        by_name = [match.row.id for match in directory().find_parties(value)]
        return queryset.filter(
            Q(name__icontains=value) | Q(short_name__icontains=value) | Q(code__iexact=value) | Q(pk__in=by_name)
        )


class DraftField(forms.CharField):
    """A draft resolution by its symbol (`S/2024/255`, any case); cleans to the Draft, in one query.
    A symbol no draft has is an error naming it."""

    default_error_messages = {"unknown": "No draft has the symbol %(value)s."}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", Draft._meta.get_field("symbol").max_length)
        super().__init__(**kwargs)

    def clean(self, value):
        symbol = super().clean(value)
        if not symbol:
            return None
        if "\x00" in symbol or not _encodable(symbol):
            raise forms.ValidationError("Not a document symbol.", code="invalid")
        draft = Draft.objects.filter(symbol__iexact=symbol).order_by("id").first()
        if draft is None:
            raise forms.ValidationError(self.error_messages["unknown"], code="unknown", params={"value": symbol})
        return draft


@extend_schema_field(OpenApiTypes.STR)
class DraftChoiceFilter(filters.Filter):
    field_class = DraftField


class VoteFilterForm(forms.Form):
    """`ballot` says which choice the `country` cast, so it needs a country."""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("ballot") and not cleaned.get("country") and "country" not in self.errors:
            self.add_error("ballot", "Give `country` too: `ballot` selects the votes where that country voted so.")
        return cleaned


class VoteFilter(UpdatedSinceFilterSet):
    country = PartyCodesFilter(
        method="filter_country",
        help_text="Votes in which these members cast a ballot (codes as for statements); with `ballot`, "
        "the votes in which they voted so.",
    )
    ballot = filters.ChoiceFilter(
        choices=Ballot.Choice.choices,
        method="filter_country",
        help_text="With `country` only: how that member voted.",
    )
    outcome = filters.ChoiceFilter(choices=Vote.Outcome.choices, help_text="How the vote ended.")
    vetoed = StrictBooleanFilter(
        method="filter_vetoed", help_text="Drafts defeated by the negative vote of a permanent member, or not."
    )
    date_from = IsoDateFilter(
        field_name="meeting__date", lookup_expr="gte", help_text="On or after this date (YYYY-MM-DD)."
    )
    date_to = IsoDateFilter(
        field_name="meeting__date", lookup_expr="lte", help_text="On or before this date (YYYY-MM-DD)."
    )
    meeting = IdFilter(field_name="meeting_id", help_text="Meeting id.")
    draft = DraftChoiceFilter(field_name="draft", help_text="The draft voted on, by its symbol (case-insensitive).")

    EXAMPLES = {
        "country": "RUS",
        "ballot": "against",
        "outcome": "vetoed",
        "vetoed": True,
        "date_from": "2024-01-01",
        "date_to": "2024-12-31",
        "meeting": 3,
        "draft": "S/2024/255",
    }

    class Meta:
        model = Vote
        fields = []
        form = VoteFilterForm

    def filter_country(self, queryset, name, value):
        # `country` and `ballot` apply together, to the same ballot; the first to run does both.
        parties = self.form.cleaned_data.get("country")
        if getattr(self, "_country_applied", False) or not parties:
            return queryset
        self._country_applied = True
        ballots = Ballot.objects.filter(party__in=parties)
        choice = self.form.cleaned_data.get("ballot")
        if choice:
            ballots = ballots.filter(choice=choice)
        return queryset.filter(pk__in=ballots.values("vote_id"))

    def filter_vetoed(self, queryset, name, value):
        vetoed = Q(outcome=Vote.Outcome.VETOED)
        return queryset.filter(vetoed) if value else queryset.exclude(vetoed)


class SymbolFilter(filters.CharFilter):
    """Drafts by symbol, case-insensitive: `?symbol=` is the list's way to ask for one without a path."""

    def filter(self, qs, value):
        value = value.strip()
        return qs.filter(symbol__iexact=value) if value else qs


class DraftFilter(UpdatedSinceFilterSet):
    symbol = SymbolFilter(help_text="The draft's document symbol, case-insensitive.")
    sponsor = PartyCodesFilter(method="filter_sponsor", help_text="Drafts these parties sponsored (codes).")
    country = PartyCodesFilter(
        method="filter_country", help_text="Drafts on which these members cast a ballot (codes)."
    )

    EXAMPLES = {"symbol": "S/2024/255", "sponsor": "USA", "country": "RUS"}

    class Meta:
        model = Draft
        fields = []

    def filter_sponsor(self, queryset, name, value):
        return queryset.filter(pk__in=Draft.sponsors.through.objects.filter(party__in=value).values("draft_id"))

    def filter_country(self, queryset, name, value):
        return queryset.filter(pk__in=Ballot.objects.filter(party__in=value).values("vote__draft_id"))


class TopicFilter(UpdatedSinceFilterSet):
    class Meta:
        model = Topic
        fields = []


class BodyFilter(UpdatedSinceFilterSet):
    class Meta:
        model = Body
        fields = []


class SeatFilter(UpdatedSinceFilterSet):
    country = PartyCodesFilter(
        field_name="country", help_text="Seats of these countries (ISO 3166 alpha-3 codes, as for statements)."
    )
    body = SlugFilter(field_name="body", queryset=Body.objects.all(), help_text="Body slug.")
    kind = filters.ChoiceFilter(choices=CouncilSeat.Kind.choices, help_text="Permanent or elected seat.")
    on = IsoDateFilter(
        method="filter_on",
        help_text="Seats held on this date (YYYY-MM-DD); an unknown start or an open end counts as holding it.",
    )

    EXAMPLES = {"country": "FRA", "body": "security-council", "kind": "elected", "on": "2024-06-28"}

    class Meta:
        model = CouncilSeat
        fields = []

    def filter_on(self, queryset, name, value):
        return queryset.on_date(value)


# The tables of links (mentions/, citations/, ballots/). A mention or a citation has no `updated`
# of its own: it is written with its statement, which dates it (updated_with_statement).


def updated_with_statement(rows):
    """`updated_since` for rows written with their statement (its mentions, its citations): the API's
    write saves the statement, so its `updated` dates them; and taking every row of a changed
    statement also tells which of its rows were removed."""
    return UpdatedSinceFilter(
        field_name="statement__updated",
        help_text=f"The {rows} of the statements created or changed at or after this moment (ISO 8601, as "
        f"for statements): replace those statements' {rows} with them.",
    )


class MentionFilter(UpdatedSinceFilterSet):
    updated_since = updated_with_statement("mentions")
    country = PartyCodesFilter(
        field_name="statement__party",
        help_text="Mentions in statements made on behalf of these parties (codes as for statements).",
    )
    mentions = PartyCodesFilter(field_name="party", help_text="Mentions of these parties (codes).")
    relation = filters.ChoiceFilter(
        choices=Mention.Relation.choices, help_text="How the statement treats the mentioned party."
    )
    statement = IdFilter(field_name="statement_id", help_text="The mentions of one statement, by its id.")
    body = SlugFilter(field_name="statement__meeting__body", queryset=Body.objects.all(), help_text="Body slug.")
    date_from = IsoDateFilter(
        field_name="statement__date", lookup_expr="gte", help_text="Statements on or after this date (YYYY-MM-DD)."
    )
    date_to = IsoDateFilter(
        field_name="statement__date", lookup_expr="lte", help_text="Statements on or before this date (YYYY-MM-DD)."
    )

    EXAMPLES = {
        "country": "USA",
        "mentions": "RUS",
        "relation": "accuses",
        "statement": 1,
        "body": "security-council",
        "date_from": "2024-01-01",
        "date_to": "2024-12-31",
    }

    class Meta:
        model = Mention
        fields = []


class CitationFilter(UpdatedSinceFilterSet):
    updated_since = updated_with_statement("citations")
    statement = IdFilter(field_name="statement_id", help_text="The citations of one statement, by its id.")
    source = IdFilter(field_name="source_id", help_text="The citations of one source, by its id.")
    source_kind = filters.ChoiceFilter(
        field_name="source__kind", choices=Source.Kind.choices, help_text="The kind of source."
    )
    country = PartyCodesFilter(
        field_name="statement__party",
        help_text="Citations of statements made on behalf of these parties (codes as for statements).",
    )
    date_from = IsoDateFilter(
        field_name="statement__date", lookup_expr="gte", help_text="Statements on or after this date (YYYY-MM-DD)."
    )
    date_to = IsoDateFilter(
        field_name="statement__date", lookup_expr="lte", help_text="Statements on or before this date (YYYY-MM-DD)."
    )

    EXAMPLES = {
        "statement": 1,
        "source": 1,
        "source_kind": "news",
        "country": "FRA",
        "date_from": "2024-01-01",
        "date_to": "2024-12-31",
    }

    class Meta:
        model = Citation
        fields = []


class BallotFilter(UpdatedSinceFilterSet):
    country = PartyCodesFilter(field_name="party", help_text="Ballots of these members (codes).")
    choice = filters.ChoiceFilter(choices=Ballot.Choice.choices, help_text="How the member voted.")
    vote = IdFilter(field_name="vote_id", help_text="The ballots of one vote, by its id.")
    meeting = IdFilter(field_name="vote__meeting_id", help_text="Meeting id.")
    draft = DraftChoiceFilter(field_name="vote__draft", help_text="The draft voted on, by its symbol.")
    outcome = filters.ChoiceFilter(
        field_name="vote__outcome", choices=Vote.Outcome.choices, help_text="How the vote ended."
    )
    date_from = IsoDateFilter(
        field_name="vote__meeting__date", lookup_expr="gte", help_text="Votes on or after this date (YYYY-MM-DD)."
    )
    date_to = IsoDateFilter(
        field_name="vote__meeting__date", lookup_expr="lte", help_text="Votes on or before this date (YYYY-MM-DD)."
    )

    EXAMPLES = {
        "country": "RUS",
        "choice": "against",
        "vote": 1,
        "meeting": 3,
        "draft": "S/2024/255",
        "outcome": "vetoed",
        "date_from": "2024-01-01",
        "date_to": "2024-12-31",
    }

    class Meta:
        model = Ballot
        fields = []


# The HTML pages filter through the API's FilterSets, with what only a page needs added below.


class PageFilterMixin:
    """A FilterSet as an HTML page uses it: only the filters named in `page_fields`, in that order,
    their form fields shown as the page shows them.

    `page_fields` maps each filter's name to keyword arguments of its form field (label,
    help_text, widget, empty_label...) that replace the API's. Any other parameter but those in
    `page_parameters` (what the page reads itself) makes the form invalid with a message naming
    it: a misspelled filter would otherwise show every row as if it had matched.
    """

    page_fields = {}
    page_parameters = ("page",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters = {name: self.filters[name] for name in self.page_fields}
        for name, field_kwargs in self.page_fields.items():
            field_kwargs = dict(field_kwargs)
            if "label" in field_kwargs:
                self.filters[name].label = field_kwargs.pop("label")
            self.filters[name].extra.update(field_kwargs)

    def unknown_parameters(self):
        """The parameters of the request that are neither a filter nor one of `page_parameters`."""
        return unknown_names(self.data, [*self.filters, *self.page_parameters])

    def unknown_parameters_message(self):
        """What to tell the reader about the unknown parameters, or "" when there are none."""
        return unknown_parameters_message(self.data, [*self.filters, *self.page_parameters])

    def is_valid(self):
        valid = super().is_valid()
        message = self.unknown_parameters_message()
        if message and not self.form.has_error(NON_FIELD_ERRORS, "unknown_parameter"):
            self.form.add_error(
                None, forms.ValidationError("%(message)s", code="unknown_parameter", params={"message": message})
            )
        return valid and not message


class DateRangeForm(forms.Form):
    """The form of a FilterSet with `date_from` and `date_to`, which refuses an end before the start."""

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The end date is before the start date.")
        return cleaned


def date_input(label):
    """A page's date field: the browser's date picker, which shows the date in the reader's own format
    and sends it as YYYY-MM-DD; so the label says no format."""
    return {"label": label, "help_text": "", "widget": forms.DateInput(attrs={"type": "date"})}


# The id of the datalist of every country and organisation (templates/statements/_party_datalist.html).
PARTY_LIST = "party-names"


def party_input(label, help_text):
    """A page's field for a country or organisation: a name or a code, with every party suggested."""
    return {
        "label": label,
        "help_text": help_text,
        "widget": forms.TextInput(attrs={"list": PARTY_LIST, "autocomplete": "off"}),
    }


def unknown_names(data, taken):
    """The parameters of `data` (a query dict) that are not among `taken`."""
    # A nameless one (`?=x`, `?q=&&=`) names nothing a reader could have meant: read past it.
    return [name for name in data or {} if name and name not in taken]


def unknown_parameters_message(data, taken):
    """What to tell the reader of a page that takes `taken` about the other parameters of `data`,
    or "" when there are none: the pages' filters and the relations and compare forms alike."""
    unknown = unknown_names(data, taken)
    if not unknown:
        return ""
    names = ", ".join(f"“{name}”" for name in unknown)
    return (
        f"{'This parameter is' if len(unknown) == 1 else 'These parameters are'} not understood here: "
        f"{names}. This page takes {', '.join(taken[:-1])} and {taken[-1]}."
    )


class MeetingPageFilter(PageFilterMixin, MeetingFilter):
    """The meeting list's filters: the API's, and `country`, which requested the meeting or spoke at it."""

    country = PartyCodeFilter(method="filter_country", help_text="Requested the meeting or spoke at it.")

    page_fields = {
        "body": {"label": "Body", "help_text": "", "empty_label": "Any body"},
        "date_from": date_input("From"),
        "date_to": date_input("To"),
        "country": party_input("Country or organisation", "Requested the meeting or spoke at it: a name or a code."),
        "topic": {"label": "Topic", "help_text": "", "empty_label": "Any topic"},
    }

    class Meta(MeetingFilter.Meta):
        form = DateRangeForm

    def filter_country(self, queryset, name, party):
        return queryset.filter(Q(pk__in=meetings_requested_by([party])) | Q(pk__in=meetings_spoken_at([party])))


class StatementPageFilter(PageFilterMixin, StatementFilter):
    """The search page's and its feed's filters: the API's `q` (validated here, applied by the
    search) and `topic`; one `country` and an existing `speaker`, which the page names in its
    "remove this filter" links; and `year`."""

    # Problems in the search (a field mistyped, a name unknown) are shown above the results.
    q = SearchFilter(strict=False)
    country = PartyCodeFilter(method="filter_country")
    speaker = RowFilter(
        field_name="speaker",
        queryset=Delegate.objects.all(),
        error_messages={"does_not_exist": "No speaker has the number %(value)s."},
    )
    year = IntegerFilter(field_name="date", lookup_expr="year", min_value=1900, max_value=2100)
    # The relations page links a meeting's counts here (its "remove this filter" link names the meeting).
    meeting = RowFilter(
        field_name="meeting",
        queryset=Meeting.objects.all(),
        error_messages={"does_not_exist": "No meeting has the number %(value)s."},
    )

    page_fields = {
        "q": {},
        "country": party_input("Said on behalf of", "A country or organisation: its name or code."),
        "speaker": {},
        "meeting": {},
        "mentions": party_input("Mentioning", "Countries or organisations, separated by commas."),
        "relation": {"label": "Mentioning them how", "help_text": "", "empty_label": "In any way"},
        "topic": {"label": "Topic", "help_text": "", "empty_label": "Any topic"},
        "date_from": date_input("From"),
        "date_to": date_input("To"),
        "year": {"label": "Year"},
    }

    class Meta(StatementFilter.Meta):
        form = DateRangeForm

    def filter_country(self, queryset, name, party):
        # Alone or jointly with others, as on the country's page.
        return queryset.spoken_for([party])

    def active_filters(self):
        """(parameter, label) for each filter in use but the words, for "remove this filter" links."""
        labels = []
        for name, value in self.form.cleaned_data.items():
            if name == "q" or not value:
                continue
            if name == "mentions":
                label = "Mentions " + ", ".join(str(party) for party in value)
            elif name == "relation":
                label = "Relation: " + Mention.Relation(value).label
            elif name in ("date_from", "date_to"):
                label = ("From " if name == "date_from" else "To ") + f"{value.day} {value:%B %Y}"
            else:
                label = str(value)
            labels.append((name, label))
        return labels


class DelegatePageFilter(PageFilterMixin, DelegateFilter):
    """The delegate list's filter: a name, or part of one."""

    page_fields = {"name": {"label": "Name", "help_text": "", "max_length": 200}}
