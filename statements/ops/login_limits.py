"""Limits on failed sign-ins, so that nobody can guess an editor's password by trying many.

Two counters, each over a window of settings.LOGIN_LOCKOUT seconds that starts at its first
attempt: one per user name and client address (settings.LOGIN_FAILURE_LIMIT, 5 by default), one
per address whatever the user name (settings.LOGIN_ADDRESS_FAILURE_LIMIT, against trying one
password on many names). Past either limit every attempt is refused with HTTP 429, even with the
right password, until that window ends. There is no limit per user name alone: anyone could then
lock an editor out by failing on purpose from anywhere.

Each attempt is counted before the password is checked (with the cache's atomic increment), and
given back when it succeeds or is refused: counting only after a failure would let a burst of
simultaneous guesses all pass the check before any was counted. Counts live in the cache, which is per
process unless CACHE_URL names a shared Redis.

Client addresses are taken as the API throttle takes them (REST_FRAMEWORK["NUM_PROXIES"]).
"""

import functools
import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from rest_framework.throttling import BaseThrottle

# The clock, named so that the tests can move it past a lockout without waiting.
now = time.time


def client_address(request):
    return BaseThrottle().get_ident(request) or ""


def _key(*parts):
    digest = hashlib.sha256("\x00".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    return f"login-attempts:{digest}"


def counter_keys(username, address):
    """(key, limit) for each counter an attempt to sign in as `username` from `address` counts in."""
    # User names are compared without case, so that "Editor" and "editor" share one allowance.
    return [
        (_key("user", username.strip().casefold(), address), settings.LOGIN_FAILURE_LIMIT),
        (_key("address", address), settings.LOGIN_ADDRESS_FAILURE_LIMIT),
    ]


def _count(key, moment):
    """Count one attempt; returns (attempts in the current window, when that window ends)."""
    window_end = cache.get(key + ":until")
    if window_end is None or window_end <= moment:
        window_end = moment + settings.LOGIN_LOCKOUT
        cache.set_many({key: 0, key + ":until": window_end}, timeout=settings.LOGIN_LOCKOUT)
    try:
        attempts = cache.incr(key)
    except ValueError:  # the count expired from the cache between the two calls
        cache.set(key, 1, timeout=settings.LOGIN_LOCKOUT)
        attempts = 1
    return attempts, window_end


def _give_back(keys):
    for key in keys:
        try:
            cache.decr(key)
        except ValueError:  # expired meanwhile: nothing left to give back
            pass


def refused(request, seconds):
    minutes = max(1, math.ceil(seconds / 60))
    response = render(request, "statements/login_refused.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(math.ceil(seconds))
    return response


def limit_failed_logins(view):
    """Wrap a login view whose POST redirects on success and shows the form again on failure."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "POST":
            return view(request, *args, **kwargs)
        moment = now()
        keys, waits = [], []
        for key, limit in counter_keys(request.POST.get("username", ""), client_address(request)):
            attempts, window_end = _count(key, moment)
            keys.append(key)
            if attempts > limit:
                waits.append(window_end - moment)
        if waits:
            # A refused attempt checks no password, so it is no failure: someone retrying one
            # locked name must not use up the allowance of the others at the same address.
            _give_back(keys)
            return refused(request, max(waits))
        response = view(request, *args, **kwargs)
        if 300 <= response.status_code < 400:
            # Signed in: a success is not a failure either.
            _give_back(keys)
        return response

    return wrapper
