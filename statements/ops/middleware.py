"""The middleware of operations: /healthz, a 503 while the database is away, unreadable input refused.

RejectUnreadableInputMiddleware refuses requests whose address or form data cannot be read as
text, before any view sees them.

Django decodes a percent-encoded byte sequence that is not valid UTF-8 (`%ff`, the overlong
`%c0%af`, the surrogate `%ed%a0%80`) into U+FFFD replacement characters, so such a request would
search for, or save, characters the sender never typed. And PostgreSQL can neither store nor
compare the NUL character, so a NUL that reaches a query raises a database error (a 500) there,
while SQLite quietly matches nothing. Both are refused here, alike on every database:

- a NUL in the path: 404, since no record's key can hold one;
- a NUL or undecodable bytes in a query parameter or in a form-encoded body: 400 naming the
  parameter. Under /api/ the answer is the API's JSON error format; elsewhere the 400 page.

Multipart bodies are parsed by Django as they stream in and are not checked here.

HealthCheckMiddleware answers /healthz: whether this process can serve, which means whether its
database answers.

Answered by a middleware placed first, before the host check, the HTTPS redirect, sessions and
CSRF: the container healthcheck and load balancers ask by address (`Host: 127.0.0.1:8000`,
which ALLOWED_HOSTS need not list) over plain HTTP, and the answer carries nothing but a status,
so it needs none of those. It sets no cookie and is never cached.

MessageMiddleware is Django's, with the storage of messages made when a view first uses it.

RequestMemoMiddleware opens `statements.memo`'s request scope for reading requests (GET, HEAD):
what a request reads several times (the data version, the directory's freshness) is read once.
A write is left without one, so that it sees what it wrote.

DatabaseUnavailableMiddleware answers 503 "try again shortly", not 500 "something is broken",
while the database is away.

When PostgreSQL restarts, every request that needs it fails for a second or two
(bench/restart.py measures this). A 503 with Retry-After tells browsers, API scripts and load
balancers that the failure is temporary and when to retry; the API answers in its JSON format.
The page is rendered without the database: no session, no user, no context processors.
"""

import logging
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.contrib.messages import middleware as messages_middleware
from django.contrib.messages.storage import default_storage
from django.core.exceptions import BadRequest, RequestDataTooBig
from django.core.handlers.wsgi import get_bytes_from_wsgi
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.functional import SimpleLazyObject, empty

from statements import memo

API_PREFIX = "/api/"
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"


def unreadable_parameter(data, encoding):
    """(name, reason) of the first parameter of url-encoded `data` (bytes) that is not text, or None."""
    for pair in data.split(b"&"):
        if not pair:
            continue
        raw_name, _, raw_value = pair.partition(b"=")
        name_bytes = unquote_to_bytes(raw_name.replace(b"+", b" "))
        value_bytes = unquote_to_bytes(raw_value.replace(b"+", b" "))
        # The name as the error will show it: readable, without the NUL, not unbounded.
        name = name_bytes.decode(encoding, errors="replace").replace("\x00", "")[:100]
        try:
            text = name_bytes.decode(encoding) + value_bytes.decode(encoding)
        except UnicodeDecodeError:
            return name, f"It is not valid {encoding.upper()} text once percent-decoded."
        if "\x00" in text:
            return name, "It contains a NUL character."
    return None


class RejectUnreadableInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        is_api = request.path.startswith(API_PREFIX)
        if "\x00" in request.path:
            if is_api:
                return JsonResponse({"detail": "Not found."}, status=404)
            raise Http404("No page has a NUL character in its address.")
        encoding = request.encoding or settings.DEFAULT_CHARSET
        problem = unreadable_parameter(get_bytes_from_wsgi(request.environ, "QUERY_STRING", ""), encoding)
        if problem is None and request.content_type == FORM_CONTENT_TYPE:
            try:
                body = request.body
            except RequestDataTooBig:
                # Left to the view, which knows how to say what is too big.
                body = b""
            problem = unreadable_parameter(body, encoding)
        if problem is None:
            return self.get_response(request)
        name, reason = problem
        if is_api:
            return JsonResponse({"errors": {name: [reason]}}, status=400)
        raise BadRequest(f"The parameter “{name}” cannot be read. {reason}")


PATH = "/healthz"


class RequestMemoMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        with memo.request_scope():
            return self.get_response(request)


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


class MessageMiddleware(messages_middleware.MessageMiddleware):
    """Django's, with the message storage made only for a request whose view uses messages.

    Messages are the admin's and the editors' pages' ("saved", "restored"); Django makes their
    storage (a cookie storage with its signer, and a session storage) for every request, and the
    API's reads never use it. A storage that nothing used has nothing to store on the way out,
    as Django's own `update` would find.
    """

    def process_request(self, request):
        request._messages = SimpleLazyObject(lambda: default_storage(request))

    def process_response(self, request, response):
        storage = getattr(request, "_messages", None)
        if isinstance(storage, SimpleLazyObject) and storage._wrapped is empty:
            return response
        return super().process_response(request, response)
