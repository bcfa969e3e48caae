"""Paging for the API: numbered pages with a total count, or a cursor for walking through everything.

Both reject bad parameters with a 400 naming them instead of clamping or guessing.
"""

import datetime
import operator
from functools import reduce

from django.core import signing
from django.core.paginator import Page
from django.core.paginator import Paginator as DjangoPaginator
from django.db.models import Count, DateField, F, IntegerField, Q, Window
from django.db.models.expressions import RawSQL
from django.template import loader
from django.utils.functional import cached_property
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import BasePagination, PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from statements import search as statement_search
from statements.api import response_cache
from statements.filters import StatementOrderingFilter
from statements.models import Statement

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
# Far beyond any real list, but small enough that the offset fits every database's integers.
MAX_PAGE_NUMBER = 10_000_000
# A selection of statements smaller than this is counted in its page's query every time; a bigger
# one once, its count then kept under the data version (PagePagination.paginate_ids_counting_small).
SMALL_SELECTION = 1000


def page_size_from(request, default=DEFAULT_PAGE_SIZE):
    """The `page_size` parameter, checked: a whole number from 1 to MAX_PAGE_SIZE."""
    value = request.query_params.get("page_size")
    if value is None or value == "":
        return default
    try:
        size = int(value)
    except ValueError:
        raise ValidationError({"page_size": ["Must be a whole number."]}) from None
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise ValidationError({"page_size": [f"Must be between 1 and {MAX_PAGE_SIZE}."]})
    return size


class KnownCountPaginator(DjangoPaginator):
    """A paginator told the count in advance (a search's or a cached count), so it never counts itself."""

    def __init__(self, *args, count, **kwargs):
        super().__init__(*args, **kwargs)
        self._known_count = count

    @cached_property
    def count(self):
        return self._known_count


