import datetime

import pytest

from statements.ops.demo import load_demo
from tests.factories import (
    CouncilSeatFactory,
    MeetingFactory,
    MentionFactory,
    OrganisationFactory,
    PositionFactory,
    StatementFactory,
    country,
)
from tests.test_meeting_page import hostile_record, official_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    load_demo()


def test_it_shows_its_statements_and_the_statements_about_it(client, demo):
    response = client.get("/countries/RUS/")
    assert response.status_code == 200
    assert response.context["statement_total"] == 4
    html = response.content.decode()
    assert "<h1>Russia</h1>" in html
    assert "Statements about Russia" in html
    assert "Russian Federation" in html


def test_the_code_is_read_in_any_case(client, demo):
    assert client.get("/countries/rus/").context["party"].code == "RUS"


def test_it_aggregates_whom_it_accuses_and_who_accuses_it(client, demo):
    response = client.get("/countries/RUS/")
    outgoing = dict(response.context["outgoing"])
    incoming = dict(response.context["incoming"])
    accused = {party["code"]: count for party, count in outgoing["accuses"]}
    accusers = {party["code"]: count for party, count in incoming["accuses"]}
    assert accused == {"USA": 2, "KOR": 1}
    assert accusers == {"USA": 2, "GBR": 1, "FRA": 1}
    # "mentions" says nothing about stance, so it is left out of the relations.
    assert "mentions" not in outgoing


def test_it_lists_its_delegates_and_council_seats(client, demo):
    html = client.get("/countries/RUS/").content.decode()
    assert "Vasily Nebenzya</a>, Ambassador to the UN" in html
    assert "Permanent member, start not recorded" in html


def test_it_draws_a_timeline_of_statements_per_month_with_a_text_alternative(client, demo):
    html = client.get("/countries/RUS/").content.decode()
    assert '<svg class="timeline" role="group"' in html
    assert '<desc id="timeline-desc">4 statements, June 2024 only; the most in June 2024 (4).</desc>' in html
    # Each month is a link to its statements.
    june = "/search/?country=RUS&amp;date_from=2024-06-01&amp;date_to=2024-06-30"
    assert f'<a href="{june}" aria-label="June 2024: 4 statements">' in html


def test_an_organisation_has_the_same_page(client):
    organisation = OrganisationFactory(code="un-secretariat", name="UN Secretariat")
    StatementFactory(party=organisation)

    response = client.get("/organisations/un-secretariat/")

    assert response.status_code == 200
    assert response.context["statement_total"] == 1
    assert "Council seats" not in response.content.decode()


def test_an_organisation_code_is_not_found_under_countries(client):
    OrganisationFactory(code="who", name="World Health Organization")
    assert client.get("/countries/who/").status_code == 404


def test_it_answers_404_for_an_unknown_code(client):
    assert client.get("/countries/XYZ/").status_code == 404


@pytest.mark.parametrize("number", [2, 25])
def test_it_runs_a_fixed_number_of_queries(client, django_assert_num_queries, number):
    CouncilSeatFactory(country=country("FRA"))
    PositionFactory(party=country("FRA"))
    for day in range(number):
        statement = StatementFactory(
            party=country("FRA"), meeting=MeetingFactory(date=datetime.date(2024, 1, 1) + datetime.timedelta(days=day))
        )
        MentionFactory(statement=statement, party=country("RUS"))
        MentionFactory(statement=StatementFactory(party=country("USA")), party=country("FRA"))
    # 1 the country, 2 the ids of its joint statements (none here); its statements: 3 the latest with
    # their joins, 4 what lies around them (statements.rows); statements about it: 5 the latest, 6 what
    # lies around them; what it counts, kept under 7 the data version: 8 who treats it how, 9 whom it
    # treats how, 10 the further parties of joint statements treating it so, 11 the names of those
    # parties, 12 its statements, 13 the statements about it, 14 their counts by relation, 15 its
    # statements per month; 16 delegates, 17 their positions for it; 18 council seats; its votes:
    # 19 the latest with meetings and drafts, 20 counts by choice, 21 its vetoes; 22 the meetings it
    # presided.
    with django_assert_num_queries(22):
        assert client.get("/countries/FRA/").status_code == 200


