import datetime

import pytest

from statements.models import Meeting, Statement
from statements.ops.demo import load_demo
from tests.factories import (
    CouncilSeatFactory,
    DelegateFactory,
    MeetingFactory,
    MentionFactory,
    StatementFactory,
    TopicFactory,
    country,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_meeting():
    load_demo()
    return Meeting.objects.get(press_release="SC/15755")


def test_it_shows_the_meeting_facts_and_says_what_is_not_recorded(client, demo_meeting):
    response = client.get(f"/meetings/{demo_meeting.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Security Council meeting</h1>" in html
    assert "Friday 28 June 2024" in html
    assert "SC/15755" in html
    # The demo has no record symbol, agenda item or place: the page says so rather than invent them.
    assert html.count("Not recorded") >= 3
    assert "<title>Security Council meeting, 28 June 2024 · Diplomatic statements</title>" in html


def test_it_lists_who_requested_the_meeting(client, demo_meeting):
    html = client.get(f"/meetings/{demo_meeting.pk}/").content.decode()
    requested = html.split("Requested by</dt>")[1].split("</dd>")[0]
    for name in ["United States", "France", "United Kingdom", "Japan"]:
        assert name in requested


def test_it_gives_each_participant_its_council_status_on_the_meeting_date(client, demo_meeting):
    response = client.get(f"/meetings/{demo_meeting.pk}/")
    participants = {entry["party"].code: entry["status"] for entry in response.context["participants"]}
    assert participants["RUS"] == "Permanent member"
    assert participants["PRK"] == "Invited non-member"


def test_an_elected_member_is_an_invited_non_member_after_its_term(client):
    seat = CouncilSeatFactory(country=country("JPN"), start=datetime.date(2023, 1, 1), end=datetime.date(2024, 12, 31))
    CouncilSeatFactory(country=country("CHN"), kind="permanent", start=None, end=None)
    during = StatementFactory(party=country("JPN"), meeting__body=seat.body, meeting__date=datetime.date(2024, 3, 1))
    after = StatementFactory(party=country("JPN"), meeting__body=seat.body, meeting__date=datetime.date(2025, 3, 1))

    status_during = client.get(f"/meetings/{during.meeting_id}/").context["participants"][0]["status"]
    status_after = client.get(f"/meetings/{after.meeting_id}/").context["participants"][0]["status"]

    assert status_during == "Elected member"
    assert status_after == "Invited non-member"


def test_it_gives_no_status_when_no_seat_of_the_body_is_recorded_for_that_date(client):
    statement = StatementFactory(party=country("JPN"))

    response = client.get(f"/meetings/{statement.meeting_id}/")

    assert response.context["participants"][0]["status"] == ""
    assert "Not recorded" in response.content.decode()


def test_a_seat_with_an_unknown_start_counts_as_held(client):
    seat = CouncilSeatFactory(country=country("CHN"), kind="permanent", start=None, end=None)
    statement = StatementFactory(party=country("CHN"), meeting__body=seat.body, meeting__date=datetime.date(1990, 1, 5))

    response = client.get(f"/meetings/{statement.meeting_id}/")

    assert response.context["participants"][0]["status"] == "Permanent member"


def test_it_shows_the_statements_in_order_with_quotes_and_paraphrases_told_apart(client, demo_meeting):
    html = client.get(f"/meetings/{demo_meeting.pk}/").content.decode()
    assert html.index("completely false.") < html.index("to spread baseless allegations")
    assert "statement--direct" in html and "statement--paraphrase" in html
    # Told apart in words too, not only by colour.
    assert "Direct quote</p>" in html and "Paraphrase</p>" in html
    assert "“completely false.”" in html


def test_a_statement_links_to_the_statement_it_answers_and_to_its_answers(client, demo_meeting):
    reply = Statement.objects.get(meeting=demo_meeting, text="completely false.")
    html = client.get(f"/meetings/{demo_meeting.pk}/").content.decode()
    assert f'href="/statements/{reply.reply_to_id}/"' in html
    assert "Answered by" in html and "In reply to" in html


def test_each_statement_shows_its_speaker_topics_and_source(client, demo_meeting):
    html = client.get(f"/meetings/{demo_meeting.pk}/").content.decode()
    assert "Vasily Nebenzya</a>, Ambassador to the UN" in html
    assert 'href="/topics/arms-embargo/"' in html
    assert "Source: <a href=\"/sources/" in html


def test_it_escapes_user_text(client):
    statement = StatementFactory(text="<script>alert(1)</script>", meeting__summary="<b>bold</b>")
    html = client.get(f"/meetings/{statement.meeting_id}/").content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_it_answers_404_for_an_unknown_meeting(client):
    assert client.get("/meetings/999999/").status_code == 404


def meeting_with_statements(number):
    meeting = MeetingFactory()
    CouncilSeatFactory(body=meeting.body, country=country("FRA"))
    topic = TopicFactory()
    first = None
    for _ in range(number):
        statement = StatementFactory(meeting=meeting, speaker=DelegateFactory(), reply_to=first)
        statement.topics.add(topic)
        MentionFactory(statement=statement)
        first = first or statement
    return meeting


@pytest.mark.parametrize("number", [3, 30])
def test_it_runs_the_same_queries_for_3_or_30_statements(client, django_assert_num_queries, number):
    meeting = meeting_with_statements(number)
    # 1 meeting with its body, 2 requested_by, 3 briefers, 4 sources,
    # 5 statements (with speaker, party, body, reply_to and its speaker and party),
    # 6 topics, 7 citations with sources, 8 replies, 9 mentions with parties,
    # 10 council seats on the meeting's date.
    with django_assert_num_queries(10):
        response = client.get(f"/meetings/{meeting.pk}/")
    assert response.status_code == 200
    assert len(response.context["statements"]) == number
