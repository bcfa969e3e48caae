"""Requests counted per caller in a sliding window, with one counter per fixed window in the cache.

Why not DRF's SimpleRateThrottle: it keeps a list of every request's time under one cache key,
reads the whole list, filters it and writes it back on every request. Its cost grows with the rate
(a lifted limit under load meant unpickling and re-pickling tens of thousands of floats per
request), and two workers reading the list at once each write back their own copy, losing the
other's requests.

Here each window of `duration` seconds has one integer counter, raised with the cache's atomic
`incr` (Redis INCR; a lock in local memory). The count in the sliding window that ends now is the
current window's counter plus the previous window's, weighted by how much of the previous window
the sliding one still covers — the usual approximation, exact when requests are spread evenly and
never below the current window's own count. A refused request is taken off again, so a caller who
keeps asking too fast gets through as soon as the requests that were let through age out.

On Redis, reading the previous counter and raising the current one is one command, a script Redis
keeps by its digest (EVALSHA): one round trip instead of three (Django's `incr` asks whether the
key exists first), and every API request pays it. A pipeline of the three commands was one round
trip too, but redis-py packs, sends and parses each: 3% of the instructions of answering one
statement (bench/README.md, sixth pass).

A caller far from the limit gets more than one request counted per round trip: a process that
finds room for LEASE_SHARE more requests and then some counts up to LEASE_MAX extra ones at once
(a lease) and lets the caller's next requests through from that lease without asking Redis. The
counter in Redis always includes them, so no process lets a caller past the limit; a lease left
unused when its window ends was counted without being used, so a caller may be stopped up to
1/LEASE_SHARE of the room early in each process. A caller with less room than LEASE_SHARE gets
no lease, so the anonymous limit (120 a minute) is counted request by request as before. Why:
under load the round trip cost each request about 0.4 ms of the two cores' time (bench/README.md,
seventh pass), a sixth of answering one statement.
"""

import hashlib
import math
import threading
import time

from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.redis import RedisCache
from django.core.signals import setting_changed
from django.dispatch import receiver
from redis.exceptions import NoScriptError

# A lease is at most this many requests, and at most 1/LEASE_SHARE of the room the caller has left.
LEASE_MAX = 50
LEASE_SHARE = 200


class Window:
    """The position of `now` in the fixed windows of `duration` seconds."""

    def __init__(self, duration, now):
        self.duration = duration
        index, self.offset = divmod(now, duration)
        self.index = int(index)
        # How much of the previous window the sliding window still covers, from 1 to 0.
        self.previous_weight = 1 - self.offset / duration

    def key(self, name, index):
        return f"rate:{name}:{self.duration}:{index}"

    @property
    def timeout(self):
        """How long a counter is kept: two windows, as the next window reads it as its previous one."""
        return 2 * self.duration + 1


def counts(name, window, requests, backend=None):
    """(the previous window's count, the current window's count once raised by `requests`).

    The previous window's count is final: nothing adds to it any more (only refusals take off).
    `backend`: the default cache, when the caller has it already.
    """
    backend = backend or caches[DEFAULT_CACHE_ALIAS]
    if isinstance(backend, RedisCache):
        return _redis_counts(backend, name, window, requests)
    return cache.get(window.key(name, window.index - 1)) or 0, add(name, window, requests)


# Read the previous window's counter, create the current one with its lifetime if it is new, raise
# it: one command, run by Redis as a whole. INCRBY keeps the lifetime SET gave; Django's Redis cache
# stores integers as plain numbers, so `cache.get` and `cache.decr` read these counters.
_COUNT = """
local previous = redis.call('GET', KEYS[1])
redis.call('SET', KEYS[2], 0, 'EX', ARGV[2], 'NX')
return {previous, redis.call('INCRBY', KEYS[2], ARGV[1])}
"""
_COUNT_SHA = hashlib.sha1(_COUNT.encode(), usedforsecurity=False).hexdigest()


def _redis_counts(backend, name, window, requests):
    previous_key = backend.make_and_validate_key(window.key(name, window.index - 1))
    key = backend.make_and_validate_key(window.key(name, window.index))
    client = backend._cache.get_client(key, write=True)
    arguments = (2, previous_key, key, requests, window.timeout)
    try:
        previous, current = client.evalsha(_COUNT_SHA, *arguments)
    except NoScriptError:
        # The first call on this server (or after a restart or SCRIPT FLUSH): EVAL also caches it.
        previous, current = client.eval(_COUNT, *arguments)
    return int(previous or 0), current