def test_it_shows_how_a_state_voted_with_counts_and_its_vetoes(client):
    record = official_record(votes=2)
    html = client.get("/countries/RUS/").content.decode()
    votes = html.split('id="votes-heading"')[1].split('<div class="column-side">')[0]
    assert "In favour: <strong>0</strong> · Against: <strong>2</strong> · Abstention: <strong>0</strong>" in votes
    assert '<a href="/drafts/S/2024/255/">S/2024/255</a>' in votes
    assert '<span class="ballot ballot--against">Against</span> <strong class="veto">Veto</strong>' in votes
    assert "Not adopted: negative vote of a permanent member" in votes
    vetoes = votes.split('id="vetoes-heading"')[1]
    assert '<a href="/drafts/S/2024/256/">draft S/2024/256</a>, Ceasefire in the Middle East' in vetoes
    assert f'href="/meetings/{record["meeting"].pk}/"' in vetoes
    assert 'href="/vetoes/?country=RUS"' in vetoes


def test_a_vote_in_favour_is_not_a_veto(client):
    official_record()
    html = client.get("/countries/FRA/").content.decode()
    assert "In favour: <strong>1</strong>" in html
    assert "No veto by France is recorded." in html


def test_it_lists_the_meetings_it_presided(client):
    record = official_record()
    html = client.get("/countries/MOZ/").content.decode()
    presided = html.split('id="presided-heading"')[1].split("</section>")[0]
    assert f'<a href="/meetings/{record["meeting"].pk}/">' in presided
    assert "(S/PV.9999)" in presided


def test_a_state_without_votes_says_so(client):
    html = client.get("/countries/JPN/").content.decode()
    assert "No vote by Japan is recorded." in html
    assert "No veto by Japan is recorded." in html


@pytest.mark.parametrize("votes", [1, 6])
def test_its_votes_run_a_fixed_number_of_queries(client, django_assert_num_queries, votes):
    record = official_record(speeches=2, votes=votes)
    PositionFactory(party=country("RUS"))
    MentionFactory(statement=record["quote"], party=country("USA"))
    MentionFactory(statement=StatementFactory(party=country("USA")), party=country("RUS"))
    # The 22 queries above, whatever the number of votes.
    with django_assert_num_queries(22):
        response = client.get("/countries/RUS/")
    assert len(response.context["ballots"]) == votes
    assert len(response.context["vetoes"]) == votes


@pytest.mark.parametrize("code", ["RUS", "MOZ"])
def test_every_name_of_its_votes_is_isolated(client, code):
    from tests.test_bidi_isolation import check

    hostile_record()
    check(client.get(f"/countries/{code}/"))


def test_a_joint_statement_is_among_the_statements_of_each_of_its_parties(client):
    joint = StatementFactory(party=country("USA"), text="Russia is breaking the embargo.")
    joint.joint_parties.add(country("GBR"), country("FRA"))
    MentionFactory(statement=joint, party=country("RUS"))

    for code in ("USA", "GBR", "FRA"):
        response = client.get(f"/countries/{code}/")
        assert [statement.pk for statement in response.context["statements"]] == [joint.pk], code
        assert response.context["statement_total"] == 1

    accusers = dict(client.get("/countries/RUS/").context["incoming"])["accuses"]
    assert {party["code"]: count for party, count in accusers} == {"USA": 1, "GBR": 1, "FRA": 1}


