import pytest

from statements.ops.demo import load_demo
from tests.factories import MeetingFactory, StatementFactory

pytestmark = pytest.mark.django_db


def test_it_shows_the_latest_meetings_and_statements_and_the_archive_size(client):
    load_demo()
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "The archive holds 13 statements from 1 meeting, by 4 named speakers" in html
    assert "Security Council meeting" in html
    assert "28 June 2024" in html
    # The newest statements first: the last ones of the meeting.
    assert "promote the progress and welfare of the peoples of both countries" in html
    assert html.count("<h1") == 1


def test_it_has_a_labelled_search_box(client):
    html = client.get("/").content.decode()
    assert '<label for="home-q">Search statements</label>' in html
    assert 'action="/search/"' in html


def test_it_links_the_atom_feed_of_the_latest_statements(client):
    html = client.get("/").content.decode()
    feed = 'title="Latest statements" href="/feeds/statements/"'
    assert f'<link rel="alternate" type="application/atom+xml" {feed}>' in html


def test_it_explains_how_to_load_the_demo_when_empty(client):
    assert "load_demo" in client.get("/").content.decode()


@pytest.mark.parametrize("number", [2, 12])
def test_it_runs_a_fixed_number_of_queries(client, django_assert_num_queries, number):
    for _ in range(number):
        StatementFactory(meeting=MeetingFactory())
    # 1 latest meetings with statement counts, 2 who spoke at them,
    # 3 latest statements, 4 what lies around them (statements.rows); 5 the data version, 6-10 counts
    # of statements, meetings, delegates, parties and sources.
    with django_assert_num_queries(10):
        assert client.get("/").status_code == 200
    # The counts kept under the data version.
    with django_assert_num_queries(5):
        assert client.get("/").status_code == 200


def test_its_counts_follow_each_change_at_once(client):
    # The counts are kept under the data version (facets.cached_by_version): a save or a delete
    # changes the version, so the next visitor sees the new figures.
    first = StatementFactory()
    assert "The archive holds 1 statement from" in client.get("/").content.decode()
    second = StatementFactory()
    assert "The archive holds 2 statements from" in client.get("/").content.decode()
    second.delete()
    first.delete()
    assert "The archive holds 0 statements from" in client.get("/").content.decode()
