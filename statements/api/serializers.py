"""DRF serializers for reading: each object with compact nested objects and its URLs.

They expect the viewsets' `select_related` / `prefetch_related` and never query, but for the
statements, whose related rows `statements.rows` loads for a whole page. Writing is in
statements.api.write_serializers.
"""

import datetime

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from statements import links
from statements.api import documents
from statements.models import (
    Alias,
    Ballot,
    Body,
    CouncilSeat,
    Delegate,
    Meeting,
    Mention,
    Party,
    RecordCheck,
    Role,
    Source,
    Statement,
    Topic,
    Vote,
)
from statements.search import highlight


def link(serializer, name, key):
    """The URL of pattern `name` for `key`, absolute when the serializer has a request.

    Making a template absolute costs ~2 µs and a page of 50 objects links ~150 times, so each
    pattern's template is made once per response and kept in the serializer context (which
    nested serializers share).
    """
    cache = serializer.context.setdefault("_links", {}) if isinstance(serializer.context, dict) else {}
    parts = cache.get(name)
    if parts is None:
        parts = cache[name] = links.template(name, serializer.context.get("request"))
    return links.fill(parts, key)


def api_url(serializer, name, key):
    return link(serializer, f"api:{name}", key)


def party_api_url(serializer, party):
    if party.kind == Party.Kind.STATE:
        return api_url(serializer, "country-detail", party.code)
    return api_url(serializer, "organisation-detail", party.code)


# The public page of each kind of object: (URL name, key attribute), as in get_absolute_url().
_PAGES = {
    Statement: ("statement", "pk"),
    Delegate: ("delegate", "pk"),
    Meeting: ("meeting", "pk"),
    Source: ("source", "pk"),
    Body: ("body", "slug"),
    Topic: ("topic", "slug"),
}


def web_url(serializer, obj):
    if isinstance(obj, Party):
        name = "country" if obj.kind == Party.Kind.STATE else "organisation"
        return link(serializer, name, obj.code)
    name, key = _PAGES[type(obj)]
    return link(serializer, name, getattr(obj, key))


class WebUrlMixin:
    """`web_url`: the public page of the object, absolute when there is a request."""

    @extend_schema_field(OpenApiTypes.URI)
    def get_web_url(self, obj):
        return web_url(self, obj)


@extend_schema_field(OpenApiTypes.URI)
class ApiLinkField(serializers.Field):
    """The object's own API URL (what HyperlinkedIdentityField gives, without a reverse() per row)."""

    def __init__(self, view_name, lookup="pk", **kwargs):
        self.view_name = view_name
        self.lookup = lookup
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        return api_url(self, self.view_name, getattr(obj, self.lookup))


# Compact objects, nested in others.


class PartyCompactSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField(source="display_name")
    kind = serializers.CharField()
    url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, party):
        return party_api_url(self, party)


class DelegateCompactSerializer(WebUrlMixin, serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="full_name")
    url = ApiLinkField("delegate-detail")
    web_url = serializers.SerializerMethodField()


class MeetingCompactSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    date = serializers.DateField()
    symbol = serializers.CharField(source="record_symbol")
    title = serializers.CharField(source="display_title")
    body = serializers.CharField(source="body.slug")
    url = ApiLinkField("meeting-detail")


class TopicCompactSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


@extend_schema_field({"type": "string", "anyOf": [{"format": "uri"}, {"maxLength": 0}]})
class OptionalURLField(serializers.CharField):
    """A URL, or "" when none is known (the models' URL fields are blank, not null, when empty)."""