def test_its_joint_statements_led_by_others_are_counted_with_its_own_once_each(client):
    own = StatementFactory(party=country("FRA"), date=datetime.date(2024, 1, 5))
    MentionFactory(statement=own, party=country("RUS"), relation="accuses")
    led_by_others = StatementFactory(party=country("USA"), date=datetime.date(2024, 3, 9))
    led_by_others.joint_parties.add(country("FRA"))
    MentionFactory(statement=led_by_others, party=country("RUS"), relation="accuses")
    MentionFactory(statement=led_by_others, party=country("PRK"), relation="criticises")
    # Listed among its own joint parties as well: still one statement.
    also_listed = StatementFactory(party=country("FRA"), date=datetime.date(2024, 3, 20))
    also_listed.joint_parties.add(country("FRA"))
    MentionFactory(statement=also_listed, party=country("RUS"), relation="accuses")

    context = client.get("/countries/FRA/").context

    assert context["statement_total"] == 3
    assert context["months"] == [(datetime.date(2024, 1, 1), 1), (datetime.date(2024, 3, 1), 2)]
    outgoing = {label: [(party["code"], count) for party, count in rows] for label, rows in context["outgoing"]}
    assert outgoing == {"accuses": [("RUS", 3)], "criticises": [("PRK", 1)]}


@pytest.mark.parametrize("number", [1, 4])
def test_a_party_with_joint_statements_runs_a_fixed_number_of_queries(client, django_assert_num_queries, number):
    CouncilSeatFactory(country=country("FRA"))
    PositionFactory(party=country("FRA"))
    MentionFactory(statement=StatementFactory(party=country("USA")), party=country("FRA"))
    for day in range(number):
        joint = StatementFactory(party=country("USA"), date=datetime.date(2024, 1, 1) + datetime.timedelta(days=day))
        joint.joint_parties.add(country("FRA"))
        MentionFactory(statement=joint, party=country("RUS"))
    # The 22 of a party without joint statements, and those led by others counted apart from its
    # own: their total, whom they treat how, and their months.
    with django_assert_num_queries(25):
        assert client.get("/countries/FRA/").status_code == 200


def test_a_joint_statement_counts_once_for_whom_its_lead_party_accuses(client):
    joint = StatementFactory(party=country("USA"))
    joint.joint_parties.add(country("GBR"), country("FRA"))
    MentionFactory(statement=joint, party=country("RUS"))

    outgoing = dict(client.get("/countries/USA/").context["outgoing"])

    assert [(party["code"], count) for party, count in outgoing["accuses"]] == [("RUS", 1)]


def test_every_relation_count_links_to_exactly_those_statements(client, demo):
    html = client.get("/countries/RUS/").content.decode()
    # "Accuses Russia: United States (2)": the 2 is a link to those two statements on the search page.
    url = "/search/?country=USA&amp;mentions=RUS&amp;relation=accuses"
    assert f'<a href="{url}" aria-label="2 statements by United States">2</a>' in html
    # "Russia accuses South Korea (1)".
    url = "/search/?country=RUS&amp;mentions=KOR&amp;relation=accuses"
    assert f'<a href="{url}" aria-label="1 statement about South Korea">1</a>' in html
    found = client.get("/search/?country=USA&mentions=RUS&relation=accuses")
    assert found.context["count"] == 2


def test_the_statements_about_it_are_split_by_relation_each_a_link(client, demo):
    response = client.get("/countries/RUS/")
    by_relation = {label: (count, url) for label, count, url in response.context["mentions_by_relation"]}
    assert by_relation["accuses"] == (2, "/search/?mentions=RUS&relation=accuses")
    assert by_relation["defends"] == (2, "/search/?mentions=RUS&relation=defends")
    html = response.content.decode()
    assert '<a href="/search/?mentions=RUS">Search all' in html
    assert '<a href="/relations/?party=RUS">' in html
    for label, (count, url) in by_relation.items():
        assert client.get(url).context["count"] == count, label


def test_its_counts_follow_each_change_at_once(client):
    StatementFactory(party=country("FRA"))
    assert client.get("/countries/FRA/").context["statement_total"] == 1
    statement = StatementFactory(party=country("USA"))
    MentionFactory(statement=statement, party=country("FRA"), relation="accuses")
    StatementFactory(party=country("FRA"))
    context = client.get("/countries/FRA/").context
    assert (context["statement_total"], context["mention_total"]) == (2, 1)
    assert context["mentions_by_relation"][0][:2] == ("accuses", 1)
