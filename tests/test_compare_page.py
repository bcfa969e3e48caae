import datetime

import pytest

from statements.models import Ballot, Mention
from statements.ops.demo import load_demo
from tests.factories import (
    BallotFactory,
    DelegateFactory,
    MeetingFactory,
    MentionFactory,
    StatementFactory,
    TopicFactory,
    VoteFactory,
    country,
)

pytestmark = pytest.mark.django_db


def joint_statement(parties, **fields):
    statement = StatementFactory(party=parties[0], **fields)
    statement.joint_parties.set(parties[1:])
    return statement


def on(day):
    return MeetingFactory(date=day)


def monthly(response):
    """{month label: [count per subject]} of the statements table, leaving out empty months."""
    return {
        row["label"]: [cell["count"] for cell in row["cells"]]
        for row in response.context["rows"]
        if any(cell["count"] for cell in row["cells"])
    }


def test_without_a_choice_it_shows_the_form(client):
    response = client.get("/compare/")
    assert response.status_code == 200
    assert '<input type="text" name="parties"' in response.content.decode()


def test_it_counts_statements_per_month_side_by_side_each_a_link(client):
    rus, usa = country("RUS"), country("USA")
    StatementFactory(party=rus, meeting=on(datetime.date(2024, 6, 28)))
    StatementFactory(party=rus, meeting=on(datetime.date(2024, 6, 3)))
    StatementFactory(party=usa, meeting=on(datetime.date(2024, 3, 1)))
    StatementFactory(party=usa, meeting=on(datetime.date(2023, 3, 1)))

    response = client.get("/compare/?parties=RUS,USA&year=2024")

    assert response.status_code == 200
    assert monthly(response) == {"March 2024": [0, 1], "June 2024": [2, 0]}
    assert len(response.context["rows"]) == 12
    june = next(row for row in response.context["rows"] if row["label"] == "June 2024")
    assert june["cells"][0]["url"] == "/search/?country=RUS&date_from=2024-06-01&date_to=2024-06-30"
    assert june["cells"][1]["url"] == ""
    assert [total["count"] for total in response.context["totals"]] == [2, 1]
    html = response.content.decode()
    assert "<h1>Russia and United States in 2024</h1>" in html
    assert '<a href="/search/?country=RUS&amp;date_from=2024-06-01&amp;date_to=2024-06-30">2</a>' in html
    assert '<th scope="row"><time datetime="2024-06">June 2024</time></th>' in html


def test_a_joint_statement_counts_for_each_of_its_parties(client):
    usa, gbr, fra = country("USA"), country("GBR"), country("FRA")
    joint_statement([usa, gbr, fra], meeting=on(datetime.date(2024, 6, 28)))
    StatementFactory(party=usa, meeting=on(datetime.date(2024, 6, 28)))

    response = client.get("/compare/?parties=USA,GBR,FRA&year=2024")

    assert monthly(response) == {"June 2024": [2, 1, 1]}
    june = next(row for row in response.context["rows"] if row["label"] == "June 2024")
    assert [cell["url"] for cell in june["cells"]] == [
        f"/search/?country={code}&date_from=2024-06-01&date_to=2024-06-30" for code in ["USA", "GBR", "FRA"]
    ]


def test_it_counts_topics_and_whom_each_treated_how(client):
    rus, usa = country("RUS"), country("USA")
    sanctions = TopicFactory(name="Sanctions", slug="sanctions")
    statement = StatementFactory(party=usa)
    statement.topics.add(sanctions)
    MentionFactory(statement=statement, party=rus, relation=Mention.Relation.ACCUSES)
    MentionFactory(statement=statement, party=country("PRK"), relation=Mention.Relation.MENTIONS)
    other = StatementFactory(party=rus)
    MentionFactory(statement=other, party=usa, relation=Mention.Relation.REJECTS)

    response = client.get("/compare/?parties=RUS,USA")

    (row,) = response.context["topic_rows"]
    assert row["topic"] == sanctions
    assert [cell["count"] for cell in row["cells"]] == [0, 1]
    assert row["cells"][1]["url"] == "/search/?country=USA&topic=sanctions"
    stances = {
        entry["subject"]["code"]: {label: rows for label, rows, _ in entry["groups"]}
        for entry in response.context["stances"]
    }
    assert [(party["code"], count, url) for party, count, url in stances["USA"]["accuses"]] == [
        ("RUS", 1, "/search/?country=USA&mentions=RUS&relation=accuses")
    ]
    assert "rejects the claims of" in stances["RUS"]
    # A plain mention says nothing of a stance.
    assert "mentions" not in stances["USA"]


