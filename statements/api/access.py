"""Who may use the API and how much: token authentication, write permissions, the anonymous rate limit.

Authentication refuses a malformed token before asking the database.

DRF looks any `Authorization: Token …` value up as is; on PostgreSQL a NUL character in it
makes the query raise (HTTP 500). Tokens are 40 hexadecimal characters, so anything else is
an invalid token (HTTP 401), like an unknown one.

Permissions: everyone reads, editors write, administrators delete.

Throttle: the rate limit of each caller, with headers saying where the caller stands.
"""

import string

from django.conf import settings
from rest_framework import authentication, exceptions
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.throttling import SimpleRateThrottle

from statements.api import rate_windows
from statements.roles import is_administrator, is_editor, is_researcher

_HEX = set(string.hexdigits)


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate(self, request):
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed:
            # DRF authenticates before it throttles, so a wrong token would never reach the
            # throttle: count it here, as an anonymous request from its address, so that
            # guessing tokens is as slow as anonymous reading.
            throttle = RateThrottle()
            if not throttle.allow_anonymous_request(request):
                raise exceptions.Throttled(throttle.wait()) from None
            raise

    def authenticate_credentials(self, key):
        if len(key) != 40 or not set(key) <= _HEX:
            raise exceptions.AuthenticationFailed("Invalid token.")
        return super().authenticate_credentials(key)


class IsEditorOrReadOnly(BasePermission):
    """Reads for everyone; POST, PUT and PATCH for editors; DELETE for administrators.

    A request without credentials is refused with 401 and a WWW-Authenticate header (DRF does
    that when the first authentication class names a scheme); a signed-in user without the
    role gets 403 with the message below.
    """

    message = "Only editors may change data. Authenticate with an editor's API token."
    # Read by the schema (statements/api/schema.py): reads need no credentials.
    anyone_reads = True

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        if request.method == "DELETE":
            # A fresh instance serves each request, so the message can depend on the method.
            self.message = "Only administrators may delete data. Authenticate with an administrator's API token."
            return is_administrator(request.user)
        return is_editor(request.user)


class IsEditor(BasePermission):
    """Editors only, whatever the method: for endpoints that only write (import, extract).

    Subclasses say in `message` what the editor may do there.
    """

    message = "Only editors may do this. Authenticate with an editor's API token."

    def has_permission(self, request, view):
        return is_editor(request.user)


class RateThrottle(SimpleRateThrottle):
    """Requests per client address or per user, at the rate of who is asking.

    Anonymous requests, and requests with a wrong token (see TokenAuthentication), are counted
    per client address at settings.API_ANON_RATE (e.g. "120/minute"). A signed-in user is counted
    per user: at API_RESEARCHER_RATE for a researcher, API_USER_RATE for an editor or
    administrator (the higher, for both), and API_ANON_RATE for a user without a role, so that
    any account's token is no way around the anonymous limit.

    Counts live in the cache (statements/api/rate_windows.py), shared by every worker when
    CACHE_URL names a Redis. Records the limit and what is left for the X-RateLimit headers, which
    the API views add.
    """

    def __init__(self):
        # The rate depends on who is asking; it is chosen per request.
        self.rate = None

    def allow_request(self, request, view):
        return self.count(request, *self.caller(request))

    def caller(self, request):
        """(rate, scope, ident) of whoever sent `request`."""
        user = request.user
        if not (user and user.is_authenticated):
            return settings.API_ANON_RATE, "anon", self.get_ident(request)
        rates = [settings.API_ANON_RATE]
        if is_editor(user):
            rates.append(settings.API_USER_RATE)
        if is_researcher(user):
            rates.append(settings.API_RESEARCHER_RATE)
        return max(rates, key=self.per_second), "user", user.pk

    def charge(self, request, requests):
        """Count `requests` more requests of `request`'s caller, now (an export, by its size).

        No more than the limit itself: a caller is at most shut out for one window.
        """
        rate, self.scope, self.ident = self.caller(request)
        self.num_requests, self.duration = self.parse_rate(rate)
        rate_windows.charge(self.get_cache_key(request, None), self.duration, min(requests, self.num_requests))

    def allow_anonymous_request(self, request):
        """Count a request at the anonymous rate of its address, without asking who sent it."""
        return self.count(request, settings.API_ANON_RATE, "anon", self.get_ident(request))

    def count(self, request, rate, scope, ident):
        self.rate = rate
        self.num_requests, self.duration = self.parse_rate(rate)
        self.scope, self.ident = scope, ident
        allowed, remaining, self.seconds_to_wait = rate_windows.take(
            self.get_cache_key(request, None), self.num_requests, self.duration
        )
        request.rate_limit = (self.num_requests, remaining, self.duration)
        return allowed

    def wait(self):
        return self.seconds_to_wait

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.ident}

    def per_second(self, rate):
        number, seconds = self.parse_rate(rate)
        return number / seconds
