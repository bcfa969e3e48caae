"""/healthz: whether this process can serve, which means whether its database answers.

Answered by a middleware placed first, before the host check, the HTTPS redirect, sessions and
CSRF: the container healthcheck and load balancers ask by address (`Host: 127.0.0.1:8000`,
which ALLOWED_HOSTS need not list) over plain HTTP, and the answer carries nothing but a status,
so it needs none of those. It sets no cookie and is never cached.
"""

import logging

from django.db import DatabaseError, connection
from django.http import JsonResponse

PATH = "/healthz"

logger = logging.getLogger(__name__)


def database_problem():
    """None when the default database runs a trivial query, else why it did not (one query)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("Health check: the database did not answer: %s", error)
        return f"the database did not answer: {type(error).__name__}"
    return None


def health(request):
    problem = database_problem()
    if problem:
        response = JsonResponse({"status": "unavailable", "reason": problem}, status=503)
    else:
        response = JsonResponse({"status": "ok"})
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info in (PATH, PATH + "/"):
            return health(request)
        return self.get_response(request)
