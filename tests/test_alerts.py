"""Email alerts end to end through a real SMTP server: subscribe, confirm by the mailed link, get
the statements saved since, once, and unsubscribe by the link in the alert."""

import datetime
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from statements.alerts import limits, sending, tokens
from statements.models import Delivery, Subscription
from tests.factories import StatementFactory, TopicFactory, country
from tests.mail_server import body, header, links, path_of, serve, subject

pytestmark = pytest.mark.django_db


@pytest.fixture
def inbox(settings):
    yield from serve(settings)


READER = "reader@example.org"


def subscribe(client, query="q=sanctions", email=READER, frequency="immediate"):
    return client.post("/follow/", {"email": email, "frequency": frequency, "query": query})


def confirm_link(message):
    [link] = [link for link in links(message) if "/follow/confirm/" in link]
    return path_of(link)


def subscribed(client, inbox, query="q=sanctions", frequency="immediate"):
    """A confirmed subscription of READER to `query`, confirmed through the mailed link."""
    assert subscribe(client, query, frequency=frequency).status_code == 302
    assert client.post(confirm_link(inbox.to(READER)[-1])).status_code == 200
    inbox.messages.clear()
    return Subscription.objects.get(email=READER, query=query)


def test_subscribing_mails_a_confirmation_link_and_sends_nothing_else(client, inbox):
    response = subscribe(client)

    assert response.status_code == 302 and response["Location"] == "/follow/sent/"
    [message] = inbox.messages
    assert message.envelope_recipients == [READER]
    assert message["To"] == READER
    assert subject(message) == "Confirm your alert: Statements matching “sanctions”"
    assert confirm_link(message).startswith("/follow/confirm/")
    assert links(message)[0].startswith("https://statements.example.org/follow/confirm/")
    subscription = Subscription.objects.get()
    assert subscription.confirmed is None

    StatementFactory(text="New sanctions were announced.")
    assert sending.send_due() == (0, 0)
    assert len(inbox.messages) == 1


def test_opening_the_confirmation_link_asks_before_it_confirms(client, inbox):
    subscribe(client)
    path = confirm_link(inbox.messages[0])

    page = client.get(path)

    assert page.status_code == 200
    assert b"Confirm your alert" in page.content and b"<button" in page.content
    assert Subscription.objects.get().confirmed is None
    assert client.post(path).status_code == 200
    assert Subscription.objects.get().confirmed is not None


