"""Why an API write was made: the `X-Change-Reason` header, kept on every history record it writes.

The admin and the editors' screens ask for a reason in a form field. An API write may make
several history records (the statement, then its topics; a delegate and its positions), so
rather than patch each one afterwards, the reason is held for the length of the write and
filled in as simple-history creates each record.
"""

import contextlib
import contextvars

from django.dispatch import receiver
from rest_framework.exceptions import ValidationError
from simple_history.signals import pre_create_historical_record

from statements.history import REASON_MAX_LENGTH as MAX_LENGTH

HEADER = "X-Change-Reason"

_reason = contextvars.ContextVar("change_reason", default=None)


def from_request(request):
    """The header's reason, checked; None when absent or blank."""
    value = request.headers.get(HEADER, "").strip()
    if not value:
        return None
    if len(value) > MAX_LENGTH:
        raise ValidationError({HEADER: [f"At most {MAX_LENGTH} characters; this one has {len(value)}."]})
    if not value.isprintable():
        raise ValidationError({HEADER: ["Must not contain control characters."]})
    return value


def current():
    """The reason of the write under way, or None."""
    return _reason.get()


@contextlib.contextmanager
def given(reason):
    token = _reason.set(reason)
    try:
        yield
    finally:
        _reason.reset(token)


@receiver(pre_create_historical_record)
def fill_in_reason(sender, history_instance, **kwargs):
    reason = _reason.get()
    if reason and not history_instance.history_change_reason:
        history_instance.history_change_reason = reason
