"""A short-lived cache of anonymous API list answers, and of the counts of filtered statement lists.

Why: at a million statements a filtered page of 50 costs ~10 ms of Django/DRF work plus an exact
count that reads every matching row (a big country has 30,000). Researchers' scripts and shared
links ask for the same pages again and again; answering those from the cache leaves the two cores
for the requests that need the database.

Both caches are keyed on the data version of `facets.data_version` (one query of index
lookups), so an ordinary save, delete, import or API write shows at once. What that version does
not see (deleting a party, a topic or a body; `QuerySet.update()`; rows loaded by COPY from
outside Django, as `generate_data` does) can show stale for at most `API_CACHE_SECONDS` (responses,
a setting; 0 turns the response cache off) or `facets.CACHE_SECONDS` (counts).

Only anonymous GETs rendered as plain JSON are cached: an editor sees fresh data after a write,
the browsable API is a page for people, and exports stream. The throttle still counts every request.

An answer is stored the third time its URL is asked in a worker, each ask within
API_CACHE_SECONDS of the one before; the third ask is the first that looks in the cache. A stream
of distinct queries (a researcher's script walking meetings or speakers) is almost all first
requests, and each one stored cost a data-version query, a cache read and a write of the whole
answer for nothing: with the cache on, random meetings were 5–27% slower than with it off (issue
16). Storing on the second ask left that cost on URLs asked twice a minute and no more (random
meetings and speakers asked again a cell later in the benchmark: 10–20% slower than with the
cache off; bench/README.md, seventh and eighth passes). A URL asked once or twice costs a
dictionary lookup in the worker instead; a popular one is stored on its third request in each
worker.
"""

import functools
import hashlib
import threading
import time
from collections import OrderedDict
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

from statements import facets, memo
from statements.api.renderers import JSONRenderer

# Parameters that do not change which rows a list selects, so not what it counts.
PAGING_PARAMETERS = {"page", "page_size", "cursor", "ordering", "format"}


def request_version(request):
    """The data version, asked for once per request however many caches need it."""
    version = getattr(request, "_data_version", None)
    if version is None:
        version = request._data_version = facets.data_version()
    return version


def canonical_query(request, leave_out=()):
    """The query string in a fixed order: `?a=1&b=2` and `?b=2&a=1` are one selection."""
    pairs = sorted(
        (name, value) for name, values in request.query_params.lists() if name not in leave_out for value in values
    )
    return urlencode(pairs)


def digest(*parts):
    return hashlib.sha256("\x00".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


class RecentlyAsked:
    """The URLs this worker was asked for lately, the last `size`, and how many times in a row each
    was asked within `seconds` of the ask before."""

    def __init__(self, size=10_000):
        self.size = size
        self.asked = OrderedDict()  # url: (asks in a row, when last asked)
        self.lock = threading.Lock()

    def ask(self, url, seconds):
        """Count an ask of `url` now: how many times in a row it was asked, this one included (1 when
        the ask before was more than `seconds` ago)."""
        now = time.monotonic()
        with self.lock:
            asks, before = self.asked.pop(url, (0, None))
            if before is None or now - before > seconds:
                asks = 0
            self.asked[url] = (asks + 1, now)
            if len(self.asked) > self.size:
                self.asked.popitem(last=False)
        return asks + 1

    def clear(self):
        with self.lock:
            self.asked.clear()


recently_asked = RecentlyAsked()

# `response_key` of a request whose answer could be cached but whose URL was not asked often
# enough lately to look for it: it is stored on ask STORE_ON_ASK.
TOO_FEW_ASKS = "too few asks"
STORE_ON_ASK = 3


def response_key(request):
    """The cache key of this request's answer; None when the answer must not be cached, TOO_FEW_ASKS
    when it could be but its URL was not asked STORE_ON_ASK times in a row lately."""
    if not settings.API_CACHE_SECONDS or request.method not in ("GET", "HEAD") or request.user.is_authenticated:
        return None
    # Exactly JSON: not the browsable API, not CSV or JSON Lines (those stream everything).
    if type(getattr(request, "accepted_renderer", None)) is not JSONRenderer:
        return None
    # Links in the answer are absolute, so the scheme and host are part of what was answered.
    asked = (request.scheme, request.get_host(), request.path, canonical_query(request))
    if recently_asked.ask(asked, settings.API_CACHE_SECONDS) < STORE_ON_ASK:
        return TOO_FEW_ASKS
    return "api-response:" + digest(*asked, request_version(request))


def cached_response(method):
    """Answer a list action from the cache when an identical anonymous request was answered lately.

    On a miss the view runs as usual and `store` (called from `finalize_response`, once the
    answer is final) keeps it if it is a 200.
    """

    @functools.wraps(method)
    def wrapper(view, request, *args, **kwargs):
        key = response_key(request)
        if key is not None and key is not TOO_FEW_ASKS:
            hit = cache.get(key)
            if hit is not None:
                content_type, body = hit
                response = HttpResponse(body, content_type=content_type)
                response["X-Cache"] = "hit"
                return response
        view.response_cache_key = key
        return method(view, request, *args, **kwargs)

    return wrapper


def store(view, response):
    """Keep a fresh 200 answer of a cacheable request (see `cached_response`)."""
    key = getattr(view, "response_cache_key", None)
    if key is None or response.status_code != 200 or getattr(response, "streaming", False):
        return
    if key is not TOO_FEW_ASKS:
        response.render()
        cache.set(key, (response["Content-Type"], response.content), settings.API_CACHE_SECONDS)
    response["X-Cache"] = "miss"


def cached_count(request, queryset):
    """`queryset.count()`, remembered per filters and data version (`facets.cached_count`)."""
    return facets.cached_count(queryset, count_key(request), version=request_version(request))


def remembered_count(request, queryset):
    """(the remembered count or None, a function that remembers one): `cached_count` for a caller
    that counts in a query of its own when the cache does not have the count."""
    return facets.remembered_count(queryset, count_key(request), version=request_version(request))


def known_big(request):
    """Whether this worker found the request's selection lately too big to count with its page."""
    return memo.worker_cache.get(("big selection", count_key(request))) is not None


def remember_big(request):
    memo.worker_cache.set(("big selection", count_key(request)), True)


def count_key(request):
    """The selection a list request counts: its path and filters, whatever the page."""
    return "api:" + request.path + "?" + canonical_query(request, PAGING_PARAMETERS)