@extend_schema_field(
    {"type": "string", "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$", "example": "10:00"}
)
class LocalTimeField(serializers.TimeField):
    """A time of day as the meeting's own clock gives it: `10:00`, `10:00:30`, no UTC offset.

    Django reads `10:00+05:00` as 10:00 and drops the offset, which would store a different time
    than the one sent; an offset is refused instead. (In the schema a pattern, not the "time"
    format: JSON Schema's "time" requires the offset this field never has.)
    """

    def to_internal_value(self, value):
        if isinstance(value, str):
            try:
                offset = datetime.time.fromisoformat(value.strip()).tzinfo
            except ValueError:
                offset = None
            if offset is not None:
                raise serializers.ValidationError("Give the local time without a UTC offset, e.g. 10:00.")
        return super().to_internal_value(value)


class CitationSerializer(serializers.Serializer):
    source = serializers.IntegerField(source="source_id")
    url = OptionalURLField(source="source.url")
    title = serializers.CharField(source="source.title")
    publisher = serializers.CharField(source="source.publisher")
    kind = serializers.CharField(source="source.kind")
    start = serializers.IntegerField(allow_null=True, help_text="Offset of the excerpt in the source text.")
    end = serializers.IntegerField(allow_null=True)


class MentionSerializer(serializers.Serializer):
    code = serializers.CharField(source="party.code")
    name = serializers.CharField(source="party.display_name")
    kind = serializers.CharField(source="party.kind")
    relation = serializers.ChoiceField(choices=Mention.Relation.choices)


class PositionSerializer(serializers.Serializer):
    party = PartyCompactSerializer()
    title = serializers.CharField()
    start = serializers.DateField(allow_null=True)
    end = serializers.DateField(allow_null=True)


class AliasSerializer(serializers.Serializer):
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=Alias.Kind.choices)


class JointPartySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=Party.Kind.choices)
    url = serializers.URLField()


class RecordCheckSerializer(serializers.Serializer):
    result = serializers.ChoiceField(choices=RecordCheck.Result.choices)
    result_label = serializers.CharField(help_text="The result in words: “Wording differs”.")
    score = serializers.FloatField(help_text="Share of the quote's words found in the passage, 0 to 1.")
    speech = serializers.IntegerField(allow_null=True, help_text="Id of the speech (a statement) in the record.")
    speech_url = serializers.URLField(allow_null=True)
    speech_label = serializers.CharField(help_text="The speaker as the record prints them; empty without a speech.")
    passage = serializers.CharField(help_text="The record's wording of the quote; empty when not found.")


# Reading.


# What a statement's `sequence` is: a speaking order only where an official record gives one.
SEQUENCE_HELP = (
    "Its place within the meeting: for a speech of the official record (kind speech), the order of "
    "speakers; for other statements, the order in which the source reports them, which need not be the "
    "order in which they were said."
)


class StatementSerializer(WebUrlMixin, serializers.ModelSerializer):
    url = ApiLinkField("statement-detail")
    web_url = serializers.SerializerMethodField()
    speaker = DelegateCompactSerializer(allow_null=True)
    party = PartyCompactSerializer(allow_null=True, help_text="On whose behalf the speaker spoke.")
    meeting = MeetingCompactSerializer(allow_null=True)
    topics = TopicCompactSerializer(many=True)
    citations = CitationSerializer(many=True, help_text="The sources that report the statement.")
    mentions = MentionSerializer(many=True, help_text="Parties the statement speaks about, and how.")
    replies = serializers.SerializerMethodField(help_text="Ids of the statements that reply to this one.")
    highlight = serializers.SerializerMethodField(
        help_text="With `q`: the text as HTML, escaped, with the matching words in <mark>."
    )
    is_interpretation = serializers.BooleanField(
        help_text="True when the text is an interpretation of words spoken in another language (`spoken_language`)."
    )
    role = serializers.ChoiceField(
        choices=[("", "Not recorded"), *Role.choices],
        help_text="The speaker's part in the meeting; empty when unknown.",
    )
    joint_parties = JointPartySerializer(
        many=True, help_text="Further parties on whose behalf this one statement was made."
    )
    record_check = RecordCheckSerializer(
        allow_null=True, help_text="A quote checked against the official record's speech; null when not checked."
    )

    class Meta:
        model = Statement
        fields = [
            "id",
            "url",
            "web_url",
            "date",
            "meeting",
            "sequence",
            "speaker",
            "speaker_title",
            "party",
            "joint_parties",
            "label",
            "role",
            "kind",
            "language",
            "spoken_language",
            "is_interpretation",
            "text",
            "highlight",
            "topics",
            "mentions",
            "citations",
            "record_check",
            "reply_to",
            "replies",
            "created",
            "updated",
        ]
        # The fields above document the schema; the rows are built by `statement_representations`.
        extra_kwargs = {"sequence": {"help_text": SEQUENCE_HELP}}

    @extend_schema_field({"type": "array", "items": {"type": "integer"}})
    def get_replies(self, statement):
        return [reply.pk for reply in statement.replies.all()]

    @extend_schema_field({"type": "string", "nullable": True})
    def get_highlight(self, statement):
        q = self.context.get("q")
        return highlight(statement.text, q) if q else None

    def to_representation(self, instance):
        return statement_representations([instance], self)[0]


