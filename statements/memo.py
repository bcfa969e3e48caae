"""Values read once per request, and values kept in this worker process under the data version.

`once(key, compute)`: within a reading request (`request_scope`, opened by
`statements.ops.middleware.RequestMemoMiddleware` for GET and HEAD), the first call computes and
later calls get the same value. A list of statements asked for the data version for its counts,
and a search read the freshness token of the directory of names twice (the `q` field's check
and the view's search): each read was a round trip, and under load a round trip cost the machine
0.3–0.45 ms (bench/README.md, seventh pass). Outside a scope (a write, a management command, a
test calling a function directly) every call computes: a request that writes must see what it
wrote.

`worker_cache`: the last few hundred values of keys that contain the data version (the count of
a selection, the parties a country filter names), in this process's memory for a few seconds. The
shared cache (Redis) is one round trip away; this is none. A key with the data version in it is
never stale for a change the version sees; for one it does not see, WORKER_SECONDS adds to the
shared cache's own bound.
"""

import contextlib
import contextvars
import threading
import time
from collections import OrderedDict

from django.core.signals import setting_changed
from django.dispatch import receiver

_scope = contextvars.ContextVar("statements_request_memo", default=None)


@contextlib.contextmanager
def request_scope():
    """Calls of `once` inside share their values; nested scopes share the outer one."""
    if _scope.get() is not None:
        yield
        return
    token = _scope.set({})
    try:
        yield
    finally:
        _scope.reset(token)


def once(key, compute):
    """`compute()`, once per request scope and `key`; every time outside one. An exception is not
    kept: the next call computes again."""
    values = _scope.get()
    if values is None:
        return compute()
    try:
        return values[key]
    except KeyError:
        value = values[key] = compute()
        return value


def known(key):
    """What `once` holds for `key` in this request scope, or None: for a caller that can use a
    value when the request has read it anyway, and does without otherwise."""
    values = _scope.get()
    return None if values is None else values.get(key)


# How long this process keeps a value, and how many. Short: the shared cache decides how long a
# count lives; this only saves asking it again and again within a few seconds.
WORKER_SECONDS = 30
WORKER_SIZE = 2048


class WorkerCache:
    """The last `size` values set, each for `seconds` at most; None for a missing key."""

    def __init__(self, size=WORKER_SIZE, seconds=WORKER_SECONDS):
        self.size = size
        self.seconds = seconds
        self.values = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            found = self.values.get(key)
            if found is None:
                return None
            value, deadline = found
            if time.monotonic() >= deadline:
                del self.values[key]
                return None
            self.values.move_to_end(key)
            return value

    def set(self, key, value):
        with self.lock:
            self.values[key] = (value, time.monotonic() + self.seconds)
            self.values.move_to_end(key)
            if len(self.values) > self.size:
                self.values.popitem(last=False)

    def clear(self):
        with self.lock:
            self.values.clear()


worker_cache = WorkerCache()


@receiver(setting_changed)
def forget_worker_values(*, setting, **kwargs):
    # A test that swaps the cache backend starts without what the old one held; so does this.
    if setting == "CACHES":
        worker_cache.clear()
