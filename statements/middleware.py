"""Refuse requests whose address or form data cannot be read as text, before any view sees them.

Django decodes a percent-encoded byte sequence that is not valid UTF-8 (`%ff`, the overlong
`%c0%af`, the surrogate `%ed%a0%80`) into U+FFFD replacement characters, so such a request would
search for, or save, characters the sender never typed. And PostgreSQL can neither store nor
compare the NUL character, so a NUL that reaches a query raises a database error (a 500) there,
while SQLite quietly matches nothing. Both are refused here, alike on every database:

- a NUL in the path: 404, since no record's key can hold one;
- a NUL or undecodable bytes in a query parameter or in a form-encoded body: 400 naming the
  parameter. Under /api/ the answer is the API's JSON error format; elsewhere the 400 page.

Multipart bodies are parsed by Django as they stream in and are not checked here.
"""

from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.core.exceptions import BadRequest, RequestDataTooBig
from django.core.handlers.wsgi import get_bytes_from_wsgi
from django.http import Http404, JsonResponse

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