class StatementListSerializer(serializers.ListSerializer):
    def to_representation(self, data):
        return statement_representations(data.all() if hasattr(data, "all") else data, self.child)


StatementSerializer.Meta.list_serializer_class = StatementListSerializer

# The columns a statement's representation reads, for querysets with `statements_for_api`'s joins.
STATEMENT_COLUMNS = (*documents.ROW_FIELDS, "party__id", "meeting__body__id")


def statement_representations(statements, serializer):
    """The API's JSON for `statements`, as StatementSerializer declares it: rows of
    `documents.ROW_FIELDS` (what the API's numbered pages select) or Statement instances.

    Written by hand in `statements.api.documents`: DRF's field-by-field serialisation of 50
    statements with their nested speaker, party, meeting, topics, citations and mentions cost
    ~15 ms a page.
    """
    if not isinstance(statements, documents.Rows):  # a list would lose the rows around them
        statements = list(statements)
    if statements and not isinstance(statements[0], tuple):
        statements = documents.rows_of_instances(statements)
    return documents.statement_documents(statements, serializer.context.get("request"), serializer.context.get("q"))


class PartySerializer(WebUrlMixin, serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    web_url = serializers.SerializerMethodField()
    name = serializers.CharField(source="display_name", read_only=True)
    official_name = serializers.CharField(source="name", read_only=True)

    class Meta:
        model = Party
        fields = ["code", "url", "web_url", "kind", "name", "official_name", "iso2", "un_status"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, party):
        return party_api_url(self, party)


class SeatSerializer(serializers.ModelSerializer):
    """A seat on a body: whose, which body, permanent or elected, from when to when."""

    country = PartyCompactSerializer()
    body = serializers.SlugRelatedField(slug_field="slug", read_only=True, help_text="Body slug.")
    body_url = serializers.SerializerMethodField()

    class Meta:
        model = CouncilSeat
        fields = ["id", "country", "body", "body_url", "kind", "start", "end"]
        extra_kwargs = {
            "start": {"help_text": "Null when not known."},
            "end": {"help_text": "Null while the seat is held, or when not known."},
        }

    @extend_schema_field(OpenApiTypes.URI)
    def get_body_url(self, seat):
        return api_url(self, "body-detail", seat.body.slug)


class CountryDetailSerializer(PartySerializer):
    # The same serializer as seats/: one schema component, so one enum for `kind`.
    seats = SeatSerializer(
        many=True, help_text="Its seats on the Council and other bodies, by body, then earliest first."
    )

    class Meta(PartySerializer.Meta):
        fields = [*PartySerializer.Meta.fields, "seats"]


class BodySerializer(WebUrlMixin, serializers.ModelSerializer):
    url = ApiLinkField("body-detail", lookup="slug")
    web_url = serializers.SerializerMethodField()

    class Meta:
        model = Body
        fields = ["slug", "url", "web_url", "name", "short_name"]


class TopicSerializer(WebUrlMixin, serializers.ModelSerializer):
    url = ApiLinkField("topic-detail", lookup="slug")
    web_url = serializers.SerializerMethodField()

    class Meta:
        model = Topic
        fields = ["slug", "url", "web_url", "name"]


class SourceSerializer(WebUrlMixin, serializers.ModelSerializer):
    url = ApiLinkField("source-detail")
    web_url = serializers.SerializerMethodField()
    link = OptionalURLField(
        source="url", read_only=True, help_text="Where the source is published; empty when unknown."
    )

    class Meta:
        model = Source
        fields = ["id", "url", "web_url", "kind", "title", "publisher", "link", "published_on", "retrieved_on"]


class SourceDetailSerializer(SourceSerializer):
    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields, "text"]


