"""Who may use the API and how much: token authentication, write permissions, the anonymous rate limit.

Authentication refuses a malformed token before asking the database.

DRF looks any `Authorization: Token …` value up as is; on PostgreSQL a NUL character in it
makes the query raise (HTTP 500). Tokens are 40 hexadecimal characters, so anything else is
an invalid token (HTTP 401), like an unknown one.

Permissions: everyone reads, editors write, administrators delete.

Throttle: the rate limit of anonymous callers, with headers saying where a caller stands.
"""

import string

from django.conf import settings
from rest_framework import authentication, exceptions
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.throttling import AnonRateThrottle

from statements.roles import is_administrator, is_editor

_HEX = set(string.hexdigits)


class TokenAuthentication(authentication.TokenAuthentication):
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


class AnonReadThrottle(AnonRateThrottle):
    """Anonymous requests, limited per client address at settings.API_ANON_RATE (e.g. "120/minute").

    Counts live in the cache; the default local-memory cache is per process, so each worker
    process counts on its own. Records the limit and what is left for the X-RateLimit headers,
    which the API views add.
    """

    def get_rate(self):
        return settings.API_ANON_RATE

    def allow_request(self, request, view):
        allowed = super().allow_request(request, view)
        if getattr(self, "key", None) is not None and self.rate:
            remaining = self.num_requests - len(self.history) if allowed else 0
            request.rate_limit = (self.num_requests, max(remaining, 0), self.duration)
        return allowed
