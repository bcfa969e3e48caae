"""What a subscription follows: a query string of the search page, read by the search page's filters.

Following a country, a delegate or a topic is following the search for it (`country=RUS`,
`speaker=12`, `topic=sanctions`), so every filter and the query language of `q` apply to alerts
as they do to the search page, with no second implementation to keep in step.
"""

from urllib.parse import urlencode

from django.http import QueryDict
from django.urls import reverse

from statements.filters import StatementPageFilter
from statements.models import Statement
from statements.search import match_statements


def search_filters(params):
    """The search page's filters on `params` (a QueryDict, or a query string)."""
    if isinstance(params, str):
        params = QueryDict(params)
    return StatementPageFilter(params)


def followed_query(filters):
    """The query string a valid StatementPageFilter stands for: its filters in a fixed order, without
    the page number or empty values, so that one search is one subscription however it was written."""
    pairs = []
    for name in sorted(filters.filters):
        for value in filters.data.getlist(name):
            if value.strip():
                pairs.append((name, value.strip()))
    return urlencode(pairs)


def statements_matching(filters):
    """The statements a valid StatementPageFilter selects, words (`q`) included, unordered."""
    base = filters.qs
    q = filters.form.cleaned_data.get("q")
    return match_statements(base, q) if q else base


def describe(filters):
    """What a valid StatementPageFilter follows, in words: "Statements by …", "Statements matching …"."""
    data = filters.form.cleaned_data
    active = filters.active_filters()
    q = data.get("q")
    if not active and not q:
        return "All new statements"
    if not q and len(active) == 1:
        name, label = active[0]
        if name in {"country", "speaker"}:
            return f"Statements by {label}"
        if name == "topic":
            return f"Statements on {label}"
    parts = [label for _, label in active]
    if q:
        parts.insert(0, f"matching “{q}”")
    return "Statements " + ", ".join(parts)


def feed_url(filters):
    """The path of the Atom feed of a valid StatementPageFilter: the country's, the delegate's or the
    topic's own feed when it follows one of them alone, else the search's."""
    data = filters.form.cleaned_data
    used = {name for name, value in data.items() if value not in (None, "", [])}
    if not used:
        return reverse("feed-latest")
    if used == {"country"}:
        return reverse("feed-party", args=[data["country"].code])
    if used == {"speaker"}:
        return reverse("feed-delegate", args=[data["speaker"].pk])
    if used == {"topic"}:
        return reverse("feed-topic", args=[data["topic"].slug])
    return reverse("feed-search") + "?" + followed_query(filters)


def latest_statement_id():
    """The highest statement id so far: where a newly confirmed subscription starts. One query."""
    return Statement.objects.order_by("-id").values_list("id", flat=True).first() or 0
