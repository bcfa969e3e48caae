"""How many exports a client may run at once, and what an export costs in the rate limit.

A file export (`?format=csv`, `jsonl`, `xlsx` of a list) holds a worker thread for as long as
the client takes to read it: a client reading a few bytes a second holds it for hours. Without
a proxy that buffers responses, 16 such readers took every thread of the site. So each client
address may run EXPORTS_PER_ADDRESS exports at once, and anonymous clients together
EXPORTS_ANONYMOUS; one more is answered 429 with Retry-After.

The running exports are counted in the cache (shared by every worker with a Redis CACHE_URL),
taken when the export starts and given back when its response is closed. A counter lives
EXPORT_SLOT_SECONDS from its first use, so a worker killed mid-export cannot keep a slot for
longer than that.

An export also counts in the rate limit by its size: one request per EXPORT_ROWS_PER_REQUEST
rows (`charge`), so a client cannot take the whole database many times a minute at the price of
one request each time.
"""

from django.conf import settings
from django.core.cache import cache
from rest_framework.exceptions import Throttled

from statements.api.access import RateThrottle

RETRY_AFTER = 10  # seconds a refused client is told to wait; an export rarely takes less


def _take(key, limit):
    cache.add(key, 0, timeout=settings.EXPORT_SLOT_SECONDS)
    if cache.incr(key) <= limit:
        return True
    _give_back(key)
    return False


def _give_back(key):
    try:
        cache.decr(key)
    except ValueError:  # the counter expired meanwhile: nothing left to give back
        pass


def acquire(request):
    """Take an export slot for `request`'s client; the function that gives it back.

    Raises Throttled (429) when the client's address, or anonymous clients together, already
    run as many exports as they may.
    """
    address = RateThrottle().get_ident(request)
    taken = []

    def release():
        while taken:
            _give_back(taken.pop())

    address_key = f"export-slots:address:{address}"
    if not _take(address_key, settings.EXPORTS_PER_ADDRESS):
        raise Throttled(
            RETRY_AFTER,
            f"Your address already runs {settings.EXPORTS_PER_ADDRESS} exports at once, the most it may; "
            "try again when one has finished.",
        )
    taken.append(address_key)
    if not (request.user and request.user.is_authenticated):
        if not _take("export-slots:anonymous", settings.EXPORTS_ANONYMOUS):
            release()
            raise Throttled(
                RETRY_AFTER,
                f"{settings.EXPORTS_ANONYMOUS} exports for anonymous clients are running, the most at once; "
                "try again shortly, or sign in with an API token.",
            )
        taken.append("export-slots:anonymous")
    return release


def charge(request, rows):
    """Count an export of `rows` rows in its client's rate limit, beyond the request itself."""
    RateThrottle().charge(request, rows // settings.EXPORT_ROWS_PER_REQUEST)
