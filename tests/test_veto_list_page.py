import datetime

import pytest

from tests.factories import BallotFactory, CouncilSeatFactory, DraftFactory, MeetingFactory, VoteFactory, country
from tests.test_meeting_page import hostile_record, official_record

pytestmark = pytest.mark.django_db


def veto(code, date, symbol, body=None):
    """A vote on `symbol` vetoed by `code`, which holds a permanent seat on the meeting's body."""
    meeting = MeetingFactory(date=date, **({"body": body} if body else {}))
    if not meeting.body.seats.filter(country__code=code).exists():
        CouncilSeatFactory(body=meeting.body, country=country(code), kind="permanent", start=None, end=None)
    vote = VoteFactory(
        meeting=meeting, draft=DraftFactory(symbol=symbol), outcome="vetoed", in_favour=13, against=1, abstaining=1
    )
    BallotFactory(vote=vote, party=country(code), choice="against")
    BallotFactory(vote=vote, party=country("FRA"), choice="in-favour")
    return vote


def test_it_lists_each_vetoed_vote_with_who_vetoed_the_draft_the_date_and_the_counts(client):
    record = official_record()
    response = client.get("/vetoes/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Vetoes</h1>" in html
    assert "1 vetoed draft" in html
    assert '<strong class="veto">Vetoed by</strong> <a href="/countries/RUS/">Russia</a>' in html
    assert '<a href="/drafts/S/2024/255/">Draft S/2024/255</a>' in html
    assert f'<a href="/meetings/{record["meeting"].pk}/">' in html
    assert "28 June 2024" in html
    assert "12 in favour, 1 against, 2 abstentions" in html


def test_an_adopted_draft_is_not_a_veto(client):
    VoteFactory(outcome="adopted")
    html = client.get("/vetoes/").content.decode()
    assert "0 vetoed drafts" in html
    assert "No vetoes match these filters." in html


def test_it_filters_by_the_vetoing_member(client):
    body_vote = veto("RUS", datetime.date(2024, 3, 22), "S/2024/239")
    veto("USA", datetime.date(2024, 4, 18), "S/2024/312", body=body_vote.meeting.body)

    response = client.get("/vetoes/?country=usa")

    assert [vote.draft.symbol for vote in response.context["page"].object_list] == ["S/2024/312"]


def test_it_filters_by_date(client):
    first = veto("RUS", datetime.date(2023, 10, 16), "S/2023/772")
    veto("RUS", datetime.date(2024, 3, 22), "S/2024/239", body=first.meeting.body)

    response = client.get("/vetoes/?date_from=2024-01-01&date_to=2024-12-31")

    assert [vote.draft.symbol for vote in response.context["page"].object_list] == ["S/2024/239"]


def test_it_lists_the_newest_first(client):
    first = veto("RUS", datetime.date(2023, 10, 16), "S/2023/772")
    veto("USA", datetime.date(2024, 4, 18), "S/2024/312", body=first.meeting.body)

    symbols = [vote.draft.symbol for vote in client.get("/vetoes/").context["page"].object_list]

    assert symbols == ["S/2024/312", "S/2023/772"]


@pytest.mark.parametrize("query", ["country=XYZ", "date_from=yesterday", "date_from=2024-05-01&date_to=2024-01-01"])
def test_it_refuses_filters_it_cannot_read(client, query):
    response = client.get(f"/vetoes/?{query}")
    assert response.status_code == 400
    assert "Check the filters" in response.content.decode()


def test_it_pages_through_many_vetoes(client):
    first = veto("RUS", datetime.date(2000, 1, 1), "S/2000/1")
    for day in range(1, 25):
        veto(
            "RUS",
            datetime.date(2000, 1, 1) + datetime.timedelta(days=day),
            f"S/2000/{day + 1}",
            body=first.meeting.body,
        )

    html = client.get("/vetoes/?country=RUS&page=2").content.decode()

    assert "Page 2 of 2" in html
    assert 'href="?country=RUS&amp;page=1" rel="prev"' in html


@pytest.mark.parametrize("number", [2, 20])
def test_it_runs_a_fixed_number_of_queries(client, django_assert_num_queries, number):
    first = veto("RUS", datetime.date(2000, 1, 1), "S/2000/1")
    for day in range(1, number):
        veto(
            "USA",
            datetime.date(2000, 1, 1) + datetime.timedelta(days=day),
            f"S/2000/{day + 1}",
            body=first.meeting.body,
        )
    # 1 count, 2 the page of votes with meetings, bodies and drafts, 3 the vetoes among their
    # ballots with parties, 4 the permanent members for the country list.
    with django_assert_num_queries(4):
        assert client.get("/vetoes/").status_code == 200


def test_every_name_is_isolated(client):
    from tests.test_bidi_isolation import check

    hostile_record()
    check(client.get("/vetoes/"))


@pytest.mark.parametrize("url", ["/", "/meetings/"])
def test_the_home_page_and_the_meeting_list_link_to_it(client, url):
    assert 'href="/vetoes/"' in client.get(url).content.decode()
