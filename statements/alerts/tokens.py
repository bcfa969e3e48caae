"""The signed links of the mails: confirm a subscription (expires) and unsubscribe (does not).

Each carries the subscription's random token, signed with SECRET_KEY and a salt of its own, so
that a link of one kind is no link of the other and none can be made up from an id.
"""

from django.core import signing

CONFIRM_SALT = "statements.alerts.confirm"
UNSUBSCRIBE_SALT = "statements.alerts.unsubscribe"
# How long a confirmation link works; unconfirmed subscriptions older than this are deleted.
CONFIRM_MAX_AGE = 3 * 24 * 3600


def confirm_token(subscription, frequency):
    """The token of a confirmation link: the subscription and the frequency that was asked for."""
    return signing.dumps({"t": subscription.token, "f": frequency}, salt=CONFIRM_SALT, compress=True)


def read_confirm_token(value):
    """(subscription token, frequency), or None for a link that is forged, mangled or expired."""
    try:
        data = signing.loads(value, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("t"), str) or not isinstance(data.get("f"), str):
        return None
    return data["t"], data["f"]


def unsubscribe_token(subscription):
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(subscription.token)


def read_unsubscribe_token(value):
    """The subscription token, or None for a link that is forged or mangled."""
    try:
        return signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(value)
    except signing.BadSignature:
        return None
