"""The REST API's viewsets, its error format and its throttle.

Errors: a bad parameter is a 400 with {"errors": {"<parameter>": ["<what is wrong>"]}}, and so is
a parameter a read does not take (ApiViewMixin.reject_unknown_parameters); other errors keep
DRF's {"detail": "..."} with their status (401, 403, 404, 405, 409, 429).
"""

import re

from django.db import transaction
from django.db.models import Count, F, Max, Min, Prefetch
from django.db.models.functions import TruncMonth, TruncYear
from django.http import Http404
from django.shortcuts import get_object_or_404
from django_filters.utils import translate_validation
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.response import Response

from statements import ids, search
from statements.api import change_reasons, documents, release, response_cache, versions
from statements.api import export as exports
from statements.api.pagination import PagePagination, StatementPagination
from statements.api.renderers import EXPORT_RENDERERS, CSVRenderer, JSONLinesRenderer, JSONRenderer, XLSXRenderer
from statements.api.schema import ApiSchema, FilterBackend, write_schema
from statements.api.serializers import (
    STATEMENT_COLUMNS,
    BodySerializer,
    CountryDetailSerializer,
    DelegateSerializer,
    DraftSerializer,
    FacetsSerializer,
    MeetingDetailSerializer,
    MeetingSerializer,
    PartySerializer,
    RelationSerializer,
    SeatSerializer,
    SourceDetailSerializer,
    SourceSerializer,
    StatementSerializer,
    TimelinePeriodSerializer,
    TopicSerializer,
    VoteSerializer,
)
from statements.api.write_serializers import (
    DelegateWriteSerializer,
    MeetingWriteSerializer,
    SourceWriteSerializer,
    StatementWriteSerializer,
    TopicWriteSerializer,
)
from statements.facets import cached_facet_counts
from statements.filters import (
    BodyFilter,
    DelegateFilter,
    DraftFilter,
    MeetingFilter,
    PartyFilter,
    SeatFilter,
    SourceFilter,
    StatementFilter,
    StatementOrderingFilter,
    TopicFilter,
    VoteFilter,
    unknown_names,
)
from statements.models import (
    Ballot,
    Body,
    CouncilSeat,
    Country,
    Delegate,
    Draft,
    Meeting,
    Organisation,
    Participant,
    Party,
    Source,
    Statement,
    Topic,
    Vote,
)

# The base of every viewset.


class ApiViewMixin:
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer, JSONLinesRenderer, XLSXRenderer]
    filter_backends = [FilterBackend]
    pagination_class = PagePagination
    schema = ApiSchema()
    export = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method in ("GET", "HEAD"):
            self.reject_unknown_parameters(request)

    def reject_unknown_parameters(self, request):
        """A 400 naming each query parameter this read does not take, with the ones it takes.

        Ignoring a misspelled filter would answer with every row, as if it had matched.
        """
        accepted = self.accepted_parameters()
        unknown = unknown_names(request.query_params, accepted)
        if unknown:
            message = f"Unknown parameter. This endpoint takes {', '.join(sorted(accepted))}."
            raise ValidationError({name: [message] for name in unknown})

    def accepted_parameters(self):
        """The query parameters of this read, as the schema documents them: `format`, and for
        a list its filters and its paging."""
        accepted = {"format"}
        if getattr(self, "action", None) == "retrieve":
            # The lookups of one object read no filter (see `get_object`).
            return accepted
        filterset_class = getattr(self, "filterset_class", None)
        if filterset_class and any(issubclass(backend, FilterBackend) for backend in self.filter_backends):
            accepted.update(filterset_class.base_filters)
        if self.paginator is not None:
            accepted.update(parameter["name"] for parameter in self.paginator.get_schema_operation_parameters(self))
        return accepted

    def perform_content_negotiation(self, request, force=False):
        try:
            return super().perform_content_negotiation(request, force)
        except (NotFound, Http404):
            raise ValidationError({"format": ["Unknown format; use json, csv, jsonl, xlsx or api."]}) from None

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        release.remember_serializer(self, serializer)
        return serializer

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        release.release_when_sent(self, response)
        if isinstance(response, Response) and response.status_code >= 400:
            if isinstance(response.accepted_renderer, EXPORT_RENDERERS):
                response.accepted_renderer = JSONRenderer()
                response.accepted_media_type = "application/json"
        elif isinstance(response, Response) and isinstance(response.accepted_renderer, EXPORT_RENDERERS):
            # One object or a summary as a file; a list's streamed file is named in export_response.
            response["Content-Disposition"] = exports.attachment(self.file_name(), response.accepted_renderer.format)
        if getattr(self, "action", None) == "retrieve" and response.status_code == 200 and hasattr(response, "data"):
            # The version a write's If-Match names (statements/api/versions.py).
            response["ETag"] = versions.etag(response.data)
        response_cache.store(self, response)
        limit = getattr(request, "rate_limit", None)
        if limit:
            response["X-RateLimit-Limit"] = str(limit[0])
            response["X-RateLimit-Remaining"] = str(limit[1])
            response["X-RateLimit-Window"] = f"{limit[2]}s"
        return response

    def export_format(self):
        fmt = self.request.query_params.get("format") or self.kwargs.get("format")
        if not fmt and isinstance(getattr(self.request, "accepted_renderer", None), EXPORT_RENDERERS):
            fmt = self.request.accepted_renderer.format  # `Accept: text/csv` gives the same file as ?format=csv
        return fmt if fmt in exports.CONTENT_TYPES else None

    @response_cache.cached_response
    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        fmt = self.export_format()
        if fmt and self.export:
            return exports.export_response(self.export, queryset, request, fmt, self.file_name())
        page = self.paginate_queryset(queryset)
        serializer = self.get_serializer(page, many=True)
        return self.get_paginated_response(serializer.data)

    def file_name(self):
        """An export's file name without its extension: the path after the API's version with "-" for
        "/" (`statements`, `statements-facets`), less a format suffix (`statements.csv`)."""
        path = self.request.path.split("/v1/", 1)[-1].strip("/")
        suffix = self.kwargs.get("format")
        if suffix and path.endswith(f".{suffix}"):
            path = path[: -len(suffix) - 1]
        return path.replace("/", "-") or "export"


