"""The search page: statements matching words, names and filters, counted, faceted and paged.

Above the statements it shows the delegates and the countries the search names ("People",
"Countries"), what in the search was not understood, and why each statement matched.
"""

import math
from urllib.parse import urlencode

from django.core.exceptions import BadRequest
from django.db.models import F
from django.shortcuts import render
from django.urls import reverse

from statements import links
from statements.facets import cached_count, cached_facet_counts, data_version
from statements.filters import StatementPageFilter
from statements.models import Position
from statements.pages.cards import CARD_JOINS, with_cards
from statements.pages.views import PAGE_SIZE, feed_link
from statements.querylang.names import directory
from statements.querylang.resolve import interpret
from statements.search import RANK_LIMIT, SearchResult, interpreted_matches, ordered_matches

# The parameters of the filters shown in the "Filters" box (the words have their own box).
FILTER_FIELDS = ("country", "mentions", "relation", "topic", "date_from", "date_to", "year")


def run_search(filters, interpretation, key, version):
    """The SearchResult (statements in order, exact count) of a valid StatementPageFilter and the
    Interpretation of its words (None without words), and the unordered selection; without
    words, its statements newest first.

    The count is a pass over every match (~200,000 for a common word at a million statements), so
    it is cached per `key` (the filters) and data `version`: the next pages reuse it.
    """
    base = filters.qs
    if interpretation is None:
        count = cached_count(base, "search-page:" + key, version=version)
        return SearchResult(base.order_by("-date", "-id"), count), base
    matches = interpreted_matches(base, interpretation)
    count = cached_count(matches, "search-page:" + key, version=version)
    return ordered_matches(matches, interpretation.query, count=count), matches


def named(interpretation):
    """The people and countries the search names, for the sections above the statements."""
    if interpretation is None:
        return [], []
    # Each person's latest position ("Permanent Representative, Russia"): one query, when there are people.
    latest = {}
    if interpretation.people:
        positions = Position.objects.filter(delegate_id__in=[person.id for person in interpretation.people])
        for position in positions.select_related("party").order_by(F("start").asc(nulls_first=True), "id"):
            latest[position.delegate_id] = (
                f"{position.title}, {position.party}" if position.title else str(position.party)
            )
    people = [
        {
            "name": person.name,
            "aliases": person.aliases,
            "position": latest.get(person.id, ""),
            "url": links.link("delegate", person.id),
            "statements": "?" + urlencode({"speaker": person.id}),
        }
        for person in interpretation.people
    ]
    parties = [
        {
            "name": str(party),
            "code": party.code,
            "url": links.party_page(party.kind, party.code),
            "by": "?" + urlencode({"country": party.code}),
            "about": "?" + urlencode({"mentions": party.code}),
            "accused": "?" + urlencode({"mentions": party.code, "relation": "accuses"}),
        }
        for party in interpretation.parties
    ]
    return people, parties


def match_reasons(statements, interpretation):
    """Set `.reasons` on each statement: why it matched a name of the search (empty when only the
    words did, or when the search names nobody)."""
    runs = interpretation.runs if interpretation else []
    for statement in statements:
        reasons = []
        mentioned = {party["url"] for _relation, parties in statement.card.get("mentions", ()) for party in parties}
        for run in runs:
            for person in run.people:
                if statement.speaker_id == person.id:
                    reasons.append(f"Said by {person.name}, whom “{run.text}” names.")
            for party in run.parties:
                if statement.party_id == party.id:
                    reasons.append(f"Made on behalf of {party}, which “{run.text}” names.")
                elif links.party_page(party.kind, party.code) in mentioned:
                    reasons.append(f"Mentions {party}, which “{run.text}” names.")
        statement.reasons = reasons


def active_filters(filters, request):
    """Each filter in use but the words, with the link that removes it."""
    found = []
    for name, label in filters.active_filters():
        params = request.GET.copy()
        params.pop(name, None)
        params.pop("page", None)
        found.append(
            {
                "name": name,
                "label": label,
                "value": ",".join(request.GET.getlist(name)),
                "remove_url": "?" + params.urlencode(),
            }
        )
    return found


def search(request):
    filters = StatementPageFilter(request.GET)
    if filters.unknown_parameters():
        # Before the test for a search below, which looks at the filters only; the 400 page says it.
        raise BadRequest(filters.unknown_parameters_message())
    form = filters.form
    context = {
        "form": form,
        "searched": False,
        "filter_fields": [form[name] for name in FILTER_FIELDS],
        "filters_in_use": sum(bool(request.GET.get(name)) for name in FILTER_FIELDS if name != "q"),
        "all_parties": directory().all_parties(),
    }
    if not any(request.GET.get(name) for name in filters.filters):
        return render(request, "statements/search.html", context)
    if not filters.is_valid():
        return render(request, "statements/search.html", context, status=400)
    q = form.cleaned_data.get("q") or ""
    interpretation = interpret(q) if q else None
    # The filters in a fixed order, without the page: one key for every page of one search.
    key = urlencode(sorted((name, value) for name, values in request.GET.lists() if name != "page" for value in values))
    version = data_version()
    result, selection = run_search(filters, interpretation, key, version)
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
    match_reasons(statements, interpretation)
    people, parties = named(interpretation)
    years = [(row["year"], row["count"]) for row in reversed(facets["year"])]
    context.update(
        searched=True,
        q=q,
        problems=interpretation.problems if interpretation else [],
        people=people,
        parties=parties,
        statements=statements,
        last_index=offset + len(statements),
        count=count,
        ranked=result.ranked,
        too_many_to_rank=bool(interpretation and interpretation.query.has_text) and count > RANK_LIMIT,
        page_number=number,
        pages=pages,
        previous_page=number - 1 if number > 1 else None,
        next_page=number + 1 if number < pages else None,
        first_index=offset + 1,
        facets=facets,
        years=years,
        has_facets=bool(count) and any(facets.get(name) for name in ("country", "speaker", "topic")) or bool(years),
        active_filters=active_filters(filters, request),
        feed=feed_link(reverse("feed-search") + "?" + request.GET.urlencode(), "Statements matching this search"),
        relations_url=relations_link(form.cleaned_data),
    )
    return render(request, "statements/search.html", context)


def relations_link(data):
    """The relations page for what of this search it can show: the party mentioned (else the
    speaking one), the relation, the period and the meeting."""
    party = data.get("mentions") or data.get("country")
    if isinstance(party, list):  # `mentions` takes several; the relations page one
        party = party[0]
    parameters = {
        "party": party.code if party else None,
        "relation": data.get("relation"),
        "year": data.get("year"),
        "date_from": data.get("date_from"),
        "date_to": data.get("date_to"),
        "meeting": getattr(data.get("meeting"), "pk", data.get("meeting")),
    }
    return links.with_query("relations", parameters)
