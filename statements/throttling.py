"""The API's rate limit for anonymous callers, with headers saying where a caller stands."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


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