class EditableMixin:
    """Writes for editors: a write serializer in, the reading representation out.

    Only for ModelViewSets: a router routes POST/PUT/DELETE to whichever of these methods exist.
    """

    read_serializer_class = None
    write_serializer_class = None

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update") and self.write_serializer_class:
            return self.write_serializer_class
        return self.read_serializer_class or self.serializer_class

    def create(self, request, *args, **kwargs):
        reason = change_reasons.from_request(request)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # The answer is read in the write's transaction: if the database goes away between the
        # insert and the read, the insert rolls back, so an error never hides a stored record.
        with transaction.atomic(), change_reasons.given(reason):
            instance = serializer.save()
            data, version = self.read_representation(instance), self.current_version(instance.pk)
        return Response(data, status=status.HTTP_201_CREATED, headers={"ETag": version})

    def update(self, request, *args, **kwargs):
        """Change the fields the request sends, on the row as it stands under a row lock.

        Validating and saving a row read before the lock would write back its stale values of the
        fields the request does not send, undoing a write that came in between; and the history
        record, a copy of the saved row, would credit that undoing to this request.
        """
        reason = change_reasons.from_request(request)
        partial = kwargs.pop("partial", False)
        pk = self.get_object().pk
        with transaction.atomic(), change_reasons.given(reason):
            instance = self.locked(pk)
            if versions.wanted(request):
                versions.check(request, self.current_version(pk))
            serializer = self.get_serializer(instance, data=request.data, partial=partial)
            serializer.is_valid(raise_exception=True)
            instance = serializer.save()
            data, version = self.read_representation(instance), self.current_version(pk)
        return Response(data, headers={"ETag": version})

    def destroy(self, request, *args, **kwargs):
        reason = change_reasons.from_request(request)
        pk = self.get_object().pk
        with transaction.atomic(), change_reasons.given(reason):
            instance = self.locked(pk)
            if versions.wanted(request):
                versions.check(request, self.current_version(pk))
            instance.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)

    def locked(self, pk):
        """The object's row, read afresh and locked until the transaction ends (a 404 if it is gone)."""
        model = self.get_queryset().model
        try:
            return model._default_manager.select_for_update().get(pk=pk)
        except model.DoesNotExist:
            raise NotFound() from None

    def current_version(self, pk):
        """The ETag a GET of the object answers with now: that of its detail representation."""
        action, self.action = self.action, "retrieve"
        try:
            return versions.etag(self.get_serializer(self.get_queryset().get(pk=pk)).data)
        finally:
            self.action = action

    def read_representation(self, instance):
        fresh = self.get_queryset().get(pk=instance.pk)
        return self.read_serializer_class(fresh, context=self.get_serializer_context()).data


