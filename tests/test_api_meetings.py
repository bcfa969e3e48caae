"""GET /api/v1/meetings/, a meeting, and its statements in order."""

import datetime

import pytest

from tests.api_support import AROUND_QUERIES, PAGES_OF_THREE, check_page_of_three
from tests.factories import BodyFactory, MeetingFactory, StatementFactory, TopicFactory, country

pytestmark = pytest.mark.django_db


def ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


@pytest.fixture
def meetings():
    assembly = BodyFactory(name="General Assembly", short_name="General Assembly", slug="general-assembly")
    june = MeetingFactory(date=datetime.date(2024, 6, 28), record_symbol="S/PV.9669", press_release="SC/15755")
    june.requested_by.add(country("USA"), country("FRA"))
    july = MeetingFactory(body=assembly, date=datetime.date(2024, 7, 2))
    statement = StatementFactory(meeting=june, party=country("PRK"))
    statement.topics.add(TopicFactory(slug="non-proliferation", name="Non-proliferation"))
    StatementFactory(meeting=july, party=country("CHN"))
    return {"june": june, "july": july}


def test_it_lists_meetings_newest_first(api_client, meetings):
    assert ids(api_client.get("/api/v1/meetings/")) == [meetings["july"].pk, meetings["june"].pk]


def test_a_meeting_has_its_urls_and_the_parties_that_requested_it(api_client, meetings):
    june = meetings["june"]
    item = api_client.get(f"/api/v1/meetings/{june.pk}/").json()
    assert item["web_url"] == f"http://testserver/meetings/{june.pk}/"
    assert item["statements_url"] == f"http://testserver/api/v1/meetings/{june.pk}/statements/"
    assert [party["code"] for party in item["requested_by"]] == ["FRA", "USA"]
    assert item["body"] == "security-council"


@pytest.mark.parametrize(
    "query, expected",
    [
        ("body=general-assembly", ["july"]),
        ("date_from=2024-07-01", ["july"]),
        ("date_to=2024-06-30", ["june"]),
        ("requested_by=usa", ["june"]),
        ("participant=PRK", ["june"]),
        ("participant=PRK,CHN", ["july", "june"]),
        ("topic=non-proliferation", ["june"]),
        ("symbol=s/pv.9669", ["june"]),
        ("symbol=SC/15755", ["june"]),
    ],
)
def test_it_filters_meetings(api_client, meetings, query, expected):
    assert ids(api_client.get(f"/api/v1/meetings/?{query}")) == [meetings[name].pk for name in expected]


@pytest.mark.parametrize("query", ["body=nowhere", "date_from=June", "requested_by=XXZ", "topic=none"])
def test_it_rejects_bad_meeting_filters(api_client, meetings, query):
    response = api_client.get(f"/api/v1/meetings/?{query}")
    assert response.status_code == 400
    assert query.split("=")[0] in response.json()["errors"]


def test_it_lists_a_meetings_statements_in_speaking_order(api_client, meetings):
    june = meetings["june"]
    # Beyond the factory's own sequence numbers, which grow with every statement of the run.
    later = StatementFactory(meeting=june, sequence=10_000_000)
    earlier = StatementFactory(meeting=june, sequence=1)
    response = api_client.get(f"/api/v1/meetings/{june.pk}/statements/")
    assert ids(response)[0] == earlier.pk
    assert ids(response)[-1] == later.pk


@pytest.mark.parametrize("page_size", [5, 50])
def test_a_meetings_statements_take_a_fixed_number_of_queries(
    api_client, meetings, django_assert_num_queries, page_size
):
    june = meetings["june"]
    StatementFactory.create_batch(60, meeting=june)
    # meeting, the page's ids with their count (COUNT(*) OVER ()), their rows, and in one query
    # topics, citations with sources, mentions, replies, joint parties, checks against the record
    with django_assert_num_queries(3 + AROUND_QUERIES):
        response = api_client.get(f"/api/v1/meetings/{june.pk}/statements/?page_size={page_size}")
    assert len(response.json()["results"]) == page_size
    assert response.json()["count"] == 60 + 1  # and the fixture's


@pytest.mark.parametrize("page, status", PAGES_OF_THREE)
def test_a_meetings_statements_are_counted_exactly_on_every_page(api_client, meetings, page, status):
    meeting = MeetingFactory()
    StatementFactory.create_batch(3, meeting=meeting)

    response = api_client.get(f"/api/v1/meetings/{meeting.pk}/statements/?page_size=2&page={page}")

    check_page_of_three(response, page, status)


def test_a_meeting_without_statements_has_one_empty_page(api_client, meetings):
    answer = api_client.get(f"/api/v1/meetings/{MeetingFactory().pk}/statements/").json()
    assert (answer["count"], answer["results"]) == (0, [])


@pytest.mark.parametrize("page_size", [1, 50])
def test_the_meeting_list_takes_a_fixed_number_of_queries(api_client, meetings, django_assert_num_queries, page_size):
    MeetingFactory.create_batch(10)
    # count, page with bodies, presidents and presiding members,
    # requesting parties, participants with parties, briefers, sources
    with django_assert_num_queries(6):
        api_client.get(f"/api/v1/meetings/?page_size={page_size}")


def test_statements_of_an_unknown_meeting_are_not_found(api_client, db):
    assert api_client.get("/api/v1/meetings/987654/statements/").status_code == 404


# The official record: who presided and took part, the documents, the votes.