class PagePagination(PageNumberPagination):
    """`?page=2&page_size=100`; the response has `count`, `next`, `previous` and `results`.

    `count` is always exact. When the view ran a search, it is the search's (counted once per
    filters and data version); a view with `cache_counts` reuses its count across pages the same way.
    """

    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        return page_size_from(request)

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        page_size = self.get_page_size(request)
        number = self.get_page_number_checked(request)
        search = getattr(view, "search_result", None)
        if search is not None and search.count is None:
            # Matches ordered as few (`search.ordered_if_few`): counted with the page if they are,
            # else None, and the view counts them and orders them as many.
            first_matches = getattr(view, "first_matches", None)
            if first_matches is not None:
                return self.paginate_first_matches(first_matches, page_size, number)
            return self.paginate_ids_counting_small(queryset, page_size, number, most=statement_search.RANK_LIMIT)
        if search is not None:
            paginator = KnownCountPaginator(queryset, page_size, count=search.count)
        elif getattr(view, "cache_counts", False):
            if not response_cache.known_big(request):
                page = self.paginate_ids_counting_small(queryset, page_size, number)
                if page is not None:
                    return page
                response_cache.remember_big(request)
            count, remember = response_cache.remembered_count(request, queryset)
            if count is None:
                return self.paginate_ids_counting(queryset, page_size, number, remember)
            paginator = KnownCountPaginator(queryset, page_size, count=count)
        else:
            paginator = DjangoPaginator(queryset, page_size)
        self.check_page_exists(number, paginator)
        self.page = paginator.page(number)
        return list(self.page)

    def paginate_ids_counting(self, ids, page_size, number, remember):
        """The page of `ids` (a flat `values_list` of ids) and their count in one query, the count
        kept with `remember`.

        A count of its own was one more round trip for a page whose count the cache did not have
        (a speaker, a meeting, filters asked for the first time); under load a round trip cost the
        machine about as much as the query (bench/README.md, seventh pass). The window counts the
        rows the count would have counted, in the same index.
        """
        page_ids, total = self._ids_with_total(
            self._rows_with(ids, Window(Count("*"))), page_size, number, lambda: ids.order_by().count()
        )
        remember(total)
        return self._ids_page(ids, page_ids, page_size, number, total)

    def paginate_ids_with_count(self, ids, request):
        """The page of `ids` (a flat `values_list` of ids) and their count in one query, the count
        not kept: for a selection never big enough to be worth keeping (a meeting's statements)."""
        self.request = request
        page_size, number = self.get_page_size(request), self.get_page_number_checked(request)
        return self.paginate_ids_counting(ids, page_size, number, lambda count: None)

    def paginate_ids_counting_small(self, ids, page_size, number, *, most=None):
        """The page of `ids` (a flat `values_list` of ids) and their count in one query if they are
        fewer than SMALL_SELECTION (or than the rows up to this page) and no more than `most`, else
        None.

        Counting a few hundred rows in the page's query is cheaper than what keeps a count: the
        data version from PostgreSQL and the count from the cache, two round trips (~0.4 ms of the
        machine's CPU each under load; bench/README.md, seventh pass). The count is of at most
        `cap` rows, so a big selection (one country, a common word) costs little more than its page
        before it goes the cached way, which the worker then remembers (`paginate_queryset`).
        """
        cap = max(SMALL_SELECTION, number * page_size) + 1
        capped, params = ids.order_by()[:cap].query.get_compiler(ids.db).as_sql()
        total = RawSQL(f"SELECT COUNT(*) FROM ({capped}) AS capped", params, output_field=IntegerField())
        # Past the end of the selection, or of the cap: counted on its own, capped too.
        page_ids, total = self._ids_with_total(
            self._rows_with(ids, total), page_size, number, lambda: ids[:cap].count()
        )
        if total >= cap or (most is not None and total > most):
            return None
        return self._ids_page(ids, page_ids, page_size, number, total)

    def paginate_first_matches(self, first_matches, page_size, number):
        """The page of a search's first matches (`search.FirstMatches`) and their count, in one
        query, if they are no more than RANK_LIMIT, else None (as `paginate_ids_counting_small`)."""
        page_ids, total = self._ids_with_total(first_matches.rows, page_size, number, first_matches.count)
        if total > statement_search.RANK_LIMIT:
            return None
        return self._ids_page(page_ids, page_ids, page_size, number, total)

    @staticmethod
    def _ids_with_total(read, page_size, number, count_alone):
        """The ids of page `number`, read by `read(offset, limit)` as rows of (id, total), and that
        total: 0 for an empty first page, and `count_alone()` past the end, where no row carries it."""
        rows = read((number - 1) * page_size, page_size)
        if rows:
            return [pk for pk, _ in rows], rows[0][1]
        return [], 0 if number == 1 else count_alone()

    @staticmethod
    def _rows_with(ids, total):
        """A `read` for `_ids_with_total`: the rows of `ids`, each carrying `total` (an expression)."""
        return lambda offset, limit: list(
            ids.annotate(_total=total).values_list("id", "_total")[offset : offset + limit]
        )

    def _ids_page(self, ids, page_ids, page_size, number, total):
        """Page `number` of `total` ids (its own `page_ids`), or NotFound past the end."""
        paginator = KnownCountPaginator(ids, page_size, count=total)
        self.check_page_exists(number, paginator)
        self.page = Page(page_ids, number, paginator)
        return self.page.object_list

    @staticmethod
    def check_page_exists(number, paginator):
        if number > 1 and number > paginator.num_pages:
            raise NotFound(f"There is no page {number}; the last page is {paginator.num_pages}.")

    def get_page_number_checked(self, request):
        raw_page = request.query_params.get(self.page_query_param) or "1"
        try:
            number = int(raw_page)
        except ValueError:
            raise ValidationError({"page": ["Must be a whole number."]}) from None
        if not 1 <= number <= MAX_PAGE_NUMBER:
            raise ValidationError({"page": [f"Must be from 1 to {MAX_PAGE_NUMBER:,}; walk deeper with `cursor`."]})
        return number

    def paginate_with_window_count(self, queryset, request):
        """One query instead of two: each row of the page carries the total as `COUNT(*) OVER ()`.

        For aggregated querysets (`values().annotate()`), whose separate count would redo the
        whole aggregation.
        """
        self.request = request
        page_size = self.get_page_size(request)
        number = self.get_page_number_checked(request)
        offset = (number - 1) * page_size
        rows = list(queryset.annotate(_total=Window(Count("*")))[offset : offset + page_size])
        if not rows and number > 1:
            raise NotFound(f"There is no page {number}.")
        total = rows[0]["_total"] if rows else 0
        for row in rows:
            del row["_total"]
        self.page = Page(rows, number, KnownCountPaginator([], page_size, count=total))
        return rows

    def paginate_rows(self, rows, request):
        """One page of `rows`, a list already whole in memory (merged from several queries)."""
        self.request = request
        page_size = self.get_page_size(request)
        number = self.get_page_number_checked(request)
        offset = (number - 1) * page_size
        page = rows[offset : offset + page_size]
        if not page and number > 1:
            raise NotFound(f"There is no page {number}.")
        self.page = Page(page, number, KnownCountPaginator([], page_size, count=len(rows)))
        return page

    def get_paginated_response_schema(self, schema):
        result = super().get_paginated_response_schema(schema)
        # The same component serves cursor paging (no count), so only the results are required.
        result["required"] = ["results"]
        result["properties"]["count"]["description"] = "The exact number of matches; absent in cursor paging."
        return result

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == "page_size":
                parameter["schema"].update({"minimum": 1, "maximum": MAX_PAGE_SIZE, "default": DEFAULT_PAGE_SIZE})
                parameter["description"] = f"Results per page, 1 to {MAX_PAGE_SIZE} (default {DEFAULT_PAGE_SIZE})."
            if parameter["name"] == "page":
                parameter["schema"]["minimum"] = 1
        return parameters


