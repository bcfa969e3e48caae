"""Answer 503 "try again shortly", not 500 "something is broken", while the database is away.

When PostgreSQL restarts, every request that needs it fails for a second or two
(bench/restart.py measures this). A 503 with Retry-After tells browsers, API scripts and load
balancers that the failure is temporary and when to retry; the API answers in its JSON format.
The page is rendered without the database: no session, no user, no context processors.
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        # Logged with the traceback: an error that is not a restart (a missing migration, say)
        # must still be found by whoever reads the logs.
        logger.error("Database unavailable on %s %s", request.method, request.path, exc_info=exception)
        message = f"The database is not answering. Please try again in {RETRY_SECONDS} seconds."
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": message}, status=503)
        else:
            response = HttpResponse(render_to_string("503.html", {"message": message}), status=503)
        response["Retry-After"] = str(RETRY_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