@pytest.fixture
def recorded():
    """A meeting as a verbatim record fills it in."""
    from statements.models import Ballot, CouncilSeat, Role, Vote
    from tests.factories import (
        BallotFactory,
        CouncilSeatFactory,
        DelegateFactory,
        DraftFactory,
        ParticipantFactory,
        SourceFactory,
        VoteFactory,
    )

    president = DelegateFactory(full_name="Carolyn Rodrigues-Birkett")
    meeting = MeetingFactory(
        date=datetime.date(2024, 3, 22),
        number=9584,
        record_symbol="S/PV.9584",
        called_to_order=datetime.time(10, 5),
        adjourned=datetime.time(11, 20),
        president=president,
        presiding_party=country("GUY"),
    )
    ParticipantFactory(meeting=meeting, role=Role.PRESIDENT, party=country("GUY"), name="Mrs. Rodrigues-Birkett",
                       delegate=president, sequence=1)  # fmt: skip
    ParticipantFactory(meeting=meeting, role=Role.MEMBER, party=country("RUS"), name="Mr. Nebenzia", sequence=2)
    briefer = DelegateFactory(full_name="Izumi Nakamitsu")
    ParticipantFactory(meeting=meeting, role=Role.SECRETARIAT, party=None, name="Ms. Nakamitsu",
                       title="High Representative for Disarmament Affairs", delegate=briefer, sequence=3)  # fmt: skip
    meeting.briefers.add(briefer)
    record = SourceFactory(kind="verbatim", symbol="S/PV.9584", title="Security Council, 9584th meeting", url="")
    meeting.sources.add(record)
    CouncilSeatFactory(country=country("RUS"), kind=CouncilSeat.Kind.PERMANENT, start=None, end=None)
    vote = VoteFactory(meeting=meeting, draft=DraftFactory(symbol="S/2024/239"), sequence=1,
                       outcome=Vote.Outcome.VETOED, in_favour=11, against=3, abstaining=1)  # fmt: skip
    BallotFactory(vote=vote, party=country("RUS"), choice=Ballot.Choice.AGAINST)
    return {"meeting": meeting, "president": president, "briefer": briefer, "record": record, "vote": vote}


def test_a_meeting_has_its_president_presiding_member_times_and_number(api_client, recorded):
    meeting, president = recorded["meeting"], recorded["president"]
    item = api_client.get(f"/api/v1/meetings/{meeting.pk}/").json()
    assert item["president"] == {
        "id": president.pk,
        "name": "Carolyn Rodrigues-Birkett",
        "url": f"http://testserver/api/v1/delegates/{president.pk}/",
        "web_url": f"http://testserver/delegates/{president.pk}/",
    }
    assert item["presiding_party"]["code"] == "GUY"
    assert item["presiding_party"]["url"] == "http://testserver/api/v1/countries/GUY/"
    assert (item["called_to_order"], item["adjourned"]) == ("10:05:00", "11:20:00")
    assert item["number"] == 9584


def test_a_meeting_lists_its_participants_in_the_records_order(api_client, recorded):
    meeting, briefer = recorded["meeting"], recorded["briefer"]
    participants = api_client.get(f"/api/v1/meetings/{meeting.pk}/").json()["participants"]
    assert [(p["role"], p["party"] and p["party"]["code"], p["name"]) for p in participants] == [
        ("president", "GUY", "Mrs. Rodrigues-Birkett"),
        ("member", "RUS", "Mr. Nebenzia"),
        ("secretariat", None, "Ms. Nakamitsu"),
    ]
    assert participants[0]["delegate"] == recorded["president"].pk
    assert participants[1]["delegate"] is None
    assert participants[2] == {
        "role": "secretariat",
        "party": None,
        "name": "Ms. Nakamitsu",
        "title": "High Representative for Disarmament Affairs",
        "delegate": briefer.pk,
    }


def test_a_meeting_lists_its_briefers_and_sources(api_client, recorded):
    meeting, record = recorded["meeting"], recorded["record"]
    item = api_client.get(f"/api/v1/meetings/{meeting.pk}/").json()
    assert [briefer["name"] for briefer in item["briefers"]] == ["Izumi Nakamitsu"]
    assert item["sources"] == [
        {
            "id": record.pk,
            "url": f"http://testserver/api/v1/sources/{record.pk}/",
            "kind": "verbatim",
            "symbol": "S/PV.9584",
            "title": "Security Council, 9584th meeting",
            "link": "",
        }
    ]


def test_a_meeting_shows_its_votes_on_its_own_page_but_not_in_the_list(api_client, recorded):
    meeting, vote = recorded["meeting"], recorded["vote"]
    item = api_client.get(f"/api/v1/meetings/{meeting.pk}/").json()
    assert item["votes"] == [
        {
            "id": vote.pk,
            "url": f"http://testserver/api/v1/votes/{vote.pk}/",
            "sequence": 1,
            "draft": "S/2024/239",
            "outcome": "vetoed",
            "resolution": "",
            "counts": {"in_favour": 11, "against": 3, "abstaining": 1},
            "vetoed_by": ["RUS"],
        }
    ]
    assert "votes" not in api_client.get("/api/v1/meetings/").json()["results"][0]


def test_a_meeting_without_a_record_has_no_president_and_empty_lists(api_client, meetings):
    item = api_client.get(f"/api/v1/meetings/{meetings['july'].pk}/").json()
    assert item["president"] is None
    assert item["presiding_party"] is None
    assert item["called_to_order"] is None
    assert (item["participants"], item["briefers"], item["sources"], item["votes"]) == ([], [], [], [])


def test_one_meeting_takes_a_fixed_number_of_queries(api_client, recorded, django_assert_num_queries):
    # meeting with body, president and presiding member, requesting parties, participants with
    # parties, briefers, sources, votes with drafts, vetoes with parties (no data version: only
    # lists are cached)
    with django_assert_num_queries(7):
        api_client.get(f"/api/v1/meetings/{recorded['meeting'].pk}/")
