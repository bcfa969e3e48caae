import datetime

import pytest

from statements.models import Mention
from statements.ops.demo import load_demo
from statements.pages.relations import relation_counts
from statements.querylang.names import directory
from tests.factories import MeetingFactory, MentionFactory, OrganisationFactory, StatementFactory, country

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    load_demo()


def joint_statement(parties, **fields):
    """A statement made on behalf of the first of `parties` and jointly of the others."""
    statement = StatementFactory(party=parties[0], **fields)
    statement.joint_parties.set(parties[1:])
    return statement


def cells(response):
    """{(speaking code, mentioned code): {relation: (count, url)}} of the page's table."""
    found = {}
    for row in response.context["rows"]:
        for cell in row["cells"]:
            if cell["counts"]:
                found[row["party"]["code"], cell["target"]["code"]] = {
                    item["relation"]: (item["count"], item["url"]) for item in cell["counts"]
                }
    return found


def test_it_counts_statements_by_speaking_party_mentioned_party_and_relation(client):
    usa, rus, chn = country("USA"), country("RUS"), country("CHN")
    MentionFactory(statement=StatementFactory(party=usa), party=rus, relation=Mention.Relation.ACCUSES)
    MentionFactory(statement=StatementFactory(party=usa), party=rus, relation=Mention.Relation.ACCUSES)
    statement = StatementFactory(party=rus)
    MentionFactory(statement=statement, party=usa, relation=Mention.Relation.REJECTS)
    MentionFactory(statement=statement, party=chn, relation=Mention.Relation.SUPPORTS)

    response = client.get("/relations/?year=2024")

    assert response.status_code == 200
    year = "date_from=2024-01-01&date_to=2024-12-31"
    assert cells(response) == {
        ("USA", "RUS"): {"accuses": (2, f"/search/?country=USA&mentions=RUS&relation=accuses&{year}")},
        ("RUS", "USA"): {"rejects": (1, f"/search/?country=RUS&mentions=USA&relation=rejects&{year}")},
        ("RUS", "CHN"): {"supports": (1, f"/search/?country=RUS&mentions=CHN&relation=supports&{year}")},
    }
    html = response.content.decode()
    assert '<th scope="row"><a href="/countries/USA/">United States</a></th>' in html
    assert '<th scope="col"><a href="/countries/RUS/">Russia</a></th>' in html
    assert "<caption" in html
    url = f"/search/?country=USA&mentions=RUS&relation=accuses&{year}".replace("&", "&amp;")
    assert f'<a href="{url}">accuses: 2</a>' in html


def test_a_joint_statement_counts_once_for_each_of_its_parties(client):
    usa, gbr, fra, rus = country("USA"), country("GBR"), country("FRA"), country("RUS")
    MentionFactory(statement=joint_statement([usa, gbr, fra]), party=rus, relation=Mention.Relation.ACCUSES)
    MentionFactory(statement=StatementFactory(party=usa), party=rus, relation=Mention.Relation.ACCUSES)

    found = cells(client.get("/relations/?party=RUS"))

    assert {pair: counts["accuses"][0] for pair, counts in found.items()} == {
        ("USA", "RUS"): 2,
        ("GBR", "RUS"): 1,
        ("FRA", "RUS"): 1,
    }
    # Each number is what the search page finds behind its link.
    for counts in found.values():
        count, url = counts["accuses"]
        assert client.get(url).context["count"] == count


def test_without_a_choice_it_counts_the_latest_year_with_statements(client):
    usa, rus = country("USA"), country("RUS")
    MentionFactory(
        statement=StatementFactory(party=usa, meeting=MeetingFactory(date=datetime.date(2023, 5, 1))), party=rus
    )
    MentionFactory(
        statement=StatementFactory(party=rus, meeting=MeetingFactory(date=datetime.date(2022, 5, 1))), party=usa
    )

    response = client.get("/relations/")

    assert set(cells(response)) == {("USA", "RUS")}
    assert "The statements of 2023, the latest year with statements." in response.content.decode()


