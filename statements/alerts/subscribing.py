"""Subscribing, confirming and unsubscribing: what the follow pages do, without the pages.

Whether an address already follows something is never told to whoever asks: subscribing an
address that follows it already mails it a confirmation link, as for a new one, and the page
says the same in both cases.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from statements.alerts import limits, mail, matching, tokens
from statements.models import Subscription


def normalise_email(email):
    # Lower case throughout: providers treat the local part without case, and one subscription per
    # address and query must not be dodged by writing it differently.
    return email.strip().lower()


def subscribe(email, query, title, frequency):
    """Record that `email` asks to follow `query` and mail it a confirmation link (at most
    limits.PER_EMAIL an hour). Returns the subscription; nothing is sent to it before it is confirmed."""
    email = normalise_email(email)
    limit = Subscription._meta.get_field("title").max_length
    title = title if len(title) <= limit else title[: limit - 1] + "…"
    try:
        with transaction.atomic():
            subscription, _ = Subscription.objects.get_or_create(email=email, query=query, defaults={"title": title})
    except IntegrityError:  # the same request twice at once: the other one created it
        subscription = Subscription.objects.get(email=email, query=query)
    if limits.email_allowed(email):
        mail.confirmation(subscription, frequency).send()
    return subscription


def pending(confirm_token):
    """The subscription a confirmation link names, or None for a bad or expired link. Changes nothing."""
    read = tokens.read_confirm_token(confirm_token)
    if read is None or read[1] not in Subscription.Frequency.values:
        return None
    return Subscription.objects.filter(token=read[0]).first()


def confirm(confirm_token):
    """Confirm the subscription of a confirmation link with the frequency the link asked for; returns
    it, or None for a bad or expired link. Statements recorded from now on are new to it."""
    read = tokens.read_confirm_token(confirm_token)
    if read is None or read[1] not in Subscription.Frequency.values:
        return None
    token, frequency = read
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().filter(token=token).first()
        if subscription is None:
            return None
        if subscription.confirmed is None:
            subscription.confirmed = timezone.now()
            subscription.after_statement = matching.latest_statement_id()
        subscription.frequency = frequency
        subscription.save(update_fields=["confirmed", "after_statement", "frequency"])
    return subscription


def subscription_of(unsubscribe_token):
    """The subscription an unsubscribe link names, or None (a bad link, or one that has ended)."""
    token = tokens.read_unsubscribe_token(unsubscribe_token)
    return Subscription.objects.filter(token=token).first() if token else None


def unsubscribe(unsubscribe_token):
    """End the subscription of an unsubscribe link: it is deleted, address and deliveries with it.
    False for a link that is not one of ours."""
    token = tokens.read_unsubscribe_token(unsubscribe_token)
    if token is None:
        return False
    Subscription.objects.filter(token=token).delete()
    return True