class DelegateSerializer(WebUrlMixin, serializers.ModelSerializer):
    url = ApiLinkField("delegate-detail")
    web_url = serializers.SerializerMethodField()
    name = serializers.CharField(source="full_name")
    positions = PositionSerializer(many=True)
    aliases = AliasSerializer(many=True)

    class Meta:
        model = Delegate
        fields = ["id", "url", "web_url", "name", "sort_name", "positions", "aliases"]


class ParticipantSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices)
    party = PartyCompactSerializer(allow_null=True)
    name = serializers.CharField(help_text="As the record prints it.")
    title = serializers.CharField(help_text="A briefer's title, as printed.")
    delegate = serializers.IntegerField(source="delegate_id", allow_null=True, help_text="The delegate's id, if known.")


class SourceCompactSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = ApiLinkField("source-detail")
    kind = serializers.ChoiceField(choices=Source.Kind.choices)
    symbol = serializers.CharField(help_text="A UN document symbol (S/PV.9669, SC/15755); empty for others.")
    title = serializers.CharField()
    link = OptionalURLField(source="url", help_text="Where the source is published; empty when unknown.")


class MeetingSummarySerializer(WebUrlMixin, serializers.Serializer):
    """A meeting as a vote names it."""

    id = serializers.IntegerField()
    url = ApiLinkField("meeting-detail")
    web_url = serializers.SerializerMethodField()
    date = serializers.DateField()
    number = serializers.IntegerField(allow_null=True)
    record_symbol = serializers.CharField(help_text="The verbatim record, e.g. S/PV.9669; empty when unknown.")


class CountsSerializer(serializers.Serializer):
    """The counts as the president announced them; null when the source gives none."""

    in_favour = serializers.IntegerField(allow_null=True)
    against = serializers.IntegerField(allow_null=True)
    abstaining = serializers.IntegerField(allow_null=True)

    def to_representation(self, vote):
        return {"in_favour": vote.in_favour, "against": vote.against, "abstaining": vote.abstaining}


def vetoed_by(vote):
    """The codes of the permanent members whose negative vote defeated `vote`.

    Reads the `vetoes` the viewsets prefetch (Ballot.objects.vetoes()), never querying itself.
    """
    return [ballot.party.code for ballot in vote.vetoes]


OUTCOMES = [("", "Not recorded"), *Vote.Outcome.choices]
VETOED_BY = {"type": "array", "items": {"type": "string"}}


def _vote_field(name):
    """A field that the vote serializers share, made anew for each (DRF binds a field to one parent)."""
    return {
        "id": lambda: serializers.IntegerField(),
        "url": lambda: ApiLinkField("vote-detail"),
        "sequence": lambda: serializers.IntegerField(help_text="Order among the meeting's votes."),
        "outcome": lambda: serializers.ChoiceField(choices=OUTCOMES, help_text="Empty when the source does not say."),
        "resolution": lambda: serializers.CharField(
            help_text="The resolution it became, e.g. 2730 (2024); empty otherwise."
        ),
        "counts": lambda: CountsSerializer(source="*"),
        "vetoed_by": lambda: serializers.SerializerMethodField(
            help_text="Codes of the permanent members whose negative vote defeated the draft."
        ),
    }[name]()


