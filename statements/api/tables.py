"""Tables of links as API lists: who mentions whom how, what cites what, who voted how.

Each item of a JSON page is a row of the table's export (statements/api/export.py), built by
the same code, so the JSON, CSV, JSON Lines and spreadsheet of a table have the same columns
under the same names. A page is one query (plus the count): the rows come from `values_list`
with their joins, no model is built. Seats have their own list in views.py (`seats/`), with a
nested JSON item, and the same kind of export.
"""

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from statements.api import export as exports
from statements.api.serializers import OptionalURLField
from statements.api.views import ApiViewMixin
from statements.filters import BallotFilter, CitationFilter, MentionFilter
from statements.models import Ballot, Citation, Mention


class TableListSerializer(serializers.ListSerializer):
    def to_representation(self, rows):
        export = self.child.export
        return list(export.dicts(export.read(rows, self.context.get("request"))))


def row_serializer(name, model, export):
    """A serializer of `export`'s rows of `model`, for the schema: one field per column, typed
    as the model field the column reads (a text field for a computed column), in column order."""
    builder = serializers.ModelSerializer()
    fields = {}
    for header, lookup in export.columns:
        model_field = _model_field(model, lookup) if isinstance(lookup, str) else None
        if model_field is None:
            fields[header] = serializers.CharField(allow_null=True)
            continue
        field_class, kwargs = builder.build_standard_field(header, model_field)
        kwargs = {key: value for key, value in kwargs.items() if key in ("choices", "help_text")}
        if model_field.blank and issubclass(field_class, serializers.URLField):
            field_class = OptionalURLField  # "" when there is none
        if model_field.blank and "choices" in kwargs:
            kwargs["choices"] = [("", "Not recorded"), *kwargs["choices"]]
        # A column of a related row is null when there is none (a statement without a party).
        fields[header] = field_class(allow_null=model_field.null or "__" in lookup, **kwargs)
    if export.page:
        fields["web_url"] = serializers.URLField(help_text="The page on the site.")
    meta = type("Meta", (), {"list_serializer_class": TableListSerializer})
    return type(name, (serializers.Serializer,), {**fields, "export": export, "Meta": meta})


def _model_field(model, lookup):
    """The model field at the end of `lookup` (a foreign key's own id when it ends on one)."""
    field = None
    for part in lookup.split("__"):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        if field.is_relation:
            model = field.related_model
    if field is not None and field.is_relation:
        return field.target_field
    return field


class TableViewSet(ApiViewMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """A list whose items are the rows of `export`: a page reads only those rows' values."""

    def paginate_queryset(self, queryset):
        return super().paginate_queryset(self.export.rows(queryset))


def _list_schema(summary, description):
    return extend_schema_view(
        list=extend_schema(
            summary=summary,
            description=description + " `?format=csv`, `jsonl` or `xlsx` gives every matching row as a file, "
            "with the same columns.",
        )
    )


@_list_schema(
    "Mentions, one per row",
    "Who mentions whom how: one row per mention, with its statement's date, speaking party, meeting and "
    "body; the statements newest first. The network of relations/ is these rows counted.",
)
class MentionViewSet(TableViewSet):
    serializer_class = row_serializer("MentionRowSerializer", Mention, exports.MENTIONS)
    filterset_class = MentionFilter
    export = exports.MENTIONS

    def get_queryset(self):
        return Mention.objects.order_by("-statement__date", "-statement_id", "id")


@_list_schema(
    "Citations, one per row",
    "Which source reports which statement, with the excerpt's offsets in the source's text (null when "
    "not known); the statements newest first.",
)
class CitationViewSet(TableViewSet):
    serializer_class = row_serializer("CitationRowSerializer", Citation, exports.CITATIONS)
    filterset_class = CitationFilter
    export = exports.CITATIONS

    def get_queryset(self):
        return Citation.objects.order_by("-statement__date", "-statement_id", "id")


@_list_schema(
    "Ballots, one per member and vote",
    "How each member voted in each vote, with the vote's date, meeting, draft and outcome: a panel of "
    "members by votes. Newest meeting first, then votes in the order taken, then members by code.",
)
class BallotViewSet(TableViewSet):
    serializer_class = row_serializer("BallotRowSerializer", Ballot, exports.BALLOTS)
    filterset_class = BallotFilter
    export = exports.BALLOTS

    def get_queryset(self):
        return Ballot.objects.order_by(
            "-vote__meeting__date", "vote__meeting_id", "vote__sequence", "party__code", "id"
        )
