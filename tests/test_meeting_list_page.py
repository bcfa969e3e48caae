import datetime

import pytest

from statements.ops.demo import load_demo
from tests.factories import BodyFactory, MeetingFactory, StatementFactory, TopicFactory, country

pytestmark = pytest.mark.django_db


def test_each_row_shows_date_body_title_symbol_statement_count_and_who_spoke(client):
    load_demo()
    html = client.get("/meetings/").content.decode()
    row = html.split('<li class="meeting-row">')[1]
    assert "28 June 2024" in row
    assert "Security Council meeting" in row
    assert "Record: not recorded" in row
    assert "Press release SC/15755" in row
    assert "13 statements" in row
    assert 'Spoke: <a href="/countries/USA/">United States</a>' in row


def test_it_filters_by_body_and_dates(client):
    other_body = BodyFactory(slug="general-assembly", name="General Assembly", short_name="General Assembly")
    early = MeetingFactory(date=datetime.date(2023, 1, 10), title="Early")
    late = MeetingFactory(date=datetime.date(2024, 5, 10), title="Late")
    assembly = MeetingFactory(date=datetime.date(2024, 5, 11), title="Assembly", body=other_body)

    by_body = client.get("/meetings/?body=general-assembly").context["page"].object_list
    by_dates = client.get("/meetings/?date_from=2024-01-01&date_to=2024-05-10").context["page"].object_list

    assert [meeting.pk for meeting in by_body] == [assembly.pk]
    assert [meeting.pk for meeting in by_dates] == [late.pk]
    assert early.pk not in [meeting.pk for meeting in by_dates]


def test_it_filters_by_a_country_that_requested_or_spoke(client):
    requested = MeetingFactory(title="Requested by Japan")
    requested.requested_by.add(country("JPN"))
    spoke = StatementFactory(party=country("JPN"), meeting__title="Japan spoke").meeting
    StatementFactory(party=country("FRA"), meeting__title="Only France")

    titles = {meeting.title for meeting in client.get("/meetings/?country=jpn").context["page"].object_list}

    assert titles == {requested.title, spoke.title}


def test_it_filters_by_topic(client):
    topic = TopicFactory(slug="sanctions", name="Sanctions")
    on_topic = StatementFactory()
    on_topic.topics.add(topic)
    StatementFactory()

    meetings = client.get("/meetings/?topic=sanctions").context["page"].object_list

    assert [meeting.pk for meeting in meetings] == [on_topic.meeting_id]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("date_from=2024-13-45", "Enter a valid date."),
        ("country=XXX", "Unknown country or organisation code: XXX."),
        ("date_from=2024-05-01&date_to=2024-01-01", "The end date is before the start date."),
        ("topic=no-such-topic", "No topic is called “no-such-topic”."),
    ],
)
def test_it_answers_unreadable_filters_with_400_and_says_why(client, query, message):
    response = client.get(f"/meetings/?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_pagination_keeps_the_filters(client):
    for day in range(1, 23):
        MeetingFactory(date=datetime.date(2024, 1, day))
    response = client.get("/meetings/?date_from=2024-01-01")
    html = response.content.decode()
    assert response.context["page"].paginator.num_pages == 2
    assert 'href="?date_from=2024-01-01&amp;page=2"' in html
    second = client.get("/meetings/?date_from=2024-01-01&page=2")
    assert len(second.context["page"].object_list) == 2


def test_every_field_has_a_label(client):
    html = client.get("/meetings/").content.decode()
    for field in ["body", "date_from", "date_to", "country", "topic"]:
        assert f'<label for="id_{field}">' in html


@pytest.mark.parametrize("number", [3, 25])
def test_it_runs_a_fixed_number_of_queries(client, django_assert_num_queries, number):
    for day in range(number):
        StatementFactory(meeting=MeetingFactory(date=datetime.date(2024, 1, 1) + datetime.timedelta(days=day)))
    # 1 count of meetings, 2 the page of meetings with bodies and statement counts, 3 who spoke at them;
    # 4-7 the directory of names, for the country field's suggestions (kept a minute, cleared here);
    # the form's body and topic choices: 8 bodies, 9 topics.
    with django_assert_num_queries(9):
        assert client.get("/meetings/").status_code == 200


def test_the_country_field_suggests_every_party_and_takes_a_name(client):
    speech = StatementFactory(party=country("RUS"))
    page = client.get("/meetings/").content.decode()
    # Fiji spoke at no meeting here, and is suggested all the same.
    assert '<option value="Fiji">FJI</option>' in page
    assert 'list="party-names"' in page

    by_name = client.get("/meetings/?country=Russia")
    assert by_name.status_code == 200
    assert [meeting.pk for meeting in by_name.context["page"].object_list] == [speech.meeting_id]


def test_the_filters_fold_unless_one_is_in_use(client):
    folded = client.get("/meetings/").content.decode()
    in_use = client.get("/meetings/?country=PRK&body=").content.decode()

    assert '<details class="meeting-filters" data-open-wide>' in folded
    assert '<details class="meeting-filters" data-open-wide open>' in in_use
    assert '<span class="count">(1 in use)</span>' in in_use
    assert "js/filters.js" in folded
