"""/api/v1/popolo/: the archive as one Popolo JSON document whose ids link up."""

import datetime
import json

import pytest

from statements.models import Ballot, Mention, Vote

from .factories import (
    AliasFactory,
    BallotFactory,
    BodyFactory,
    CouncilSeatFactory,
    DelegateFactory,
    DraftFactory,
    MeetingFactory,
    MentionFactory,
    OrganisationFactory,
    PositionFactory,
    StatementFactory,
    VoteFactory,
    country,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive():
    council = BodyFactory()
    meeting = MeetingFactory(body=council, title="", record_symbol="S/PV.9669", number=9669, place="New York")
    nebenzya = DelegateFactory(full_name="Vasily Nebenzya", sort_name="Nebenzya, Vasily")
    AliasFactory(delegate=nebenzya, name="Vasily Nebenzia")
    PositionFactory(
        delegate=nebenzya, party=country("RUS"), title="Permanent Representative", start=datetime.date(2017, 7, 27)
    )
    secretariat = OrganisationFactory(code="un-secretariat", name="United Nations Secretariat", short_name="")
    PositionFactory(party=secretariat, title="Under-Secretary-General")
    StatementFactory(meeting=meeting, speaker=nebenzya, party=country("RUS"))
    MentionFactory(party=country("USA"), relation=Mention.Relation.ACCUSES)
    CouncilSeatFactory(country=country("RUS"), body=council)
    CouncilSeatFactory(
        country=country("DZA"), body=council, start=datetime.date(2024, 1, 1), end=datetime.date(2025, 12, 31)
    )
    vote = VoteFactory(
        meeting=meeting,
        draft=DraftFactory(symbol="S/2024/255", subject="Non-proliferation"),
        outcome=Vote.Outcome.VETOED,
        in_favour=13,
        against=1,
        abstaining=1,
    )
    BallotFactory(vote=vote, party=country("FRA"))
    BallotFactory(vote=vote, party=country("RUS"), choice=Ballot.Choice.AGAINST)
    BallotFactory(vote=vote, party=country("CHN"), choice=Ballot.Choice.ABSTENTION)
    return {"meeting": meeting, "nebenzya": nebenzya, "vote": vote}


def get_document(client):
    response = client.get("/api/v1/popolo/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(b"".join(response.streaming_content))


def test_it_has_the_five_collections_of_popolo(api_client, archive):
    document = get_document(api_client)
    assert list(document) == ["persons", "organizations", "memberships", "events", "vote_events"]


def test_every_id_is_unique_and_every_reference_names_an_object_of_the_document(api_client, archive):
    document = get_document(api_client)
    persons = {person["id"] for person in document["persons"]}
    organizations = {organization["id"] for organization in document["organizations"]}
    events = {event["id"] for event in document["events"]}
    every_id = [item["id"] for collection in document.values() for item in collection]
    assert len(every_id) == len(set(every_id))
    for membership in document["memberships"]:
        assert membership["organization_id"] in organizations
        member = membership.get("person_id") or membership["member"]["id"]
        assert member in persons | organizations
    for event in document["events"]:
        assert event["organization_id"] in organizations
    for vote_event in document["vote_events"]:
        assert vote_event["organization_id"] in organizations
        assert vote_event["legislative_session_id"] in events
        assert all(vote["voter_id"] in organizations for vote in vote_event["votes"])
        assert all(vote["vote_event_id"] == vote_event["id"] for vote in vote_event["votes"])


def test_a_delegate_is_a_person_with_other_names_and_a_membership_for_their_party(api_client, archive):
    document = get_document(api_client)
    nebenzya = archive["nebenzya"]
    (person,) = [person for person in document["persons"] if person["id"] == f"delegate/{nebenzya.pk}"]
    assert person["name"] == "Vasily Nebenzya"
    assert person["sort_name"] == "Nebenzya, Vasily"
    assert person["other_names"] == [{"name": "Vasily Nebenzia"}]
    assert person["links"] == [{"url": f"http://testserver/delegates/{nebenzya.pk}/", "note": "Page on this site"}]
    (membership,) = [m for m in document["memberships"] if m.get("person_id") == person["id"]]
    assert membership["organization_id"] == "party/RUS"
    assert membership["role"] == "Permanent Representative"
    assert (membership["start_date"], membership["end_date"]) == ("2017-07-27", None)


def test_states_have_their_iso_codes_and_seats_are_memberships_of_the_body(api_client, archive):
    document = get_document(api_client)
    organizations = {organization["id"]: organization for organization in document["organizations"]}
    assert organizations["body/security-council"]["classification"] == "body"
    algeria = organizations["party/DZA"]
    assert algeria["classification"] == "state"
    assert {"scheme": "ISO 3166-1 alpha-2", "identifier": "DZ"} in algeria["identifiers"]
    assert organizations["party/un-secretariat"]["classification"] == "organisation"
    assert organizations["party/un-secretariat"]["identifiers"] == []
    (seat,) = [m for m in document["memberships"] if m.get("member", {}).get("id") == "party/DZA"]
    assert seat["organization_id"] == "body/security-council"
    assert seat["role"] == "elected member"
    assert (seat["start_date"], seat["end_date"]) == ("2024-01-01", "2025-12-31")


def test_a_meeting_is_an_event_of_its_body(api_client, archive):
    document = get_document(api_client)
    meeting = archive["meeting"]
    (event,) = [event for event in document["events"] if event["id"] == f"meeting/{meeting.pk}"]
    assert event["name"] == "Security Council meeting"
    assert event["start_date"] == "2024-06-28"
    assert event["location"] == "New York"
    assert event["organization_id"] == "body/security-council"
    assert {"scheme": "UN verbatim record", "identifier": "S/PV.9669"} in event["identifiers"]


def test_a_vote_is_a_vote_event_with_counts_and_each_members_vote(api_client, archive):
    document = get_document(api_client)
    (vote_event,) = document["vote_events"]
    assert vote_event["id"] == f"vote/{archive['vote'].pk}"
    assert vote_event["result"] == "fail"
    assert vote_event["motion"] == {"identifier": "S/2024/255", "text": "Non-proliferation"}
    assert vote_event["counts"] == [
        {"option": "yes", "value": 13},
        {"option": "no", "value": 1},
        {"option": "abstain", "value": 1},
    ]
    assert sorted((vote["voter_id"], vote["option"]) for vote in vote_event["votes"]) == [
        ("party/CHN", "abstain"),
        ("party/FRA", "yes"),
        ("party/RUS", "no"),
    ]


def test_the_document_takes_a_fixed_number_of_queries(api_client, archive, django_assert_num_queries):
    for _ in range(3):
        vote = VoteFactory(meeting=MeetingFactory(), in_favour=15)
        BallotFactory(vote=vote, party=country("GBR"))
        AliasFactory(delegate=DelegateFactory())
        PositionFactory()
    # bodies, states, organisations, delegates with aliases, positions, seats, meetings, votes with ballots
    with django_assert_num_queries(8):
        get_document(api_client)


def test_it_answers_400_to_an_unknown_parameter(api_client):
    response = api_client.get("/api/v1/popolo/?persons=only")
    assert response.status_code == 400
    assert "persons" in response.json()["errors"]


def test_an_empty_archive_is_an_empty_document(api_client):
    document = get_document(api_client)
    assert document["persons"] == document["events"] == document["vote_events"] == []


def test_the_api_root_links_to_the_document_and_to_the_releases(api_client):
    root = api_client.get("/api/v1/").json()
    assert root["popolo"] == "http://testserver/api/v1/popolo/"
    assert root["releases"] == "http://testserver/data/"