class IdLookupMixin:
    """Numeric ids: anything else in the URL is a 400 naming `id`, not a 404 or a 500."""

    def get_object(self):
        pk = id_from_path(self.kwargs[self.lookup_url_kwarg or self.lookup_field])
        return get_object_or_404(self.get_queryset(), pk=pk)


def id_from_path(value):
    """The id in a URL path, or a 400 naming `id`."""
    pk = ids.parse_id(value)
    if pk is None:
        raise ValidationError({"id": [ids.RULE]})
    return pk


# Statements.


def statements_for_api():
    """Statements with the columns the API shows of them, their speaker, party and meeting joined.

    The serializer (`statement_representations`) fetches topics, citations, mentions and replies
    for a whole page in four more queries: a fixed number of queries per page.
    """
    return (
        Statement.objects.select_related("speaker", "party", "meeting__body")
        .only(*STATEMENT_COLUMNS)
        .order_by("-date", "-id")
    )


# `facet_size` of statements/facets/: a whole number from 1 to 10,000 written plainly, or `all`.
DEFAULT_FACET_SIZE = 20
FACET_SIZE_PATTERN = r"^(all|[1-9][0-9]{0,3}|10000)$"


def facet_size(value, errors):
    """The `facet_size` parameter as a number of values, None for `all`; a bad one goes in `errors`."""
    if value is None or value == "":
        return DEFAULT_FACET_SIZE
    if not re.fullmatch(FACET_SIZE_PATTERN, value):
        errors["facet_size"] = ["Must be a whole number from 1 to 10,000, or all."]
        return DEFAULT_FACET_SIZE
    return None if value == "all" else int(value)


# `interval` of statements/timeline/: how to cut a date to its period, and how to write the period.
TIMELINE_INTERVALS = {"month": (TruncMonth, "%Y-%m"), "year": (TruncYear, "%Y")}


