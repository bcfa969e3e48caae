"""Paging for the API: numbered pages with a total count, or a cursor for walking through everything.

Both reject bad parameters with a 400 naming them instead of clamping or guessing.
"""

import binascii
import datetime
from base64 import b64decode
from urllib.parse import parse_qs

from django.core.paginator import Page
from django.core.paginator import Paginator as DjangoPaginator
from django.db.models import Count, Window
from django.utils.functional import cached_property
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination, PageNumberPagination

from statements.api import response_cache

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
# Far beyond any real list, but small enough that the offset fits every database's integers.
MAX_PAGE_NUMBER = 10_000_000


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
    """A paginator told the count in advance (a search's capped count), so it never counts itself."""

    def __init__(self, *args, count, **kwargs):
        super().__init__(*args, **kwargs)
        self._known_count = count

    @cached_property
    def count(self):
        return self._known_count


class PagePagination(PageNumberPagination):
    """`?page=2&page_size=100`; the response has `count`, `next`, `previous` and `results`.

    When the view ran a search, the count is the search's, capped, and `count_capped` says so.
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
        if search is not None:
            paginator = KnownCountPaginator(queryset, page_size, count=search.count)
            self.count_capped = search.capped
        elif getattr(view, "cache_counts", False):
            paginator = KnownCountPaginator(queryset, page_size, count=response_cache.cached_count(request, queryset))
            self.count_capped = False
        else:
            paginator = DjangoPaginator(queryset, page_size)
            self.count_capped = False
        if number > 1 and number > paginator.num_pages:
            raise NotFound(f"There is no page {number}; the last page is {paginator.num_pages}.")
        self.page = paginator.page(number)
        return list(self.page)

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
        self.count_capped = False
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

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        if self.count_capped:
            response.data["count_capped"] = True
        return response

    def get_paginated_response_schema(self, schema):
        result = super().get_paginated_response_schema(schema)
        # The same component serves cursor paging (no count), so only the results are required.
        result["required"] = ["results"]
        result["properties"]["count"]["description"] = "Total matches; absent in cursor paging."
        result["properties"]["count_capped"] = {
            "type": "boolean",
            "description": "Present and true when a search has more matches than `count`.",
        }
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


class StatementCursorPagination(CursorPagination):
    """Stable deep paging: `?cursor=` walks all rows newest first (or oldest first with `ordering=date`).

    The order is on (date, id), which is unique, so rows added meanwhile are neither skipped nor repeated.
    """

    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    ordering = ("-date", "-id")

    def get_page_size(self, request):
        return page_size_from(request)

    def get_ordering(self, request, queryset, view):
        requested = request.query_params.get("ordering", "")
        if requested in ("", "-date"):
            return ("-date", "-id")
        if requested == "date":
            return ("date", "id")
        raise ValidationError({"ordering": ["Cursor paging orders by date or -date only."]})

    def decode_cursor(self, request):
        broken = ValidationError(
            {"cursor": ["Not a cursor this API gave out; start with `cursor=` and follow `next`."]}
        )
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded is None:
            return None
        try:
            tokens = parse_qs(b64decode(encoded.encode("ascii"), validate=True).decode("ascii"), keep_blank_values=True)
            cursor = super().decode_cursor(request)
            if not tokens or set(tokens) - {"o", "r", "p"}:
                raise broken
            if cursor.position is not None:
                datetime.date.fromisoformat(cursor.position)
        except (NotFound, ValueError, UnicodeError, binascii.Error):
            raise broken from None
        return cursor


class StatementPagination:
    """Page-number paging, switching to cursor paging when the request has `?cursor=`.

    One class for both, so that the schema documents both parameters and one response shape
    (`count` is absent in cursor mode).
    """

    def __init__(self):
        self.pages = PagePagination()
        self.cursor = StatementCursorPagination()
        self.active = self.pages

    def paginate_queryset(self, queryset, request, view=None):
        if "cursor" in request.query_params:
            self.active = self.cursor
            if not request.query_params["cursor"]:
                # The first page of a cursor walk: `?cursor=` with no value.
                request = _without_cursor(request)
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
                    "Orders by `-date` (default) or `date`, and walks every row exactly once."
                ),
                "schema": {"type": "string"},
            },
        ]

    def to_html(self):
        return self.active.to_html()

    @property
    def display_page_controls(self):
        return self.active.display_page_controls


def _without_cursor(request):
    """`request` as seen by the cursor paginator for the first page."""
    request._request.GET = request._request.GET.copy()
    del request._request.GET["cursor"]
    return request