def test_a_matching_statement_saved_after_confirmation_is_mailed_once_with_unsubscribe_headers(client, inbox):
    StatementFactory(text="Old sanctions, recorded before the alert.")
    subscription = subscribed(client, inbox)
    statement = StatementFactory(text="The council renewed the sanctions.", party=country("FRA"))
    StatementFactory(text="Nothing about the matter at hand.")

    call_command("send_alerts", verbosity=0)

    [message] = inbox.messages
    assert subject(message) == "1 new statement: Statements matching “sanctions”"
    text = body(message)
    assert "“The council renewed the sanctions.”" in text
    assert "Old sanctions" not in text and "Nothing about" not in text
    assert f"https://statements.example.org/statements/{statement.pk}/" in links(message)
    [unsubscribe] = [link for link in links(message) if "/follow/unsubscribe/" in link]
    assert header(message, "List-Unsubscribe") == f"<{unsubscribe}>"
    assert header(message, "List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"
    assert list(Delivery.objects.values_list("subscription", "statement")) == [(subscription.pk, statement.pk)]

    call_command("send_alerts", verbosity=0)
    assert len(inbox.messages) == 1


def test_a_mail_program_unsubscribes_with_one_post_and_no_csrf_token(inbox):
    client = Client(enforce_csrf_checks=True)
    subscribed(Client(), inbox)
    StatementFactory(text="More sanctions.")
    sending.send_due()
    unsubscribe = path_of(header(inbox.messages[0], "List-Unsubscribe").strip("<>"))

    assert client.get(unsubscribe).status_code == 200
    assert Subscription.objects.exists()  # opening the link only asks
    response = client.post(unsubscribe, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")

    assert response.status_code == 200
    assert not Subscription.objects.exists() and not Delivery.objects.exists()
    StatementFactory(text="Yet more sanctions.")
    assert sending.send_due() == (0, 0)


def test_bad_and_expired_links_are_refused(client, inbox, monkeypatch):
    subscribe(client)
    path = confirm_link(inbox.messages[0])

    assert client.get("/follow/confirm/nonsense/").status_code == 400
    assert client.post("/follow/confirm/nonsense/").status_code == 400
    assert client.post("/follow/unsubscribe/nonsense/").status_code == 400
    assert client.get("/follow/unsubscribe/nonsense/").status_code == 200  # says there is nothing to do
    monkeypatch.setattr(tokens, "CONFIRM_MAX_AGE", -1)
    assert client.post(path).status_code == 400
    assert Subscription.objects.get().confirmed is None


def test_a_confirmation_link_is_no_unsubscribe_link(client, inbox):
    subscribe(client)
    token = confirm_link(inbox.messages[0]).split("/")[3]

    assert client.post(f"/follow/unsubscribe/{token}/").status_code == 400
    assert Subscription.objects.exists()


def test_unconfirmed_subscriptions_are_deleted_when_their_link_expires(client, inbox):
    subscribe(client)
    Subscription.objects.update(created=timezone.now() - datetime.timedelta(days=4))

    sending.send_due()

    assert not Subscription.objects.exists()


def test_a_daily_digest_waits_a_day_and_then_brings_everything_in_one_mail(client, inbox):
    subscription = subscribed(client, inbox, frequency="daily")
    first = StatementFactory(text="Sanctions, first.")
    second = StatementFactory(text="Sanctions, second.")

    assert sending.send_due() == (0, 0)
    assert sending.send_due(now=subscription.confirmed + datetime.timedelta(days=1, minutes=1)) == (1, 0)

    [message] = inbox.messages
    assert subject(message).startswith("2 new statements:")
    assert "Sanctions, first." in body(message) and "Sanctions, second." in body(message)
    assert set(Delivery.objects.values_list("statement", flat=True)) == {first.pk, second.pk}
    StatementFactory(text="Sanctions, third.")
    assert sending.send_due(now=subscription.confirmed + datetime.timedelta(days=1, minutes=2)) == (0, 0)


def test_following_a_country_or_a_topic_matches_through_the_search_filters(client, inbox):
    topic = TopicFactory(name="Non-proliferation", slug="non-proliferation")
    subscribed(client, inbox, query="country=RUS")
    spoken = StatementFactory(text="We object.", party=country("RUS"))
    StatementFactory(text="We agree.", party=country("FRA"))
    about = StatementFactory(text="On the treaty.", party=country("FRA"))
    about.topics.add(topic)
    Client().post(
        "/follow/", {"email": "other@example.org", "frequency": "immediate", "query": "topic=non-proliferation"}
    )
    other = Subscription.objects.get(email="other@example.org")
    Client().post(confirm_link(inbox.to("other@example.org")[0]))
    other.refresh_from_db()
    Subscription.objects.filter(pk=other.pk).update(after_statement=about.pk - 1)

    assert sending.send_due() == (2, 0)

    [to_reader] = inbox.to(READER)
    assert subject(to_reader) == "1 new statement: Statements by Russia" and "We object." in body(to_reader)
    assert f"/statements/{spoken.pk}/" in body(to_reader)
    [to_other] = [m for m in inbox.to("other@example.org") if "new statement" in subject(m)]
    assert "On the treaty." in body(to_other) and "We agree." not in body(to_other)


def test_when_the_mail_server_is_away_the_run_stops_and_the_next_sends_everything(client, inbox, settings):
    subscribed(client, inbox)
    subscribed(client, inbox, query="q=embargo")
    StatementFactory(text="Sanctions and an embargo again.")
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = 1  # nothing listens there

    assert sending.send_due() == (0, 1)
    assert not Delivery.objects.exists()
    settings.EMAIL_PORT = port
    assert sending.send_due() == (2, 0)
    assert len(inbox.messages) == 2


def test_a_mail_the_server_refuses_is_sent_by_the_next_run_and_the_others_go_out(client, inbox, monkeypatch):
    first = subscribed(client, inbox)
    subscribed(client, inbox, query="q=embargo")
    StatementFactory(text="Sanctions and an embargo again.")
    real = sending.mail.alert

    def refused_for_the_first(subscription, statements, **kwargs):
        message = real(subscription, statements, **kwargs)
        if subscription.pk == first.pk:
            message.to = ["gone@example.org"]
        return message

    inbox.refused.add("gone@example.org")
    monkeypatch.setattr(sending.mail, "alert", refused_for_the_first)
    assert sending.send_due() == (1, 1)
    assert not Delivery.objects.filter(subscription=first).exists()
    monkeypatch.setattr(sending.mail, "alert", real)
    assert sending.send_due() == (1, 0)
    assert len(inbox.messages) == 2


def test_asking_again_for_a_followed_search_looks_the_same_and_keeps_one_subscription(client, inbox):
    subscribed(client, inbox)

    response = subscribe(client, email=" Reader@Example.org ")

    assert response.status_code == 302 and response["Location"] == "/follow/sent/"
    assert Subscription.objects.count() == 1
    assert len(inbox.messages) == 1  # a confirmation link again, as for a new address


def test_confirmation_mails_to_one_address_are_limited(client, inbox):
    for _ in range(limits.PER_EMAIL + 2):
        assert subscribe(client).status_code == 302

    assert len(inbox.messages) == limits.PER_EMAIL


def test_subscribe_requests_from_one_client_are_limited(client, inbox):
    for number in range(limits.PER_CLIENT):
        assert subscribe(client, email=f"reader{number}@example.org").status_code == 302

    response = subscribe(client, email="one-more@example.org")

    assert response.status_code == 429
    assert not Subscription.objects.filter(email="one-more@example.org").exists()


@pytest.mark.parametrize(
    "data",
    [
        {"email": "not an address", "frequency": "immediate", "query": "q=sanctions"},
        {"email": READER, "frequency": "hourly", "query": "q=sanctions"},
        {"email": READER, "frequency": "immediate", "query": "country=XYZ"},
        {"email": READER, "frequency": "immediate", "query": "colour=blue"},
    ],
)
def test_bad_subscribe_requests_are_refused_with_400_and_mail_nothing(client, inbox, data):
    response = client.post("/follow/", data)

    assert response.status_code == 400
    assert not Subscription.objects.exists() and not inbox.messages


def test_the_confirmation_page_escapes_what_is_followed(client, inbox):
    query = urlencode({"q": "<script>alert(1)</script>"})
    subscribe(client, query=query)

    page = client.get(confirm_link(inbox.messages[0]))

    assert b"<script>alert(1)" not in page.content
    assert b"&lt;script&gt;" in page.content


def test_send_alerts_with_nothing_new_costs_three_queries(client, inbox, django_assert_num_queries):
    subscribed(client, inbox)

    # The expired unconfirmed subscriptions (none), the latest statement id, and the due
    # subscriptions that some statement is newer than (none): no subscription is read one by one.
    with django_assert_num_queries(3):
        assert sending.send_due() == (0, 0)


def test_a_statement_edited_after_its_alert_is_not_mailed_again(client, inbox):
    subscribed(client, inbox)
    statement = StatementFactory(text="Sanctions, as first recorded.")
    assert sending.send_due() == (1, 0)

    statement.text = "Sanctions, as corrected."
    statement.save()

    assert sending.send_due() == (0, 0)
    assert len(inbox.messages) == 1


def test_a_long_backlog_comes_in_mails_of_at_most_max_per_mail(client, inbox, monkeypatch):
    monkeypatch.setattr(sending, "MAX_PER_MAIL", 2)
    subscribed(client, inbox)
    for number in range(3):
        StatementFactory(text=f"Sanctions, part {number}.")

    assert sending.send_due() == (1, 0)
    assert "More statements match" in body(inbox.messages[0])
    assert sending.send_due() == (1, 0)
    assert subject(inbox.messages[1]).startswith("1 new statement:")
    assert sending.send_due() == (0, 0)


def test_a_long_search_is_followed_under_a_shortened_title_and_a_too_long_one_is_refused(client, inbox):
    words = " ".join(["sanctions"] * 49)  # 489 characters, within the search's limit
    assert subscribe(client, query=urlencode({"q": words})).status_code == 302
    assert len(Subscription.objects.get().title) == 300

    codes = ",".join(["RUS"] * 600)
    response = subscribe(client, query=urlencode({"mentions": codes}), email="other@example.org")
    assert response.status_code == 400
    assert b"too long to follow" in response.content


def test_a_run_finds_who_is_due_in_queries_per_followed_query_not_per_subscription(
    client, inbox, django_assert_num_queries
):
    for number in range(5):
        Client().post("/follow/", {"email": f"r{number}@example.org", "frequency": "immediate", "query": "country=FRA"})
        Client().post(confirm_link(inbox.to(f"r{number}@example.org")[0]))
    StatementFactory(text="A French statement.", party=country("FRA"))
    assert sending.send_due() == (5, 0)
    StatementFactory(text="A Russian statement.", party=country("RUS"))

    # The expired unconfirmed subscriptions, the latest statement id, the due subscriptions with
    # their queries; for `country=FRA` once: France, whether it made joint statements, its statements
    # newer than the subscriptions, which of those they already had. Nobody is locked or read one by one.
    with django_assert_num_queries(7):
        assert sending.send_due() == (0, 0)


def test_the_search_language_applies_to_alerts(client, inbox):
    subscribed(client, inbox, query=urlencode({"q": "country:russia embargo"}))
    StatementFactory(text="The embargo must end.", party=country("RUS"))
    StatementFactory(text="The embargo must stay.", party=country("FRA"))

    assert sending.send_due() == (1, 0)
    text = body(inbox.messages[0])
    assert "The embargo must end." in text and "must stay" not in text
