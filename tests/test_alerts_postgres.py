"""send_alerts run several times at once on PostgreSQL: each statement still reaches each
subscription once, and a run skips a subscription another run holds rather than waiting for it."""

import threading
import time

import pytest
from django.db import connections, transaction
from django.utils import timezone

from statements.alerts import sending
from statements.models import Delivery, Subscription
from tests.factories import StatementFactory
from tests.mail_server import serve
from tests.test_concurrent_writes import at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migrated_rows")]

RUNS = 4
READERS = 6


@pytest.fixture
def inbox(settings):
    yield from serve(settings)


def confirmed(email, query="q=sanctions"):
    return Subscription.objects.create(email=email, query=query, title="Sanctions", confirmed=timezone.now())


def test_concurrent_runs_mail_each_statement_to_each_reader_once(inbox):
    for number in range(READERS):
        confirmed(f"reader{number}@example.org")
    statements = [StatementFactory(text=f"Sanctions, number {number}.") for number in range(3)]

    results = at_once(*[sending.send_due for _ in range(RUNS)])

    assert sum(sent for sent, _ in results) == READERS
    assert all(failed == 0 for _, failed in results)
    assert len(inbox.messages) == READERS
    assert sorted(r for message in inbox.messages for r in message.envelope_recipients) == sorted(
        f"reader{number}@example.org" for number in range(READERS)
    )
    assert Delivery.objects.count() == READERS * len(statements)
    assert sending.send_due() == (0, 0)


def test_a_run_skips_a_subscription_another_run_holds_and_sends_it_later(inbox):
    subscription = confirmed("reader@example.org")
    StatementFactory(text="Sanctions again.")
    holding, release = threading.Event(), threading.Event()

    def hold():
        try:
            with transaction.atomic():
                Subscription.objects.select_for_update().get(pk=subscription.pk)
                holding.set()
                release.wait(timeout=30)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        holding.wait(timeout=30)
        started = time.monotonic()
        [result] = at_once(sending.send_due)
        assert result == (0, 0)
        assert time.monotonic() - started < 5  # skipped, not waited for
    finally:
        release.set()
        holder.join()
    assert sending.send_due() == (1, 0)
    assert len(inbox.messages) == 1