def test_a_country_keeps_the_pairs_it_is_either_end_of(client):
    usa, rus, chn, prk = country("USA"), country("RUS"), country("CHN"), country("PRK")
    MentionFactory(statement=StatementFactory(party=usa), party=rus)
    MentionFactory(statement=StatementFactory(party=rus), party=prk, relation=Mention.Relation.DEFENDS)
    MentionFactory(statement=StatementFactory(party=usa), party=chn)
    # A joint statement of China with Russia: Russia's part is kept, China's is not about Russia.
    MentionFactory(statement=joint_statement([chn, rus]), party=usa, relation=Mention.Relation.CRITICISES)

    found = cells(client.get("/relations/?party=rus"))

    assert set(found) == {("USA", "RUS"), ("RUS", "PRK"), ("RUS", "USA")}


def test_a_meeting_or_a_period_narrows_the_counts_and_every_link(client):
    usa, rus = country("USA"), country("RUS")
    june = MeetingFactory(date=datetime.date(2024, 6, 28))
    march = MeetingFactory(date=datetime.date(2023, 3, 1))
    MentionFactory(statement=StatementFactory(party=usa, meeting=june), party=rus)
    MentionFactory(statement=StatementFactory(party=usa, meeting=march), party=rus)

    at_meeting = cells(client.get(f"/relations/?meeting={june.pk}"))
    in_2024 = cells(client.get("/relations/?year=2024"))
    in_range = cells(client.get("/relations/?date_from=2023-01-01&date_to=2023-12-31"))

    assert at_meeting == {
        ("USA", "RUS"): {"accuses": (1, f"/search/?country=USA&mentions=RUS&relation=accuses&meeting={june.pk}")}
    }
    assert in_2024 == {
        ("USA", "RUS"): {
            "accuses": (1, "/search/?country=USA&mentions=RUS&relation=accuses&date_from=2024-01-01&date_to=2024-12-31")
        }
    }
    assert in_range[("USA", "RUS")]["accuses"][0] == 1


def test_a_relation_keeps_only_its_own_counts(client):
    usa, rus = country("USA"), country("RUS")
    statement = StatementFactory(party=usa)
    MentionFactory(statement=statement, party=rus, relation=Mention.Relation.ACCUSES)
    MentionFactory(statement=statement, party=rus, relation=Mention.Relation.CALLS_ON)

    found = cells(client.get("/relations/?relation=calls-on"))

    assert list(found[("USA", "RUS")]) == ["calls-on"]
    assert "<h1>Who calls on whom" in client.get("/relations/?relation=calls-on").content.decode()


def test_the_lists_by_relation_say_who_treats_whom_how(client):
    MentionFactory(statement=StatementFactory(party=country("USA")), party=country("RUS"))
    html = client.get("/relations/").content.decode()
    assert "Who accuses whom" in html
    url = "/search/?country=USA&amp;mentions=RUS&amp;relation=accuses&amp;date_from=2024-01-01&amp;date_to=2024-12-31"
    assert f'United States accuses Russia: <a href="{url}">1 statement</a>' in html


def test_the_heat_map_is_one_image_with_a_text_summary(client):
    MentionFactory(statement=StatementFactory(party=country("USA")), party=country("RUS"))
    html = client.get("/relations/").content.decode()
    assert '<svg class="heat-map" role="img"' in html
    assert "the darkest square: United States about Russia, 1 statement." in html


def test_an_organisation_is_a_party_like_a_state(client):
    organisation = OrganisationFactory(code="un-secretariat", name="UN Secretariat")
    MentionFactory(statement=StatementFactory(party=organisation), party=country("RUS"), relation="calls-on")
    found = cells(client.get("/relations/?party=un-secretariat"))
    assert found[("un-secretariat", "RUS")]["calls-on"][0] == 1


def test_nothing_recorded_says_so(client):
    response = client.get("/relations/?year=1999")
    assert response.status_code == 200
    assert "is recorded as speaking about another party" in response.content.decode()


