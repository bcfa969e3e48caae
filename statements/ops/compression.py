"""Gzip for the API's answers, and only for those that carry no secret.

A page of statements and, far more, a whole export are long runs of repetitive text (the same
keys, names and addresses on every row), which gzip shrinks well. Django's GZipMiddleware does
the work (streamed exports are compressed as they stream); this one chooses what it may touch:

- Only under /api/. Compressing an answer that holds a secret (a CSRF token) next to text the
  requester chose (a search echoed back) lets an eavesdropper who measures sizes guess the
  secret byte by byte (BREACH). The HTML pages hold CSRF tokens; the API's JSON, CSV and JSON
  Lines hold none. Static files are compressed ahead of time by WhiteNoise.
- Not HTML even there: the browsable API (`?format=api`) and the docs page are pages, and for
  a signed-in editor they carry a CSRF token.
- Not an answer with a strong ETag (a detail read): compressing would have to weaken it
  (`W/"…"`), and a write's If-Match compares strongly, so the tag a client read could never be
  sent back (statements/api/versions.py). Those answers are one object, small anyway.
- Not spreadsheets: an .xlsx is a zip already.

The response cache (statements/api/response_cache.py) keeps the body as the view rendered it,
before this middleware, so a cached answer is compressed or not per request, and every answer
that could be says `Vary: Accept-Encoding` for the caches in between.
"""

from django.middleware.gzip import GZipMiddleware

from statements.ops.middleware import API_PREFIX

# Already compressed, or pages (see above).
NOT_COMPRESSED = ("text/html", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


class ApiGZipMiddleware(GZipMiddleware):
    """GZipMiddleware for the API's answers that carry no secret and no strong ETag."""

    def process_response(self, request, response):
        if not request.path_info.startswith(API_PREFIX):
            return response
        content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type in NOT_COMPRESSED or response.get("ETag", "").startswith('"'):
            return response
        return super().process_response(request, response)