def test_it_shows_how_each_voted_in_the_period(client):
    rus, usa = country("RUS"), country("USA")
    vote = VoteFactory(meeting=on(datetime.date(2024, 3, 26)), outcome="vetoed")
    BallotFactory(vote=vote, party=rus, choice=Ballot.Choice.AGAINST)
    BallotFactory(vote=vote, party=usa, choice=Ballot.Choice.IN_FAVOUR)
    earlier = VoteFactory(meeting=on(datetime.date(2023, 3, 26)))
    BallotFactory(vote=earlier, party=rus, choice=Ballot.Choice.ABSTENTION)

    votes = client.get("/compare/?parties=RUS,USA&year=2024").context["votes"]

    assert votes["total"] == 2
    counts = {choice["choice"]: choice["counts"] for choice in votes["choices"]}
    assert counts["against"] == [1, 0]
    assert counts["in-favour"] == [0, 1]
    assert counts["abstention"] == [0, 0]
    (row,) = votes["rows"]
    assert [ballot.choice for ballot in row["ballots"]] == ["against", "in-favour"]


def test_it_compares_delegates_by_their_statements(client):
    first, second = DelegateFactory(full_name="Vasily Nebenzya"), DelegateFactory(full_name="Linda Thomas-Greenfield")
    StatementFactory(speaker=first, party=country("RUS"), meeting=on(datetime.date(2024, 6, 28)))
    StatementFactory(speaker=second, party=country("USA"), meeting=on(datetime.date(2024, 5, 2)))

    response = client.get(f"/compare/?delegates={first.pk},{second.pk}&date_from=2024-05-01&date_to=2024-06-30")

    assert response.status_code == 200
    assert monthly(response) == {"May 2024": [0, 1], "June 2024": [1, 0]}
    june = next(row for row in response.context["rows"] if row["label"] == "June 2024")
    assert june["cells"][0]["url"] == f"/search/?speaker={first.pk}&date_from=2024-06-01&date_to=2024-06-30"
    assert response.context["votes"] is None
    assert "Votes are cast by members, not by delegates" in response.content.decode()


def test_a_long_period_is_counted_by_year(client):
    StatementFactory(party=country("RUS"), meeting=on(datetime.date(2010, 6, 28)))
    StatementFactory(party=country("RUS"), meeting=on(datetime.date(2024, 6, 28)))
    response = client.get("/compare/?parties=RUS,USA")
    assert response.context["interval"] == "year"
    assert monthly(response) == {"2010": [1, 0], "2024": [1, 0]}
    first = response.context["rows"][0]
    assert first["cells"][0]["url"] == "/search/?country=RUS&date_from=2010-01-01&date_to=2010-12-31"
    # A period that starts within a year links from its start.
    response = client.get("/compare/?parties=RUS,USA&date_from=2010-06-15")
    assert (
        response.context["rows"][0]["cells"][0]["url"] == "/search/?country=RUS&date_from=2010-06-15&date_to=2010-12-31"
    )