class KeyField:
    """One column of a cursor's key: its path, its direction, and where its NULLs sort.

    A NULL sorts as if greater than every value, as PostgreSQL sorts it by default: last going up,
    first going down. So PostgreSQL's indexes serve the explicit NULLS FIRST/LAST, and SQLite
    (whose default is the opposite) gives the same order.
    """

    def __init__(self, name, *, descending, nullable, field, nulls_first=None):
        self.name = name
        self.descending = descending
        self.nullable = nullable
        self.field = field
        self.nulls_first = descending if nulls_first is None else nulls_first

    @classmethod
    def parse(cls, model, term):
        """`"-meeting__date"` of `model` as a KeyField; nullable if a relation on the way is."""
        name = term.removeprefix("-")
        nullable = False
        *relations, last = name.split("__")
        for part in relations:
            relation = model._meta.get_field(part)
            nullable = nullable or relation.null
            model = relation.related_model
        field = model._meta.get_field(last)
        return cls(name, descending=term.startswith("-"), nullable=nullable or field.null, field=field)

    def reversed(self):
        return KeyField(
            self.name,
            descending=not self.descending,
            nullable=self.nullable,
            field=self.field,
            nulls_first=not self.nulls_first,
        )

    def order_by(self):
        if not self.nullable:
            return f"-{self.name}" if self.descending else self.name
        nulls = {"nulls_first": True} if self.nulls_first else {"nulls_last": True}
        return F(self.name).desc(**nulls) if self.descending else F(self.name).asc(**nulls)

    def equal(self, value):
        return Q(**{f"{self.name}__isnull": True}) if value is None else Q(**{self.name: value})

    def after(self, value):
        """Rows whose value sorts strictly after `value`, or None if none can."""
        if value is None:
            return Q(**{f"{self.name}__isnull": False}) if self.nulls_first else None
        beyond = Q(**{f"{self.name}__{'lt' if self.descending else 'gt'}": value})
        if self.nullable and not self.nulls_first:
            beyond |= Q(**{f"{self.name}__isnull": True})
        return beyond

    def to_token(self, value):
        return value.isoformat() if isinstance(value, datetime.date) else value

    def from_token(self, value):
        """The value as the cursor carried it, checked; ValueError if it cannot be one of this column's."""
        if value is None:
            if not self.nullable:
                raise ValueError(f"{self.name} cannot be null")
            return None
        if isinstance(self.field, DateField):
            if not isinstance(value, str):
                raise ValueError(f"{self.name} must be a date")
            return datetime.date.fromisoformat(value)
        # Every other key column is an id or a sequence number.
        if type(value) is not int or not 0 <= value < 2**63:
            raise ValueError(f"{self.name} must be a whole number")
        return value


def keyset_condition(keyset, values):
    """Rows after the row whose key is `values` in the order `keyset`, as one filter.

    For (-date, -id) it reads `date <= d AND (date < d OR (date = d AND id < i))`: the first,
    redundant, bound lets the database start in the (-date, -id) index at the cursor's date instead
    of filtering from the top of it. EXPLAIN ANALYZE on PostgreSQL 15 with 300,000 statements, for
    the default walk halfway down, shows `Limit -> Index Scan using statement_date_idx` with
    `Index Cond: (date <= d)` and the rest as a filter that removed only that day's rows already
    shown (141), in 0.6 ms: a page costs the same however deep the walk.
    """
    alternatives = []
    equal_so_far = Q()
    for field, value in zip(keyset, values, strict=True):
        step = field.after(value)
        if step is not None:
            alternatives.append(equal_so_far & step)
        equal_so_far &= field.equal(value)
    if not alternatives:
        return Q(pk__in=[])
    condition = reduce(operator.or_, alternatives)
    first, value = keyset[0], values[0]
    if not first.nullable:
        condition &= Q(**{f"{first.name}__{'lte' if first.descending else 'gte'}": value})
    return condition