@extend_schema_view(
    list=extend_schema(
        summary="List statements",
        description=(
            "Statements, newest first (by relevance with `q`), filtered by any of the parameters. "
            "`?format=csv` or `?format=jsonl` streams every matching row instead of one page. "
            "With `q`, `count` is the exact number of matches and every page is reachable; a search "
            "with more than 1000 matches comes newest first instead of by relevance."
        ),
        parameters=[
            OpenApiParameter(
                "format",
                str,
                enum=["json", "csv", "jsonl"],
                description="Export every matching row as CSV or JSON Lines.",
            )
        ],
    ),
)
@write_schema("statement", StatementWriteSerializer, StatementSerializer)
class StatementViewSet(ApiViewMixin, EditableMixin, IdLookupMixin, viewsets.ModelViewSet):
    read_serializer_class = StatementSerializer
    write_serializer_class = StatementWriteSerializer
    filterset_class = StatementFilter
    pagination_class = StatementPagination
    export = exports.STATEMENTS
    search_result = None
    search_matches = None  # (matches, parsed query) of a list's `q`
    first_matches = None  # search.FirstMatches of a list's `q` with few matches, by relevance
    # The count of a big selection is most of a page's database time (see response_cache).
    cache_counts = True

    def get_queryset(self):
        return statements_for_api()

    def filter_queryset(self, queryset):
        if self.action not in ("list", "facets", "timeline"):
            return queryset
        if self.reads_version_first():
            # Read before the filters, so that the country filter takes its parties from what this
            # worker keeps under the version instead of from a query.
            response_cache.request_version(self.request)
        queryset = super().filter_queryset(queryset)
        q = self.request.query_params.get("q", "").strip()
        if not q:
            return queryset
        if self.action in ("facets", "timeline") or "cursor" in self.request.query_params:
            # Every match, unranked and uncounted: facets and the time series group them, and the
            # cursor walks them in its own key's order (`-date` unless `ordering` says otherwise).
            return search.match_statements(queryset, q)
        interpretation = search.interpret(q)
        self.search_matches = (search.interpreted_matches(queryset, interpretation), interpretation.query)
        if self.export_format() or response_cache.known_big(self.request):
            return self.search_counted()
        # Most searches find fewer than search.RANK_LIMIT: ordered by relevance and counted with
        # the page (PagePagination), with no data version nor cached count to ask for.
        self.search_result = search.ordered_if_few(*self.search_matches)
        if not self.search_ordering():
            # By relevance: the page and the count in one query that finds the matches once.
            self.first_matches = search.first_matches(*self.search_matches)
        return self.search_ordered()

    def search_counted(self):
        """The search's matches counted (once per filters and data version: the exact count is a
        pass over every match, so page 2 and the next ones reuse it), then ordered."""
        matches, query = self.search_matches
        count = response_cache.cached_count(self.request, matches)
        self.search_result = search.ordered_matches(matches, query, count=count)
        return self.search_ordered()

    def search_ordering(self):
        """The `ordering` a search asks for instead of its own (relevance or newest first), or ""."""
        return self.request.query_params.get("ordering", "").strip()

    def search_ordered(self):
        # The ordering parameter was checked by the filter set: one of its orderings.
        ordering = self.search_ordering()
        if ordering:
            return self.search_result.statements.order_by(*StatementOrderingFilter.orderings[ordering])
        return self.search_result.statements

    def reads_version_first(self):
        """Whether this request reads the data version before its filters: the facets, kept under
        it, and a numbered page with `country` (not a cursor's nor an export's), whose parties the
        worker keeps under it: the version's query instead of the parties' (a country's count,
        most often too big to count with its page, keys on the version too)."""
        if self.action == "facets":
            return True
        params = self.request.query_params
        return self.action == "list" and "country" in params and "cursor" not in params and not self.export_format()

    def retrieve(self, request, *args, **kwargs):
        # By id, straight to its document: no queryset to compile, no model instances.
        pk = id_from_path(kwargs[self.lookup_url_kwarg or self.lookup_field])
        found = documents.statement_rows([pk])
        if not found:
            raise Http404("No Statement matches the given query.")
        return Response(documents.statement_documents(found, request)[0])

    def paginate_queryset(self, queryset):
        # A cursor page reads its sort keys from model instances.
        if "cursor" in self.request.query_params:
            return super().paginate_queryset(queryset)
        # A numbered page: its ids, selected from the statement table alone, then their rows of what
        # the documents show (documents.ROW_FIELDS) by a prepared SELECT. Selected together, the
        # joins to speaker, party, meeting and body let PostgreSQL hash the whole meeting table for
        # a search's 180 matches (5 ms of a rare word's 6 ms at a million statements), and each
        # request planned the joins again.
        ids = super().paginate_queryset(queryset.values_list("id", flat=True))
        if ids is None:
            # A search with too many matches to count with its page: counted, ordered as many, and
            # remembered so, in this worker, for its next pages.
            response_cache.remember_big(self.request)
            ids = super().paginate_queryset(self.search_counted().values_list("id", flat=True))
        return documents.statement_rows(ids)

    def accepted_parameters(self):
        accepted = super().accepted_parameters()
        if getattr(self, "action", None) == "timeline":
            accepted.add("interval")
        if getattr(self, "action", None) == "facets":
            accepted.add("facet_size")
        return accepted

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.search_result is not None:
            context["q"] = self.request.query_params.get("q")
        return context

    def selection_checked(self, errors):
        """The statements the filters select, or one 400 with the filters' errors and `errors`
        (those of the action's own parameters)."""
        try:
            selection = self.filter_queryset(Statement.objects.all())
        except ValidationError as error:
            raise ValidationError({**error.detail, **errors}) from None
        if errors:
            raise ValidationError(errors)
        return selection

    @extend_schema(
        summary="Facets of a selection of statements",
        description="Counts of the statements the same filters select, every one of them (a search's "
        "every match): by country, speaker, topic, body, mentioned party, relation and kind (the "
        "`facet_size` biggest each), and by month and year (all of them, in date order). A statement "
        "counts once in each value it has (a statement on two topics counts for both).",
        parameters=[
            OpenApiParameter(
                "facet_size",
                str,
                pattern=FACET_SIZE_PATTERN,
                default=str(DEFAULT_FACET_SIZE),
                description="How many values each facet but month and year lists, biggest first: 1 to "
                f"10,000, or `all` for every value (default {DEFAULT_FACET_SIZE}).",
            )
        ],
        responses=FacetsSerializer,
        filters=True,
    )
    @action(detail=False, pagination_class=None)
    def facets(self, request):
        errors = {}
        size = facet_size(request.query_params.get("facet_size"), errors)
        selection = self.selection_checked(errors)
        # The filters as a canonical string: the same selection whatever the parameters' order.
        key = response_cache.canonical_query(request, {"facet_size", "format"})
        version = response_cache.request_version(request)
        facets = cached_facet_counts(selection, key, size=size, version=version)
        if self.export_format():
            # As a file: one row per value counted (facet, key, name, count), no JSON in a cell.
            return Response(list(exports.facet_rows(facets)))
        return Response(facets)

    @extend_schema(
        summary="Statements over time",
        description="How many of the statements the same filters select (`q` included) fall in each month "
        "or year, in date order. A period without any is left out, not listed with 0. Every match of a "
        "search is counted. One query.",
        parameters=[
            OpenApiParameter(
                "interval",
                str,
                enum=list(TIMELINE_INTERVALS),
                default="month",
                description="The length of a period: `month` (`2024-06`) or `year` (`2024`).",
            )
        ],
        responses=TimelinePeriodSerializer(many=True),
        filters=True,
    )
    @action(detail=False, pagination_class=None)
    def timeline(self, request):
        interval = request.query_params.get("interval", "month")
        errors = {}
        if interval not in TIMELINE_INTERVALS:
            errors["interval"] = [f"Unknown interval “{interval}”; use month or year."]
        selection = self.selection_checked(errors)
        truncate, label = TIMELINE_INTERVALS[interval]
        periods = (
            selection.order_by()
            .annotate(period=truncate("date"))
            .values("period")
            .annotate(statements=Count("pk"))
            .order_by("period")
        )
        return Response([{"period": row["period"].strftime(label), "statements": row["statements"]} for row in periods])


