"""The mails: the confirmation of a subscription and the alerts, plain text, with absolute links.

Links start with settings.SITE_URL, as the mails are also written by `send_alerts`, where no
request says what the site's address is. Every alert carries its one-click unsubscribe link in
the text and in the `List-Unsubscribe` headers (RFC 2369, RFC 8058), so that a mail program can
offer "Unsubscribe" itself.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from statements.alerts import tokens

MAX_SUBJECT = 150


def absolute(path):
    return settings.SITE_URL + path


def confirm_url(subscription, frequency):
    return absolute(reverse("follow-confirm", args=[tokens.confirm_token(subscription, frequency)]))


def unsubscribe_url(subscription):
    return absolute(reverse("follow-unsubscribe", args=[tokens.unsubscribe_token(subscription)]))


def _subject(text):
    text = " ".join(text.split())
    return text if len(text) <= MAX_SUBJECT else text[: MAX_SUBJECT - 1] + "…"


def confirmation(subscription, frequency):
    """The mail that asks the address to confirm; nothing else is sent before it is confirmed."""
    from statements.models import Subscription

    body = render_to_string(
        "statements/mail/confirm.txt",
        {
            "subscription": subscription,
            "frequency": Subscription.Frequency(frequency).label.lower(),
            "confirm_url": confirm_url(subscription, frequency),
            "follow_url": absolute(subscription.get_absolute_url()),
            "hours": tokens.CONFIRM_MAX_AGE // 3600,
        },
    )
    return EmailMessage(
        subject=_subject(f"Confirm your alert: {subscription.title}"),
        body=body,
        to=[subscription.email],
        headers={"Auto-Submitted": "auto-generated"},
    )


def alert(subscription, statements, *, more=False):
    """The mail of `statements` (with speaker, party and meeting selected) new to `subscription`;
    `more`: further statements match and will come in the next mail."""
    unsubscribe = unsubscribe_url(subscription)
    count = len(statements)
    items = [{"statement": statement, "url": absolute(statement.get_absolute_url())} for statement in statements]
    body = render_to_string(
        "statements/mail/alert.txt",
        {
            "subscription": subscription,
            "items": items,
            "more": more,
            "search_url": absolute(reverse("search") + (f"?{subscription.query}" if subscription.query else "")),
            "follow_url": absolute(subscription.get_absolute_url()),
            "unsubscribe_url": unsubscribe,
        },
    )
    noun = "statement" if count == 1 else "statements"
    return EmailMessage(
        subject=_subject(f"{count} new {noun}: {subscription.title}"),
        body=body,
        to=[subscription.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
