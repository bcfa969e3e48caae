"""Sending what is due: each confirmed subscription gets the statements new to it, once.

First, for each distinct query string followed, the new statements it selects are read once, and
the subscriptions that already had all of them are left alone (`with_something_new`): a run costs
a few queries per query string, not per subscription. Then, for each subscription with something
new, one at a time:

1. In a short transaction, its row is locked (`SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL:
   a concurrent run skips it rather than waits), the statements matching its query that are newer
   than its confirmation and not yet delivered are read, and a `Delivery` row per statement is
   written together with `last_sent`. Then the transaction commits.
2. The mail goes out through SMTP, after the commit, so that no transaction (nor row lock) is
   held open while a mail server answers (DB_IDLE_IN_TRANSACTION_TIMEOUT would end it).
3. If the SMTP server refuses or cannot be reached, the Delivery rows and `last_sent` are put
   back in a second transaction, so that the next run sends those statements again.

A crash between 1 and the end of 2 loses that one mail rather than sending it twice: its
statements are recorded as delivered and never mailed again. That is the choice (at most once):
"nothing sent twice" is what readers were promised, and a lost alert can be found on the site,
while a duplicate cannot be unsent. The one case that can still mail twice is an SMTP server
that took the mail but whose answer was lost (a timeout after the data was sent): step 3 then
puts the statements back.

Daily digests go out at most once a day: when a day has passed since the last one (or since the
subscription was confirmed), with everything new since.
"""

import contextlib
import datetime
import logging
from collections import defaultdict

from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from statements.alerts import mail, matching, tokens
from statements.models import Delivery, Subscription

logger = logging.getLogger(__name__)

# Statements in one mail at most; the rest come in the next run's mail.
MAX_PER_MAIL = 50
# New statements of one query looked through at once to find who is due; past it, each looks itself.
SCAN_LIMIT = 10_000
DIGEST_INTERVAL = datetime.timedelta(days=1)
STATEMENT_JOINS = ("speaker", "party", "meeting__body")


def due(now):
    """The confirmed subscriptions that may get a mail at `now`: immediate ones, and digests a day old."""
    day_ago = now - DIGEST_INTERVAL
    digest_due = Q(last_sent__lte=day_ago) | Q(last_sent=None, confirmed__lte=day_ago)
    return Subscription.objects.filter(confirmed__isnull=False).filter(
        Q(frequency=Subscription.Frequency.IMMEDIATE) | (Q(frequency=Subscription.Frequency.DAILY) & digest_due)
    )


class Selections(dict):
    """The statements each query string selects (unordered), or None for one that no longer reads (a
    topic deleted since): read once per run, however many subscriptions share the query."""

    def __missing__(self, query):
        filters = matching.search_filters(query)
        self[query] = matching.statements_matching(filters) if filters.is_valid() else None
        if self[query] is None:
            logger.warning("The followed query %r no longer reads; its subscriptions get nothing.", query)
        return self[query]


def new_statements(subscription, selections=None):
    """The statements matching `subscription` that are newer than its confirmation and not yet mailed
    to it, oldest first; None when its query no longer reads."""
    selection = (selections if selections is not None else Selections())[subscription.query]
    if selection is None:
        return None
    delivered = Delivery.objects.filter(subscription=subscription).values("statement_id")
    return selection.filter(id__gt=subscription.after_statement).exclude(pk__in=delivered).order_by("id")


def with_something_new(rows, selections):
    """The ids of the subscriptions among `rows` (id, query, after_statement) that some statement is
    new to, read in two queries per distinct query: the new statements it selects, and which of them
    its subscriptions already had. Only those are then locked and read one by one."""
    groups = defaultdict(list)
    for pk, query, after in rows:
        groups[query].append((pk, after))
    pending = []
    for query, members in groups.items():
        selection = selections[query]
        if selection is None:
            continue
        lowest = min(after for _, after in members)
        new = list(selection.filter(id__gt=lowest).order_by("id").values_list("id", flat=True)[:SCAN_LIMIT])
        if len(new) == SCAN_LIMIT:  # too many to look through: let each subscription look for itself
            pending += [pk for pk, _ in members]
            continue
        delivered = set(
            Delivery.objects.filter(subscription__in=[pk for pk, _ in members], statement__in=new).values_list(
                "subscription_id", "statement_id"
            )
        )
        pending += [pk for pk, after in members if any(sid > after and (pk, sid) not in delivered for sid in new)]
    return sorted(pending)


def _claim(pk, now, selections):
    """Lock subscription `pk`, record what it is due and commit; (subscription, statements, more, previous
    last_sent), or None when another run holds it or nothing is due."""
    with transaction.atomic():
        subscription = due(now).select_for_update(skip_locked=True).filter(pk=pk).first()
        if subscription is None:
            return None
        selection = new_statements(subscription, selections)
        if selection is None:
            return None
        statements = list(selection.select_related(*STATEMENT_JOINS)[: MAX_PER_MAIL + 1])
        if not statements:
            return None
        more = len(statements) > MAX_PER_MAIL
        statements = statements[:MAX_PER_MAIL]
        Delivery.objects.bulk_create(
            [Delivery(subscription=subscription, statement=statement) for statement in statements]
        )
        previous = subscription.last_sent
        subscription.last_sent = now
        subscription.save(update_fields=["last_sent"])
    return subscription, statements, more, previous


def _give_back(subscription, statements, previous):
    with transaction.atomic():
        Delivery.objects.filter(subscription=subscription, statement__in=statements).delete()
        Subscription.objects.filter(pk=subscription.pk).update(last_sent=previous)


def send_one(pk, now, connection=None, selections=None):
    """Send subscription `pk` what it is due; True when a mail went out."""
    claimed = _claim(pk, now, Selections() if selections is None else selections)
    if claimed is None:
        return False
    subscription, statements, more, previous = claimed
    message = mail.alert(subscription, statements, more=more)
    message.connection = connection
    try:
        if connection is not None:
            connection.open()  # once per run: a no-op while it is open
        message.send()
    except Exception:
        _give_back(subscription, statements, previous)
        raise
    return True


def delete_unconfirmed(now):
    """Delete the subscriptions never confirmed whose link has expired: we keep no address that did not
    say yes. Returns how many."""
    expired = now - datetime.timedelta(seconds=tokens.CONFIRM_MAX_AGE)
    deleted, _ = Subscription.objects.filter(confirmed=None, created__lt=expired).delete()
    return deleted


def send_due(now=None, connection=None):
    """Send every due subscription its mail; returns (mails sent, subscriptions that failed).

    The mails of one run share one SMTP connection. A mail the server refuses is logged and the
    others are still sent; when the server cannot be reached at all, the run stops there, and the
    rest waits for the next run.
    """
    now = now or timezone.now()
    delete_unconfirmed(now)
    latest = matching.latest_statement_id()
    sent = failed = 0
    # Only subscriptions some statement is new to: with nothing recorded since, a run is three queries.
    rows = due(now).filter(after_statement__lt=latest).values_list("id", "query", "after_statement")
    selections = Selections()
    candidates = with_something_new(rows, selections)
    connection = connection or get_connection()
    try:
        for pk in candidates:
            try:
                sent += send_one(pk, now, connection, selections)
            except Exception:
                failed += 1
                logger.exception("Subscription %s: the alert could not be sent; it will be tried again.", pk)
                opened = getattr(connection, "connection", None) is not None
                with contextlib.suppress(Exception):
                    connection.close()  # the next mail opens a fresh one
                if not opened:  # the server could not be reached: the rest waits for the next run
                    break
    finally:
        connection.close()
    return sent, failed