def edge_conditions(cleaned, source="party"):
    """The lookups on a statement and its mentions that make an edge of `relations/`: a speaking
    party and a mention, and of those the ones the filters name. `country` is the edge's source
    (the statement's party, or with `source="joint_parties"` each of its further parties),
    `mentions` its target and `relation` its own relation."""
    conditions = {f"{source}__isnull": False, "mentions__isnull": False}
    if cleaned.get("country"):
        conditions[f"{source}__in"] = cleaned["country"]
    if cleaned.get("mentions"):
        conditions["mentions__party__in"] = cleaned["mentions"]
    if cleaned.get("relation"):
        conditions["mentions__relation"] = cleaned["relation"]
    return conditions


# The order of edges with the same number of statements.
EDGE_ORDER = ["party__code", "mentions__party__code", "mentions__relation"]


def joint_as_party(row):
    """An edge row of a statement's further party, keyed as the rows of its own party are."""
    return {key.replace("joint_parties__", "party__", 1): value for key, value in row.items()}


def merge_edges(rows, more):
    """Edge rows added up by source, target and relation (counts summed, dates widened), in the
    order of the edges' query: most statements first."""
    merged = {}
    for row in [*rows, *more]:
        key = (row["party__code"], row["mentions__party__code"], row["mentions__relation"])
        if key in merged:
            known = merged[key]
            known["statements"] += row["statements"]
            known["first_date"] = min(known["first_date"], row["first_date"])
            known["last_date"] = max(known["last_date"], row["last_date"])
        else:
            merged[key] = dict(row)
    return sorted(merged.values(), key=lambda row: (-row["statements"], *[row[name] for name in EDGE_ORDER]))


