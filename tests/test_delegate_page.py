import datetime

import pytest

from statements.models import Delegate
from statements.ops.demo import load_demo
from tests.factories import AliasFactory, DelegateFactory, MeetingFactory, PositionFactory, StatementFactory, country

pytestmark = pytest.mark.django_db


def test_it_shows_names_other_names_and_positions_over_time(client):
    delegate = DelegateFactory(full_name="Nicolas de Rivière", sort_name="Rivière, Nicolas de")
    AliasFactory(delegate=delegate, name="N. de Riviere")
    PositionFactory(
        delegate=delegate, title="Political Director", start=datetime.date(2019, 1, 1), end=datetime.date(2020, 12, 31)
    )
    PositionFactory(delegate=delegate, title="Permanent Representative", start=datetime.date(2021, 1, 1))

    html = client.get(f"/delegates/{delegate.pk}/").content.decode()

    assert "<h1>Nicolas de Rivière</h1>" in html
    assert "Also written: N. de Riviere" in html
    assert "from 1 January 2019 to 31 December 2020" in html
    assert html.index("Political Director") < html.index("Permanent Representative")


def test_it_groups_statements_by_meeting(client):
    delegate = DelegateFactory()
    first = MeetingFactory(title="First meeting", date=datetime.date(2024, 1, 5))
    second = MeetingFactory(title="Second meeting", date=datetime.date(2024, 2, 5))
    for meeting in (first, first, second):
        StatementFactory(speaker=delegate, meeting=meeting, party=country("FRA"))

    html = client.get(f"/delegates/{delegate.pk}/").content.decode()

    assert html.count('<section class="meeting-group"') == 2
    assert html.index("Second meeting") < html.index("First meeting")


def test_it_links_its_feed(client):
    load_demo()
    delegate = Delegate.objects.get(full_name="Vasily Nebenzya")
    html = client.get(f"/delegates/{delegate.pk}/").content.decode()
    feed = f'title="Statements by Vasily Nebenzya" href="/feeds/delegates/{delegate.pk}/"'
    assert f'<link rel="alternate" type="application/atom+xml" {feed}>' in html


def test_the_list_finds_a_delegate_by_an_alias(client):
    load_demo()
    response = client.get("/delegates/?name=nebenzia")
    assert [delegate.full_name for delegate in response.context["page"].object_list] == ["Vasily Nebenzya"]


@pytest.mark.parametrize("number", [2, 20])
def test_it_runs_a_fixed_number_of_queries(client, django_assert_num_queries, number):
    delegate = DelegateFactory()
    PositionFactory(delegate=delegate)
    for _ in range(number):
        StatementFactory(speaker=delegate, meeting=MeetingFactory())
    # 1 delegate, 2 aliases, 3 positions with parties, 4 count of statements,
    # 5 the page of statements with their joins, 6 what lies around them (topics, citations, replies,
    # mentions, joint parties, checks against the record: statements.rows), 7 statements per month.
    with django_assert_num_queries(7):
        assert client.get(f"/delegates/{delegate.pk}/").status_code == 200


@pytest.mark.parametrize("number", [2, 20])
def test_the_list_runs_a_fixed_number_of_queries(client, django_assert_num_queries, number):
    for _ in range(number):
        PositionFactory()
    # 1 count, 2 the page of delegates with statement counts, 3 their positions with parties.
    with django_assert_num_queries(3):
        assert client.get("/delegates/").status_code == 200
