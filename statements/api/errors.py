"""The API's error format, and the database's refusals turned into the caller's errors.

A bad parameter or body is a 400 with {"errors": {"<parameter>": ["<what is wrong>"]}}; errors
of the whole object are under "non_field_errors" (never Django's "__all__"), and so is a body
over the upload limit. Other errors keep DRF's {"detail": "..."} with their status (401, 403,
404, 405, 409, 412 and 428 for versions (statements/api/versions.py), 429).
"""

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.db.models import ProtectedError, RestrictedError
from django.http import JsonResponse
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError, ValidationError
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Other records depend on this one."
    default_code = "conflict"


def exception_handler(exc, context):
    """DRF's handler, with 400s as {"errors": {param: [messages]}} and no 500 for bad values."""
    if isinstance(exc, DjangoValidationError):
        exc = ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages})
    elif isinstance(exc, DataError):
        # A value the database cannot hold (a number out of range): the caller's mistake.
        exc = ValidationError({NON_FIELD_ERRORS: ["A value is out of the range the database can store."]})
    elif isinstance(exc, RequestDataTooBig):
        # Raised when the parsers read the body; Django would answer with its HTML 400 page.
        limit = f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1024 / 1024:g} MB"
        exc = ValidationError({NON_FIELD_ERRORS: [f"The request body is larger than the limit of {limit}."]})
    elif isinstance(exc, ParseError):
        # A body that cannot be read (malformed JSON): a 400 in the format of every other one.
        exc = ValidationError({NON_FIELD_ERRORS: [str(exc.detail)]})
    elif isinstance(exc, ProtectedError | RestrictedError):
        exc = Conflict("Other records still refer to this one; change or delete those first.")
    response = drf_exception_handler(exc, context)
    if response is not None and getattr(exc, "etag", None):
        # A 412 names the version the object has now (statements/api/versions.py).
        response["ETag"] = exc.etag
    if response is not None and isinstance(exc, ValidationError):
        detail = response.data if isinstance(response.data, dict) else {NON_FIELD_ERRORS: response.data}
        response.data = {"errors": _named_for_the_api(detail)}
    return response


def _named_for_the_api(detail):
    """The errors with Django's "__all__" (a model's `full_clean()`) renamed as DRF names it, nested ones too."""
    if isinstance(detail, dict):
        return {
            (api_settings.NON_FIELD_ERRORS_KEY if key == NON_FIELD_ERRORS else key): _named_for_the_api(value)
            for key, value in detail.items()
        }
    if isinstance(detail, list):
        return [_named_for_the_api(item) for item in detail]
    return detail


def api_not_found(request, *args, **kwargs):
    """Unknown URLs under /api/ answer in JSON too."""
    return JsonResponse({"detail": "No such API endpoint. See /api/docs/."}, status=404)