def test_the_names_are_escaped(client):
    organisation = OrganisationFactory(code="evil", name="<script>alert(1)</script>")
    MentionFactory(statement=StatementFactory(party=organisation), party=country("RUS"))
    html = client.get("/relations/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize(
    "query, message",
    [
        ("party=XXX", "Unknown country or organisation code: XXX"),
        ("meeting=999999", "No meeting has the number 999999."),
        ("meeting=abc", "Enter a whole number."),
        ("date_from=2024-07-01&date_to=2024-06-01", "The end date is before the start date."),
        ("date_from=28/06/2024", "Give a date as year-month-day"),
        ("year=2024&date_from=2024-01-01", "Give a year or dates from and to, not both."),
        ("year=20245", "Ensure this value is less than or equal to 2100."),
        ("relation=likes", "Select a valid choice."),
        ("party=%25s%25d", "%s%d"),
        ("party=RUS%00", "It contains a NUL character."),
    ],
)
def test_bad_input_is_a_400_with_a_message_in_the_page(client, query, message):
    response = client.get(f"/relations/?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_an_unknown_parameter_is_a_400_naming_it(client):
    response = client.get("/relations/?contry=RUS")
    assert response.status_code == 400
    assert "contry" in response.content.decode()


@pytest.mark.parametrize("number", [2, 20])
def test_it_runs_a_fixed_number_of_queries(client, django_assert_num_queries, number):
    meeting = MeetingFactory()
    parties = [country(code) for code in ["USA", "RUS", "CHN", "FRA", "GBR", "PRK", "KOR", "JPN"]]
    for index in range(number):
        statement = joint_statement([parties[index % 8], parties[(index + 1) % 8]], meeting=meeting)
        MentionFactory(statement=statement, party=parties[(index + 3) % 8])
        MentionFactory(statement=statement, party=parties[(index + 5) % 8], relation=Mention.Relation.SUPPORTS)
    directory()  # the suggestions' names, read once a minute (querylang.names), not per page
    # 1 the meeting, 2 the counts (one GROUP BY, the joint parties in a UNION ALL), 3 the parties' names.
    with django_assert_num_queries(3):
        assert client.get(f"/relations/?meeting={meeting.pk}").status_code == 200
    # 1 the party, 2 the counts, 3 the names.
    with django_assert_num_queries(3):
        assert client.get("/relations/?party=RUS").status_code == 200
    # 1 the newest statement's date, 2 the counts, 3 the names.
    with django_assert_num_queries(3):
        assert client.get("/relations/").status_code == 200


def test_relation_counts_is_one_query(django_assert_num_queries):
    usa, rus = country("USA"), country("RUS")
    MentionFactory(statement=joint_statement([usa, rus]), party=country("PRK"))
    with django_assert_num_queries(1):
        counts = relation_counts()
    prk = country("PRK").pk
    assert counts == {(usa.pk, prk, "accuses"): 1, (rus.pk, prk, "accuses"): 1}


def test_the_demo_lists_who_accused_russia(client, demo):
    response = client.get("/relations/?party=RUS&relation=accuses")
    accusers = {pair: counts["accuses"][0] for pair, counts in cells(response).items() if pair[1] == "RUS"}
    assert accusers == {("USA", "RUS"): 2, ("GBR", "RUS"): 1, ("FRA", "RUS"): 1}


def test_a_joint_statement_of_the_country_itself_keeps_its_partners_pairs(client):
    rus, chn, usa = country("RUS"), country("CHN"), country("USA")
    # China and Russia together about Russia (a self-mention) and about the United States.
    statement = joint_statement([chn, rus])
    MentionFactory(statement=statement, party=rus, relation=Mention.Relation.DEFENDS)
    MentionFactory(statement=statement, party=usa, relation=Mention.Relation.ACCUSES)

    found = cells(client.get("/relations/?party=RUS"))

    assert {pair: {kind: count for kind, (count, _) in counts.items()} for pair, counts in found.items()} == {
        ("CHN", "RUS"): {"defends": 1},
        ("RUS", "RUS"): {"defends": 1},
        ("RUS", "USA"): {"accuses": 1},
    }


def test_a_count_at_a_meeting_links_to_those_statements_of_that_meeting(client):
    usa, rus = country("USA"), country("RUS")
    meeting, other = MeetingFactory(), MeetingFactory()
    MentionFactory(statement=StatementFactory(party=usa, meeting=meeting), party=rus)
    MentionFactory(statement=StatementFactory(party=usa, meeting=other), party=rus)

    count, url = cells(client.get(f"/relations/?meeting={meeting.pk}"))[("USA", "RUS")]["accuses"]

    search = client.get(url)
    assert (count, search.context["count"]) == (1, 1)
    # The search page names the meeting in its "remove this filter" link.
    assert str(meeting) in search.content.decode()


def test_the_party_field_suggests_every_country_and_organisation(client):
    page = client.get("/relations/").content.decode()
    assert 'list="party-names"' in page
    # Fiji is in no statement here, and is suggested all the same.
    assert '<option value="Fiji">FJI</option>' in page
