"""An object's version for the API: the `ETag` of its detail answer, checked against `If-Match` on writes.

The version is a digest of the representation the API serves, so it changes with every save that
changes what a reader sees (its nested rows and the names of what it links to included), and
needs no column of its own. A write that sends `If-Match` is checked against the version of the
row as it stands under the write's row lock: if another write came between the client's read and
its write, the answer is 412 with the current version, and nothing is written.

`PUT` must send `If-Match` (428 otherwise): it carries every field, so from a stale read it would
silently put back what someone else changed since. `PATCH` and `DELETE` may omit it: a PATCH
changes only the fields it sends (statements/api/write_serializers.py), and a DELETE is an
administrator's decision about the whole record. See docs/security.md, "Concurrent edits".
"""

import hashlib
import json

import orjson
from django.utils.http import parse_etags, quote_etag
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.utils.encoders import JSONEncoder

HEADER = "If-Match"

# Methods that must say which version they change.
REQUIRED_FOR = frozenset({"PUT"})


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The object changed since you read it."
    default_code = "precondition_failed"

    def __init__(self, current):
        super().__init__(
            f"The object changed since you read it: its version is now {current}. "
            "Read it again, then send your change with If-Match: that version."
        )
        # Sent back as the answer's ETag (statements.api.errors.exception_handler).
        self.etag = current


class PreconditionRequired(APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = (
        "A PUT replaces every field: send If-Match with the ETag of the version you read, "
        "or PATCH only the fields you change."
    )
    default_code = "precondition_required"


_ENCODE = JSONEncoder().default


def etag(data):
    """The strong ETag of a representation: a digest of its JSON with sorted keys.

    The JSON is written by orjson, with DRF's encoder for what orjson leaves to it: json.dumps took
    7% of the instructions of answering one statement (bench/README.md, sixth pass). Only the
    digest is kept, so the bytes need not be those the API sends. What orjson refuses (an integer
    beyond 64 bits, a key that is not a string) goes to json.dumps.
    """
    try:
        text = orjson.dumps(data, default=_ENCODE, option=orjson.OPT_SORT_KEYS)
    except TypeError:
        text = json.dumps(data, cls=JSONEncoder, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    return quote_etag(hashlib.sha256(text).hexdigest()[:32])


def check(request, current):
    """Raise PreconditionFailed unless the request's If-Match names `current` (an ETag) or `*`.

    Raises PreconditionRequired when the method must send If-Match and did not. Weak tags
    (`W/"…"`) never match: If-Match compares strongly (RFC 9110, 13.1.1).
    """
    header = request.headers.get(HEADER)
    if header is None:
        if request.method in REQUIRED_FOR:
            raise PreconditionRequired()
        return
    tags = parse_etags(header)
    if "*" not in tags and current not in tags:
        raise PreconditionFailed(current)


def wanted(request):
    """Whether the request sends a version to check, so that the current one must be computed."""
    return HEADER.lower() in {name.lower() for name in request.headers} or request.method in REQUIRED_FOR
