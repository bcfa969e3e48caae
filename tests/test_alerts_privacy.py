"""No email address of an alert is shown, exported or published: not in the API (lists, exports,
Popolo, schema), not in the public releases, not on the pages; administrators alone see them,
in the admin."""

import gzip

import pytest
from django.test import Client

from statements.models import Delivery, Subscription
from statements.ops.publish.release import publish_dataset
from tests.factories import StatementFactory, administrator_user, editor_user

pytestmark = pytest.mark.django_db


def text_of(response):
    return b"".join(response.streaming_content if response.streaming else [response.content]).decode()


SECRET = "private-reader-7f3a@example.org"


@pytest.fixture
def subscription(db):
    statement = StatementFactory(text="Followed by a reader.")
    subscription = Subscription.objects.create(
        email=SECRET, query="country=FRA", title="Statements by France", confirmed=statement.updated
    )
    Delivery.objects.create(subscription=subscription, statement=statement)
    return subscription


def test_no_list_of_the_api_nor_its_exports_holds_an_address(client, subscription):
    endpoints = client.get("/api/v1/").json()["endpoints"]
    assert endpoints
    for name, url in endpoints.items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert SECRET not in response.content.decode(), name
        assert "subscription" not in name.lower()
    for export in ("csv", "jsonl"):
        response = client.get("/api/v1/statements/", {"format": export})
        assert SECRET not in text_of(response)


def test_popolo_and_the_api_schema_know_nothing_of_subscriptions(client, subscription):
    assert SECRET not in text_of(client.get("/api/v1/popolo/"))
    schema = client.get("/api/schema/", {"format": "json"}).content.decode()
    assert "ubscription" not in schema and "email" not in schema.lower().replace("emails", "")


def test_a_public_release_holds_no_address_and_no_subscription_table(subscription, tmp_path):
    published = publish_dataset(tmp_path)

    files = [path for path in published.path.rglob("*") if path.is_file()]
    assert files
    for path in files:
        content = path.read_bytes()
        if path.suffix == ".gz":
            content = gzip.decompress(content)
        assert SECRET.encode() not in content, path.name
        assert b"subscription" not in content.lower(), path.name
        assert "subscription" not in path.name and "deliver" not in path.name


def test_the_pages_of_an_alert_never_show_its_address(client, subscription):
    from statements.alerts import tokens

    for page in (
        f"/follow/unsubscribe/{tokens.unsubscribe_token(subscription)}/",
        f"/follow/confirm/{tokens.confirm_token(subscription, 'daily')}/",
        "/follow/?country=FRA",
        f"/statements/{Delivery.objects.get().statement_id}/",
    ):
        response = client.get(page)
        assert response.status_code == 200, page
        assert SECRET not in response.content.decode(), page
    response = client.post(f"/follow/confirm/{tokens.confirm_token(subscription, 'daily')}/")
    assert SECRET not in response.content.decode()


def test_administrators_see_the_subscriptions_in_the_admin(subscription):
    client = Client()
    client.force_login(administrator_user(is_staff=True))

    listing = client.get("/admin/statements/subscription/")

    assert listing.status_code == 200
    assert SECRET in listing.content.decode()
    assert client.get(f"/admin/statements/subscription/{subscription.pk}/change/").status_code == 200
    assert client.get("/admin/statements/subscription/add/").status_code == 403
    assert client.get("/admin/statements/delivery/", {"q": "private-reader"}).context["cl"].result_count == 1


def test_editors_do_not_see_the_subscriptions(subscription):
    client = Client()
    client.force_login(editor_user(is_staff=True))

    assert client.get("/admin/statements/subscription/").status_code == 403
    assert client.get("/admin/statements/delivery/").status_code == 403
    assert SECRET not in client.get("/admin/").content.decode()
    assert "Subscriptions" not in client.get("/admin/").content.decode()