class VetoedByMixin:
    @extend_schema_field(VETOED_BY)
    def get_vetoed_by(self, vote):
        return vetoed_by(vote)


class VoteSummarySerializer(VetoedByMixin, serializers.Serializer):
    """A vote as its meeting lists it: without the ballots."""

    id = _vote_field("id")
    url = _vote_field("url")
    sequence = _vote_field("sequence")
    draft = serializers.CharField(source="draft.symbol", allow_null=True, help_text="Null for a procedural vote.")
    outcome = _vote_field("outcome")
    resolution = _vote_field("resolution")
    counts = _vote_field("counts")
    vetoed_by = _vote_field("vetoed_by")


class MeetingSerializer(WebUrlMixin, serializers.ModelSerializer):
    url = ApiLinkField("meeting-detail")
    web_url = serializers.SerializerMethodField()
    body = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    start_time = LocalTimeField(allow_null=True)
    called_to_order = LocalTimeField(allow_null=True, help_text="As the verbatim record gives it.")
    adjourned = LocalTimeField(allow_null=True)
    display_title = serializers.CharField(read_only=True)
    president = DelegateCompactSerializer(allow_null=True, help_text="Who presided, as the verbatim record names them.")
    presiding_party = PartyCompactSerializer(allow_null=True, help_text="The member holding the presidency.")
    requested_by = PartyCompactSerializer(many=True)
    participants = ParticipantSerializer(
        many=True, help_text="Who took part, in the record's order: members, invited states, briefers."
    )
    briefers = DelegateCompactSerializer(many=True)
    sources = SourceCompactSerializer(many=True, help_text="The official documents and reports of the meeting.")
    statements_url = ApiLinkField("meeting-statements")

    class Meta:
        model = Meeting
        fields = [
            "id",
            "url",
            "web_url",
            "body",
            "date",
            "start_time",
            "called_to_order",
            "adjourned",
            "title",
            "display_title",
            "kind",
            "number",
            "record_symbol",
            "press_release",
            "agenda_item",
            "place",
            "summary",
            "president",
            "presiding_party",
            "requested_by",
            "participants",
            "briefers",
            "sources",
            "statements_url",
        ]


class MeetingDetailSerializer(MeetingSerializer):
    votes = VoteSummarySerializer(many=True, help_text="The votes taken, in order.")

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "votes"]


class BallotSerializer(serializers.Serializer):
    code = serializers.CharField(source="party.code")
    name = serializers.CharField(source="party.display_name")
    choice = serializers.ChoiceField(choices=Ballot.Choice.choices)


class VoteSerializer(VetoedByMixin, serializers.Serializer):
    """A vote with each member's ballot."""

    id = _vote_field("id")
    url = _vote_field("url")
    web_url = serializers.SerializerMethodField(help_text="The draft's page, or the meeting's for a procedural vote.")
    meeting = MeetingSummarySerializer()
    sequence = _vote_field("sequence")
    draft = serializers.CharField(source="draft.symbol", allow_null=True, help_text="Null for a procedural vote.")
    draft_url = serializers.SerializerMethodField()
    outcome = _vote_field("outcome")
    resolution = _vote_field("resolution")
    outcome_sentence = serializers.CharField(help_text="As the record words it.")
    counts = _vote_field("counts")
    ballots = BallotSerializer(many=True, help_text="How each member voted, in name order.")
    vetoed_by = _vote_field("vetoed_by")
    source = SourceCompactSerializer(allow_null=True, help_text="The document the vote was read from.")

    @extend_schema_field(OpenApiTypes.URI)
    def get_web_url(self, vote):
        if vote.draft_id:
            return link(self, "draft", vote.draft.symbol)
        return link(self, "meeting", vote.meeting_id)

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_draft_url(self, vote):
        return api_url(self, "draft-detail", vote.draft.symbol) if vote.draft_id else None


