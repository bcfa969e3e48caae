"""The search page: statements matching words and filters, counted, faceted and paged."""

import math
from urllib.parse import urlencode

from django.core.exceptions import BadRequest
from django.shortcuts import render
from django.urls import reverse

from statements.facets import cached_count, cached_facet_counts, data_version
from statements.filters import StatementPageFilter
from statements.pages.cards import CARD_JOINS, with_cards
from statements.pages.views import PAGE_SIZE, feed_link
from statements.search import RANK_LIMIT, SearchResult, match_statements, search_statements


def run_search(filters, key, version):
    """The SearchResult (statements in order, exact count) of a valid StatementPageFilter, and the
    unordered selection; without words, its statements newest first.

    The count is a pass over every match (~200,000 for a common word at a million statements), so
    it is cached per `key` (the filters) and data `version`: the next pages reuse it.
    """
    base = filters.qs
    q = filters.form.cleaned_data.get("q")
    matches = match_statements(base, q) if q else base
    count = cached_count(matches, "search-page:" + key, version=version)
    if q:
        return search_statements(base, q, count=count), matches
    return SearchResult(base.order_by("-date", "-id"), count), matches


def search(request):
    filters = StatementPageFilter(request.GET)
    if filters.unknown_parameters():
        # Before the test for a search below, which looks at the filters only; the 400 page says it.
        raise BadRequest(filters.unknown_parameters_message())
    form = filters.form
    context = {"form": form, "searched": False}
    if any(request.GET.get(name) for name in filters.filters):
        if not filters.is_valid():
            return render(request, "statements/search.html", context, status=400)
        # The filters in a fixed order, without the page: one key for every page of one search.
        key = urlencode(
            sorted((name, value) for name, values in request.GET.lists() if name != "page" for value in values)
        )
        version = data_version()
        result, selection = run_search(filters, key, version)
        matches, count = result
        try:
            number = max(int(request.GET.get("page", 1)), 1)
        except ValueError:
            number = 1
        pages = max(math.ceil(count / PAGE_SIZE), 1)
        number = min(number, pages)
        offset = (number - 1) * PAGE_SIZE
        # Every match is counted: about a second for a common word at a million statements, so
        # cached per filters and data version like the count.
        facets = cached_facet_counts(selection, "search-page:" + key, version=version)
        statements = with_cards(matches.select_related(*CARD_JOINS)[offset : offset + PAGE_SIZE])
        active_filters = []
        for name, label in filters.active_filters():
            params = request.GET.copy()
            params.pop(name, None)
            params.pop("page", None)
            active_filters.append(
                {
                    "name": name,
                    "label": label,
                    "value": ",".join(request.GET.getlist(name)),
                    "remove_url": "?" + params.urlencode(),
                }
            )
        context.update(
            searched=True,
            q=form.cleaned_data.get("q") or "",
            statements=statements,
            last_index=offset + len(statements),
            count=count,
            ranked=result.ranked,
            too_many_to_rank=bool(form.cleaned_data.get("q")) and count > RANK_LIMIT,
            page_number=number,
            pages=pages,
            previous_page=number - 1 if number > 1 else None,
            next_page=number + 1 if number < pages else None,
            first_index=offset + 1,
            facets=facets,
            years=[(row["year"], row["count"]) for row in reversed(facets["year"])],
            active_filters=active_filters,
            feed=feed_link(reverse("feed-search") + "?" + request.GET.urlencode(), "Statements matching this search"),
        )
    return render(request, "statements/search.html", context)