@pytest.mark.parametrize(
    "query, message",
    [
        ("parties=RUS", "Choose 2 to 5 countries or delegates to compare; you gave 1."),
        ("parties=RUS,USA,CHN,FRA,GBR,PRK", "you gave 6."),
        ("parties=RUS,rus", "you gave 1."),
        ("parties=RUS,XXX", "Unknown country or organisation code: XXX"),
        ("parties=Atlantis,USA", "Atlantis"),
        ("parties=RUS,USA&date_from=28/06/2024", "Give a date as year-month-day"),
        ("parties=RUS,USA&date_from=2024-07-01&date_to=2024-06-01", "The end date is before the start date."),
        ("parties=RUS,USA&year=2024&date_to=2024-06-01", "Give a year or dates from and to, not both."),
        ("parties=RUS,USA&year=abc", "Enter a whole number."),
        ("delegates=1,abc", "Give delegate numbers separated by commas"),
        ("delegates=99999998,99999999", "No delegate has the number 99999998, 99999999."),
        ("delegates=1,99999999999999999999999", "Give delegate numbers separated by commas"),
        ("parties=RUS,USA&delegates=1,2", "No delegate has the number 1, 2."),
        ("year=2024", "you gave 0."),
        ("parties=%25s,USA", "%s"),
        ("delegates=1%00,2", "It contains a NUL character."),
    ],
)
def test_bad_input_is_a_400_with_a_message_in_the_page(client, query, message):
    response = client.get(f"/compare/?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_countries_are_compared_in_the_order_given_each_once(client):
    response = client.get("/compare/?parties=USA,RUS,usa")
    assert response.status_code == 200
    assert [subject["code"] for subject in response.context["subjects"]] == ["USA", "RUS"]


def test_countries_and_delegates_together_are_refused(client):
    first, second = DelegateFactory(), DelegateFactory()
    response = client.get(f"/compare/?parties=RUS,USA&delegates={first.pk},{second.pk}")
    assert response.status_code == 400
    assert "Compare countries or delegates, not both." in response.content.decode()


def test_an_unknown_parameter_is_a_400_naming_it(client):
    response = client.get("/compare/?parties=RUS,USA&yaer=2024")
    assert response.status_code == 400
    assert "yaer" in response.content.decode()


def test_the_names_are_escaped(client):
    delegate = DelegateFactory(full_name="<b>Bold</b>")
    response = client.get(f"/compare/?delegates={delegate.pk},{DelegateFactory().pk}")
    html = response.content.decode()
    assert "<b>Bold</b>" not in html
    assert "&lt;b&gt;Bold&lt;/b&gt;" in html


@pytest.mark.parametrize("number", [2, 5])
def test_it_runs_a_fixed_number_of_queries(client, django_assert_num_queries, number):
    codes = ["RUS", "USA", "CHN", "FRA", "GBR"][:number]
    parties = [country(code) for code in codes]
    topic = TopicFactory()
    for index, party in enumerate(parties):
        statement = joint_statement(
            [party, parties[(index + 1) % number]], meeting=on(datetime.date(2024, index + 1, 1))
        )
        statement.topics.add(topic)
        MentionFactory(statement=statement, party=parties[(index + 2) % number])
        BallotFactory(vote=VoteFactory(meeting=on(datetime.date(2024, 5, index + 1))), party=party)
    # 1 the parties; 2 statements per month (a UNION ALL of their own and their joint statements),
    # 3 per topic, 4 whom they treated how; 5 the topics' names, 6 the mentioned parties' names;
    # votes: 7 counts by choice, 8 the latest votes with meetings and drafts, 9 their ballots.
    with django_assert_num_queries(9):
        assert client.get(f"/compare/?parties={','.join(codes)}&year=2024").status_code == 200


def test_comparing_delegates_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    delegates = [DelegateFactory() for _ in range(3)]
    for delegate in delegates:
        MentionFactory(statement=StatementFactory(speaker=delegate))
    # 1 the delegates, 2 statements per month, 3 per topic, 4 whom they treated how, 5 the mentioned parties' names.
    with django_assert_num_queries(5):
        assert client.get(f"/compare/?delegates={','.join(str(d.pk) for d in delegates)}").status_code == 200


def test_the_demo_compares_russia_and_the_united_states_in_2024(client):
    load_demo()
    response = client.get("/compare/?parties=RUS,USA&year=2024")
    assert response.status_code == 200
    # Russia: its own three and the joint statement with China; the United States: four of its own and
    # the joint one with the United Kingdom and France.
    assert monthly(response) == {"June 2024": [4, 5]}


def test_each_relation_lists_the_ten_parties_most_treated_so_and_counts_the_rest(client):
    codes = ["RUS", "CHN", "PRK", "IRN", "SYR", "CUB", "VEN", "BLR", "NIC", "ERI", "MMR", "AFG"]
    for code in codes:
        MentionFactory(statement=StatementFactory(party=country("USA")), party=country(code))
    response = client.get("/compare/?parties=USA,RUS")
    (usa, _) = response.context["stances"]
    ((label, shown, more),) = usa["groups"]
    assert (label, len(shown), more) == ("accuses", 10, 2)
    assert ", and 2 more" in response.content.decode()