class KeysetCursorPagination(BasePagination):
    """Stable deep paging: `?cursor=` walks every row once, in any order `orderings` names.

    The cursor holds the whole sort key of the last row shown (ending with `id`, so it is unique),
    and the next page is the rows after that key. Rows added or deleted meanwhile, even on the
    same date, neither shift the walk nor make it repeat or skip a row present throughout.
    The token is signed: one this API did not give out is refused with a 400.
    """

    cursor_query_param = "cursor"
    signing_salt = "statements.api.cursor"
    broken_message = "Not a cursor this API gave out; start with `cursor=` and follow `next`."
    display_page_controls = True

    def __init__(self, model, orderings, default):
        self.model = model
        self.orderings = orderings
        self.default = default

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        page_size = page_size_from(request)
        self.ordering = self.get_ordering(request)
        self.keyset = keyset = [KeyField.parse(self.model, term) for term in self.orderings[self.ordering]]
        values, backwards = self.decode_cursor(request, keyset)
        walk = [field.reversed() for field in keyset] if backwards else keyset
        queryset = queryset.order_by(*(field.order_by() for field in walk))
        # The key's values come with each row, whatever the serializer loads.
        queryset = queryset.annotate(**{f"cursor_key_{n}": F(field.name) for n, field in enumerate(keyset)})
        if values is not None:
            queryset = queryset.filter(keyset_condition(walk, values))
        rows = list(queryset[: page_size + 1])
        more = len(rows) > page_size
        rows = rows[:page_size]
        if backwards:
            rows.reverse()
        first = self.key_of(rows[0], keyset) if rows else values
        last = self.key_of(rows[-1], keyset) if rows else values
        has_next = True if backwards else more
        has_previous = more if backwards else values is not None
        self.next_link = self.link(last, backwards=False) if has_next and last is not None else None
        self.previous_link = self.link(first, backwards=True) if has_previous and first is not None else None
        return rows

    def get_ordering(self, request):
        # The filter set has checked the parameter already; the first value counts, as there.
        requested = request.query_params.get("ordering", "").split(",")[0].strip() or self.default
        if requested not in self.orderings:
            raise ValidationError({"ordering": [f"Cursor paging orders by {', '.join(self.orderings)}."]})
        return requested

    def decode_cursor(self, request, keyset):
        """The key and direction the `cursor` parameter holds; (None, False) for the first page."""
        token = request.query_params.get(self.cursor_query_param, "")
        if not token:
            return None, False
        try:
            content = signing.loads(token, salt=self.signing_salt)
            if not isinstance(content, dict) or set(content) - {"o", "k", "b"}:
                raise ValueError("not a cursor")
            if content.get("o") != self.ordering:
                message = f"This cursor walks `ordering={content.get('o')}`; keep that ordering or start again."
                raise ValidationError({self.cursor_query_param: [message]})
            tokens = content.get("k")
            if not isinstance(tokens, list) or len(tokens) != len(keyset):
                raise ValueError("wrong key length")
            values = [field.from_token(value) for field, value in zip(keyset, tokens, strict=True)]
        except (signing.BadSignature, ValueError, TypeError):
            raise ValidationError({self.cursor_query_param: [self.broken_message]}) from None
        return values, content.get("b") is True

    def key_of(self, row, keyset):
        return [getattr(row, f"cursor_key_{n}") for n in range(len(keyset))]

    def link(self, values, *, backwards):
        content = {
            "o": self.ordering,
            "k": [field.to_token(value) for field, value in zip(self.keyset, values, strict=True)],
        }
        if backwards:
            content["b"] = True
        token = signing.dumps(content, salt=self.signing_salt, compress=False)
        return replace_query_param(self.request.build_absolute_uri(), self.cursor_query_param, token)

    def get_paginated_response(self, data):
        return Response({"next": self.next_link, "previous": self.previous_link, "results": data})

    def get_results(self, data):
        return data["results"]

    def to_html(self):
        template = loader.get_template("rest_framework/pagination/previous_and_next.html")
        return template.render({"previous_url": self.previous_link, "next_url": self.next_link})


class StatementPagination:
    """Page-number paging, switching to cursor paging when the request has `?cursor=`.

    One class for both, so that the schema documents both parameters and one response shape
    (`count` is absent in cursor mode).
    """

    def __init__(self):
        self.pages = PagePagination()
        self.cursor = KeysetCursorPagination(Statement, StatementOrderingFilter.orderings, default="-date")
        self.active = self.pages

    def paginate_queryset(self, queryset, request, view=None):
        if "cursor" in request.query_params:
            self.active = self.cursor
        return self.active.paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        return self.active.get_paginated_response(data)

    def get_paginated_response_schema(self, schema):
        return self.pages.get_paginated_response_schema(schema)

    def get_results(self, data):
        # The browsable API asks for it to decide whether to show a filter form.
        return self.active.get_results(data)

    def get_schema_operation_parameters(self, view):
        return [
            *self.pages.get_schema_operation_parameters(view),
            {
                "name": "cursor",
                "required": False,
                "in": "query",
                "description": (
                    "Cursor paging: send `cursor=` (empty) for the first page, then follow `next`. "
                    "Takes every `ordering` but relevance (`-date` by default, also with `q`: a search's "
                    "cursor walks every match newest first) and walks every row present throughout exactly "
                    "once, while rows are added or deleted."
                ),
                "schema": {"type": "string"},
            },
        ]

    def to_html(self):
        return self.active.to_html()

    @property
    def display_page_controls(self):
        return self.active.display_page_controls