@extend_schema_view(
    list=extend_schema(
        summary="Relations between parties",
        description="Who treats whom how: for the statements the filters select, one edge per speaking party, "
        "mentioned party and relation, with the number of statements and their first and last dates; "
        "most statements first; a joint statement is an edge of each party it was made for. `country` chooses the "
        "edges' source (the speaking party), `mentions` their "
        "target and `relation` their relation; the other filters choose the statements counted. "
        "`?format=csv` gives every edge.",
    )
)
class RelationViewSet(ApiViewMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = RelationSerializer
    filterset_class = StatementFilter
    queryset = Statement.objects.all()

    def get_queryset(self):
        return Statement.objects.order_by()

    @response_cache.cached_response
    def list(self, request, *args, **kwargs):
        # The filter set of the filter backend, built here to read its cleaned values too.
        filters = self.filterset_class(request.query_params, queryset=self.get_queryset(), request=request)
        if not filters.is_valid():
            raise translate_validation(filters.errors)
        statements = filters.qs
        q = request.query_params.get("q", "").strip()
        if q:
            statements = search.match_statements(statements, q)

        # Driven from the selected statements (an index lookup of their mentions each), not from
        # all mentions filtered by a subquery, which reads every mention of the database.
        # The conditions on the edge go in the same filter() as the join to the mentions, so
        # that they choose the mentions that become edges, not only the statements.
        def edges(source):
            return (
                statements.filter(**edge_conditions(filters.form.cleaned_data, source))
                .values(
                    f"{source}__code",
                    f"{source}__name",
                    f"{source}__short_name",
                    "mentions__party__code",
                    "mentions__party__name",
                    "mentions__party__short_name",
                    "mentions__relation",
                )
                # One mention per statement, party and relation (a unique constraint): this counts statements.
                .annotate(statements=Count("pk"), first_date=Min("date"), last_date=Max("date"))
                .order_by("-statements", f"{source}__code", "mentions__party__code", "mentions__relation")
            )

        # A joint statement is an edge of each of its parties. Joint statements are few: their edges
        # come whole in one more query, and only when there are some are the statement's own
        # parties' edges read whole too and merged with them, rather than paged in the database.
        joint = [joint_as_party(row) for row in edges("joint_parties")]
        direct = edges("party")
        if joint:
            direct = merge_edges(list(direct), joint)
        if self.export_format():
            page = None
            rows = list(direct)
        elif joint:
            rows = page = self.paginator.paginate_rows(direct, request)
        else:
            rows = page = self.paginator.paginate_with_window_count(direct, request)
        data = [
            {
                "source": {"code": row["party__code"], "name": row["party__short_name"] or row["party__name"]},
                "target": {
                    "code": row["mentions__party__code"],
                    "name": row["mentions__party__short_name"] or row["mentions__party__name"],
                },
                "relation": row["mentions__relation"],
                "statements": row["statements"],
                "first_date": row["first_date"],
                "last_date": row["last_date"],
            }
            for row in rows
        ]
        if page is None:
            flat = [
                {
                    "source_code": row["source"]["code"],
                    "source_name": row["source"]["name"],
                    "relation": row["relation"],
                    "target_code": row["target"]["code"],
                    "target_name": row["target"]["name"],
                    "statements": row["statements"],
                    "first_date": row["first_date"],
                    "last_date": row["last_date"],
                }
                for row in data
            ]
            return Response(flat)
        return self.get_paginated_response(RelationSerializer(data, many=True).data)


# Meetings, delegates, sources, topics, bodies, countries, organisations.


def vetoes():
    """The prefetch of each vote's `vetoes`: the ballots of Ballot.objects.vetoes(), with their parties."""
    return Prefetch("ballots", queryset=Ballot.objects.vetoes().select_related("party"), to_attr="vetoes")


def votes_for_api():
    """Votes with their meeting, draft and source joined; their ballots and their vetoes in two
    more queries, whatever the number of votes.

    Ordered newest meeting first, then by meeting and order within it (unique, so deterministic).
    """
    ballots = Ballot.objects.select_related("party").order_by("party__short_name", "party__name", "id")
    return (
        Vote.objects.select_related("meeting", "draft", "source")
        .defer("source__text")
        .prefetch_related(Prefetch("ballots", queryset=ballots), vetoes())
        .order_by("-meeting__date", "meeting_id", "sequence")
    )


@extend_schema_view(
    list=extend_schema(
        summary="List meetings",
        description="Newest first, with who presided and took part and the documents of the meeting.",
    ),
    retrieve=extend_schema(summary="A meeting, with its votes", responses=MeetingDetailSerializer),
)
@write_schema("meeting", MeetingWriteSerializer, MeetingSerializer)
class MeetingViewSet(ApiViewMixin, EditableMixin, IdLookupMixin, viewsets.ModelViewSet):
    read_serializer_class = MeetingSerializer
    write_serializer_class = MeetingWriteSerializer
    filterset_class = MeetingFilter
    export = exports.MEETINGS

    def get_queryset(self):
        """Meetings with their body, president and presiding member joined, and their requesting
        parties, participants, briefers and sources in four more queries (a fixed number per page);
        one meeting adds its votes and their vetoes (two more)."""
        if self.action == "statements":
            # Only to know that the meeting exists.
            return Meeting.objects.order_by()
        meetings = (
            Meeting.objects.select_related("body", "president", "presiding_party")
            .prefetch_related(
                "requested_by",
                Prefetch(
                    "participants",
                    queryset=Participant.objects.select_related("party").order_by("sequence", "id"),
                ),
                Prefetch("briefers", queryset=Delegate.objects.order_by("sort_name", "id")),
                Prefetch("sources", queryset=Source.objects.defer("text").order_by("published_on", "id")),
            )
            .order_by("-date", "-id")
        )
        if self.action == "retrieve":
            votes = Vote.objects.select_related("draft").prefetch_related(vetoes()).order_by("sequence")
            meetings = meetings.prefetch_related(Prefetch("votes", queryset=votes))
        return meetings

    def get_serializer_class(self):
        if self.action == "retrieve":
            return MeetingDetailSerializer
        return super().get_serializer_class()

    @extend_schema(
        summary="A meeting's statements, in the order they were made",
        responses=StatementSerializer(many=True),
        filters=False,
        parameters=[OpenApiParameter("format", str, enum=["json", "csv", "jsonl"])],
    )
    @action(detail=True, filter_backends=[], serializer_class=StatementSerializer, url_path="statements")
    @response_cache.cached_response
    def statements(self, request, pk=None):
        meeting = self.get_object()
        statements = statements_for_api().filter(meeting=meeting).order_by("sequence", "id")
        fmt = self.export_format()
        if fmt:
            return exports.export_response(self.export_statements, statements, request, fmt, f"meeting-{meeting.pk}")
        # The page's ids with their count (a meeting has a few hundred at most), then their rows,
        # as a list of statements reads them (StatementViewSet).
        ids = self.paginator.paginate_ids_with_count(statements.values_list("id", flat=True), request)
        page = documents.statement_rows(ids)
        return self.get_paginated_response(documents.statement_documents(page, request))

    export_statements = exports.STATEMENTS


# Votes and drafts.


@extend_schema_view(
    list=extend_schema(
        summary="List votes",
        description=(
            "One item per vote, newest meeting first, then in the order taken, with each member's ballot. "
            "`?format=csv` or `?format=jsonl` gives every matching vote as one flat row, the members "
            "of each choice as codes separated by semicolons."
        ),
        parameters=[
            OpenApiParameter(
                "format",
                str,
                enum=["json", "csv", "jsonl"],
                description="Export every matching vote as CSV or JSON Lines.",
            )
        ],
    ),
    retrieve=extend_schema(summary="A vote, with each member's ballot"),
)
class VoteViewSet(ApiViewMixin, IdLookupMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = VoteSerializer
    filterset_class = VoteFilter
    export = exports.VOTES

    def get_queryset(self):
        return votes_for_api()


class SymbolLookupMixin:
    """A draft by its symbol in the path, slashes and all: /api/v1/drafts/S/2024/255/.

    The router anchors the pattern with the final slash, so everything before it is the symbol
    ("S/2024/255/Rev.1" too); the list also takes `?symbol=`. Case-insensitive.
    """

    lookup_field = "symbol"
    lookup_value_regex = ".+"

    def get_object(self):
        symbol = self.kwargs["symbol"]
        queryset = self.get_queryset()
        draft = queryset.filter(symbol=symbol).first() or queryset.filter(symbol__iexact=symbol).first()
        if draft is None:
            raise NotFound(f"No draft has the symbol {symbol}.")
        return draft


@extend_schema_view(
    list=extend_schema(
        summary="List draft resolutions",
        description="Most recently voted on first (drafts never voted on last), with their sponsors and votes.",
    ),
    retrieve=extend_schema(
        summary="A draft resolution by its symbol",
        description="The symbol as it is, slashes included: `/api/v1/drafts/S/2024/255/`.",
    ),
)
class DraftViewSet(ApiViewMixin, SymbolLookupMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = DraftSerializer
    filterset_class = DraftFilter
    export = exports.DRAFTS

    def get_queryset(self):
        """Drafts with their sponsors, their votes with meetings, and the vetoes: three more queries a page."""
        votes = (
            Vote.objects.select_related("meeting")
            .prefetch_related(vetoes())
            .order_by("meeting__date", "meeting_id", "sequence")
        )
        return (
            Draft.objects.annotate(last_vote=Max("votes__meeting__date"))
            .prefetch_related(
                Prefetch("sponsors", queryset=Party.objects.order_by("short_name", "name", "code")),
                Prefetch("votes", queryset=votes),
            )
            .order_by(F("last_vote").desc(nulls_last=True), "-id")
        )


@extend_schema_view(list=extend_schema(summary="List delegates", description="In name order."))
@write_schema("delegate", DelegateWriteSerializer, DelegateSerializer)
class DelegateViewSet(ApiViewMixin, EditableMixin, IdLookupMixin, viewsets.ModelViewSet):
    read_serializer_class = DelegateSerializer
    write_serializer_class = DelegateWriteSerializer
    filterset_class = DelegateFilter
    export = exports.DELEGATES

    def get_queryset(self):
        return Delegate.objects.prefetch_related("positions__party", "aliases").order_by("sort_name", "id")


@extend_schema_view(list=extend_schema(summary="List sources", description="Newest first; without their full text."))
@write_schema("source", SourceWriteSerializer, SourceDetailSerializer)
class SourceViewSet(ApiViewMixin, EditableMixin, IdLookupMixin, viewsets.ModelViewSet):
    filterset_class = SourceFilter
    read_serializer_class = SourceDetailSerializer
    write_serializer_class = SourceWriteSerializer
    export = exports.SOURCES

    def get_queryset(self):
        sources = Source.objects.order_by("-published_on", "-id")
        return sources.defer("text") if self.action == "list" else sources

    def get_serializer_class(self):
        if self.action == "list":
            return SourceSerializer
        return super().get_serializer_class()


class SlugLookupMixin:
    lookup_field = "slug"
    lookup_value_regex = "[^/]+"

    def get_object(self):
        return get_object_or_404(self.get_queryset(), slug=self.kwargs["slug"])


@extend_schema_view(list=extend_schema(summary="List topics", description="In name order."))
@write_schema("topic", TopicWriteSerializer, TopicSerializer)
class TopicViewSet(ApiViewMixin, EditableMixin, SlugLookupMixin, viewsets.ModelViewSet):
    read_serializer_class = TopicSerializer
    write_serializer_class = TopicWriteSerializer
    filterset_class = TopicFilter
    export = exports.TOPICS
    queryset = Topic.objects.order_by("name", "id")


@extend_schema_view(list=extend_schema(summary="List bodies", description="In name order."))
class BodyViewSet(ApiViewMixin, SlugLookupMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = BodySerializer
    filterset_class = BodyFilter
    export = exports.BODIES
    queryset = Body.objects.order_by("name", "id")


class PartyLookupMixin:
    lookup_field = "code"
    lookup_value_regex = "[^/]+"
    serializer_class = PartySerializer
    filterset_class = PartyFilter

    def get_object(self):
        return get_object_or_404(self.get_queryset(), code=self.normalise_code(self.kwargs["code"]))


@extend_schema_view(
    list=extend_schema(summary="List countries", description="States from ISO 3166, by short name."),
    retrieve=extend_schema(
        summary="A country by its ISO 3166 alpha-3 code (case-insensitive)",
        description="With its seats on the Council and other bodies, by body, then earliest first.",
    ),
)
class CountryViewSet(ApiViewMixin, PartyLookupMixin, viewsets.ReadOnlyModelViewSet):
    export = exports.COUNTRIES

    def get_queryset(self):
        countries = Country.objects.order_by("short_name", "code")
        if self.action == "retrieve":
            # One more query: the country's seats with their bodies.
            return countries.prefetch_related(Prefetch("seats", queryset=seats_in_order()))
        return countries

    def get_serializer_class(self):
        return CountryDetailSerializer if self.action == "retrieve" else PartySerializer

    @staticmethod
    def normalise_code(code):
        return code.upper()


@extend_schema_view(list=extend_schema(summary="List organisations", description="By short name."))
class OrganisationViewSet(ApiViewMixin, PartyLookupMixin, viewsets.ReadOnlyModelViewSet):
    export = exports.ORGANISATIONS
    queryset = Organisation.objects.order_by("short_name", "code")

    @staticmethod
    def normalise_code(code):
        return code


# Seats on the Council.


def seats_in_order():
    """Seats with their country and body, by body, then earliest first (an unknown start first), then country."""
    return CouncilSeat.objects.select_related("country", "body").order_by(
        "body__name", F("start").asc(nulls_first=True), "country__short_name", "country__code", "id"
    )


@extend_schema_view(
    list=extend_schema(
        summary="List seats on the Council",
        description=(
            "Who held a seat on which body, permanent or elected, from when to when; by body, then "
            "earliest first (unknown starts first), then country. `on` gives the members on one day. "
            "`?format=csv` or `?format=jsonl` gives every matching seat."
        ),
        parameters=[
            OpenApiParameter(
                "format",
                str,
                enum=["json", "csv", "jsonl"],
                description="Export every matching seat as CSV or JSON Lines.",
            )
        ],
    ),
)
class SeatViewSet(ApiViewMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = SeatSerializer
    filterset_class = SeatFilter
    export = exports.SEATS

    def get_queryset(self):
        return seats_in_order()