def add(name, window, requests):
    """Raise the current window's counter by `requests`; its new value."""
    key = window.key(name, window.index)
    timeout = window.timeout
    try:
        return cache.incr(key, requests)
    except ValueError:
        if cache.add(key, requests, timeout):
            return requests
        return cache.incr(key, requests)  # another worker created it in between


class Lease:
    """Requests of one caller counted in Redis ahead of time, for this process.

    `left` of them, counted in `window` (the limit, the window's length and its number), are still
    to be used; `size` is how many the next round trip for this caller counts ahead.
    """

    def __init__(self, window, previous, current, left, size):
        self.window = window
        self.previous = previous  # the previous window's count, when the lease was taken
        self.current = current  # the current window's count then, the whole lease included
        self.left = left
        self.size = size


# {caller: Lease} of this process, only for callers with room for a lease.
_leases = {}
_leases_lock = threading.Lock()
# A bound on the callers remembered, however many there are.
_LEASES_KEPT = 10_000


@receiver(setting_changed)
def forget_leases(*, setting, **kwargs):
    # Another cache (the tests' Redis servers): the counts are elsewhere.
    if setting == "CACHES":
        with _leases_lock:
            _leases.clear()


def take(name, limit, duration, now=None):
    """Count one request of `name` if the sliding window has room for it.

    Returns (allowed, remaining, wait): whether it may go on, how many more the window allows after
    it, and when refused the seconds until one more would be allowed.
    """
    now = time.time() if now is None else now
    window = Window(duration, now)
    # Another limit for the same caller (a role given or taken away) does not use the lease.
    lease_window = (limit, duration, window.index)
    backend = caches[DEFAULT_CACHE_ALIAS]
    on_redis = isinstance(backend, RedisCache)
    extra = 0
    if on_redis:
        with _leases_lock:
            lease = _leases.get(name)
            if lease is not None:
                if lease.window == lease_window and lease.left > 0:
                    lease.left -= 1
                    used = math.ceil(lease.current - lease.left + lease.previous * window.previous_weight)
                    return True, limit - used, None
                extra = lease.size
    previous, current = counts(name, window, 1 + extra, backend)
    used = math.ceil(current + previous * window.previous_weight)
    if used <= limit:
        if on_redis:
            _keep_lease(name, Lease(lease_window, previous, current, extra, _lease_size(limit - used)))
        return True, limit - math.ceil(current - extra + previous * window.previous_weight), None
    cache.decr(window.key(name, window.index), 1 + extra)
    if extra:
        # No room for the lease any more (other processes used it): this request alone.
        _keep_lease(name, None)
        return take(name, limit, duration, now)
    return False, 0, wait_seconds(limit, current - 1, previous, window)


def _lease_size(room):
    return min(LEASE_MAX, room // LEASE_SHARE)


def _keep_lease(name, lease):
    """Keep `lease` for `name`, or forget `name` when it has no use (None, or nothing in it or to come)."""
    with _leases_lock:
        if lease is None or not (lease.left or lease.size):
            _leases.pop(name, None)
            return
        if len(_leases) >= _LEASES_KEPT and name not in _leases:
            _leases.clear()
        _leases[name] = lease


def charge(name, duration, requests, now=None):
    """Count `requests` more requests of `name` at once (an export, by its size)."""
    if requests > 0:
        add(name, Window(duration, time.time() if now is None else now), requests)
        # This process's lease was counted against the room these requests have now taken.
        _keep_lease(name, None)


def wait_seconds(limit, current, previous, window):
    """Seconds until the window has room for one more request, given the current and previous
    windows' counts.

    Within this window, the previous window's weight shrinks as time passes; if this window's own
    count is already at the limit, only the next window helps.
    """
    if current + 1 <= limit and previous:
        # current + previous * (1 - t / duration) <= limit - 1, solved for t (divided last, so that
        # whole seconds stay whole).
        room_at = window.duration * (previous - (limit - 1 - current)) / previous
        return max(1, math.ceil(room_at - window.offset))
    return max(1, math.ceil(window.duration - window.offset))