class DraftVoteSerializer(VetoedByMixin, serializers.Serializer):
    """A vote as its draft lists it: with its meeting, without the ballots."""

    id = _vote_field("id")
    url = _vote_field("url")
    meeting = MeetingSummarySerializer()
    sequence = _vote_field("sequence")
    outcome = _vote_field("outcome")
    resolution = _vote_field("resolution")
    counts = _vote_field("counts")
    vetoed_by = _vote_field("vetoed_by")


class DraftSerializer(serializers.Serializer):
    symbol = serializers.CharField(help_text="The document symbol, e.g. S/2024/255.")
    url = ApiLinkField("draft-detail", lookup="symbol")
    web_url = serializers.SerializerMethodField()
    subject = serializers.CharField(help_text="As the record gives it; often empty.")
    sponsors = PartyCompactSerializer(many=True, help_text="Only when a record or release names them.")
    votes = DraftVoteSerializer(many=True, help_text="The votes on the draft, in date order.")

    @extend_schema_field(OpenApiTypes.URI)
    def get_web_url(self, draft):
        return link(self, "draft", draft.symbol)


class RelationPartySerializer(serializers.Serializer):
    """An end of an edge of `relations/`: a party by its code and its display name."""

    code = serializers.CharField()
    name = serializers.CharField()


class RelationSerializer(serializers.Serializer):
    """One edge of the network: how often one party's statements treat another some way."""

    source = RelationPartySerializer(help_text="The speaking party.")
    target = RelationPartySerializer(help_text="The mentioned party.")
    relation = serializers.ChoiceField(choices=Mention.Relation.choices)
    statements = serializers.IntegerField(help_text="Number of statements.")
    first_date = serializers.DateField()
    last_date = serializers.DateField()


class PartyFacetSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=Party.Kind.choices)
    count = serializers.IntegerField(help_text="Number of statements.")


class SpeakerFacetSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    count = serializers.IntegerField(help_text="Number of statements.")


class SlugFacetSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    count = serializers.IntegerField(help_text="Number of statements.")


class RelationFacetSerializer(serializers.Serializer):
    relation = serializers.ChoiceField(choices=Mention.Relation.choices)
    count = serializers.IntegerField(help_text="Number of statements with a mention of this kind.")


class KindFacetSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Statement.Kind.choices)
    count = serializers.IntegerField(help_text="Number of statements.")


class MonthFacetSerializer(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM.")
    count = serializers.IntegerField(help_text="Number of statements.")


class YearFacetSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    count = serializers.IntegerField(help_text="Number of statements.")


class FacetsSerializer(serializers.Serializer):
    """Every facet a list of flat items, so that each reads as a table."""

    country = PartyFacetSerializer(many=True, help_text="On whose behalf, biggest first.")
    speaker = SpeakerFacetSerializer(many=True, help_text="Biggest first.")
    topic = SlugFacetSerializer(many=True, help_text="Biggest first.")
    body = SlugFacetSerializer(many=True, help_text="Biggest first.")
    mentions = PartyFacetSerializer(
        many=True, help_text="The mentioned party, biggest first; a statement counts once per party it mentions."
    )
    relation = RelationFacetSerializer(many=True, help_text="How statements treat the parties they mention.")
    kind = KindFacetSerializer(many=True, help_text="Direct quote, paraphrase or speech, biggest first.")
    month = MonthFacetSerializer(many=True, help_text="Every month with a statement, in date order.")
    year = YearFacetSerializer(many=True, help_text="Every year with a statement, in date order.")


class TimelinePeriodSerializer(serializers.Serializer):
    period = serializers.CharField(help_text="`YYYY-MM` by month, `YYYY` by year.")
    statements = serializers.IntegerField(help_text="How many of the selected statements fall in it.")
