import xml.etree.ElementTree as ET

import pytest

from statements.models import Delegate
from statements.ops.demo import load_demo
from tests.factories import StatementFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def demo():
    load_demo()


def entries(response):
    assert response.status_code == 200
    # application/xml, so that a browser applies the stylesheet (tests/test_follow_page.py).
    assert response["Content-Type"].startswith("application/xml")
    feed = ET.fromstring(response.content)
    return [entry.find(f"{ATOM}title").text for entry in feed.findall(f"{ATOM}entry")]


def test_the_latest_statements_feed_lists_every_demo_statement(client, demo):
    titles = entries(client.get("/feeds/statements/"))
    assert len(titles) == 13
    assert "Vasily Nebenzya (Russia): “completely false.”" in titles


def test_a_country_feed_lists_its_statements(client, demo):
    titles = entries(client.get("/feeds/parties/prk/"))
    assert len(titles) == 2
    assert all(title.startswith("Kim Song (North Korea)") for title in titles)


def test_a_delegate_feed_lists_their_statements(client, demo):
    delegate = Delegate.objects.get(full_name="Geng Shuang")
    assert len(entries(client.get(f"/feeds/delegates/{delegate.pk}/"))) == 1


def test_a_topic_feed_lists_its_statements(client, demo):
    assert len(entries(client.get("/feeds/topics/sanctions/"))) == 1


def test_a_search_feed_lists_the_matches(client, demo):
    titles = entries(client.get("/feeds/search/?q=false"))
    assert titles == ["Vasily Nebenzya (Russia): “completely false.”"]


def test_feeds_answer_404_for_unknown_things(client):
    assert client.get("/feeds/parties/XYZ/").status_code == 404
    assert client.get("/feeds/delegates/999999/").status_code == 404
    assert client.get("/feeds/topics/nothing/").status_code == 404


def test_a_search_feed_with_an_unusable_search_gets_400(client):
    assert client.get("/feeds/search/?year=abc").status_code == 400


def test_the_feed_escapes_statement_text(client):
    from tests.factories import StatementFactory

    StatementFactory(text="<script>alert(1)</script>")
    body = client.get("/feeds/statements/").content.decode()
    assert "<script>" not in body


def test_a_feed_runs_one_query(client, django_assert_num_queries, demo):
    # 1 the latest statements with speaker, party, meeting and body.
    with django_assert_num_queries(1):
        client.get("/feeds/statements/")


def test_a_speech_is_called_a_speech_not_a_paraphrase(client):
    StatementFactory(kind="speech", text="We call for a ceasefire.")
    body = client.get("/feeds/statements/").content.decode()
    assert "Speech in the official record, " in body
    assert "Paraphrase" not in body
