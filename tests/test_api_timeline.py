"""GET /api/v1/statements/timeline/: how many of the filtered statements fall in each month or year."""

import datetime

import pytest

from tests.factories import MeetingFactory, StatementFactory, country

pytestmark = pytest.mark.django_db


def periods(response):
    assert response.status_code == 200, response.content
    return [(item["period"], item["statements"]) for item in response.json()]


@pytest.fixture
def statements():
    """Russia twice in June 2024 and once in January 2025 (on sanctions); China in June 2024 and March 2023."""
    for code, date, text in [
        ("RUS", datetime.date(2024, 6, 3), "We reject these sanctions."),
        ("RUS", datetime.date(2024, 6, 28), "The ceasefire must hold."),
        ("RUS", datetime.date(2025, 1, 15), "Sanctions harm civilians."),
        ("CHN", datetime.date(2024, 6, 28), "Dialogue is the only way."),
        ("CHN", datetime.date(2023, 3, 1), "We call for restraint."),
    ]:
        StatementFactory(party=country(code), date=date, meeting=MeetingFactory(date=date), text=text)


def test_it_counts_statements_by_month_in_date_order(api_client, statements):
    assert periods(api_client.get("/api/v1/statements/timeline/")) == [
        ("2023-03", 1),
        ("2024-06", 3),
        ("2025-01", 1),
    ]


def test_it_counts_by_month_unless_asked_for_years(api_client, statements):
    month = api_client.get("/api/v1/statements/timeline/?interval=month")
    assert periods(month) == periods(api_client.get("/api/v1/statements/timeline/"))
    years = api_client.get("/api/v1/statements/timeline/?interval=year")
    assert periods(years) == [("2023", 1), ("2024", 3), ("2025", 1)]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("country=RUS", [("2024-06", 2), ("2025-01", 1)]),
        ("country=chn&interval=year", [("2023", 1), ("2024", 1)]),
        ("date_from=2024-06-10&date_to=2024-12-31", [("2024-06", 2)]),
        ("q=sanctions", [("2024-06", 1), ("2025-01", 1)]),
        ("q=sanctions&country=CHN", []),
    ],
)
def test_it_counts_only_the_filtered_statements(api_client, statements, query, expected):
    assert periods(api_client.get(f"/api/v1/statements/timeline/?{query}")) == expected


@pytest.mark.parametrize("interval", ["week", "", "MONTH", "day"])
def test_it_rejects_an_interval_other_than_month_or_year(api_client, statements, interval):
    response = api_client.get(f"/api/v1/statements/timeline/?interval={interval}")
    assert response.status_code == 400
    assert response.json()["errors"] == {"interval": [f"Unknown interval “{interval}”; use month or year."]}


def test_it_names_a_bad_filter_and_a_bad_interval_together(api_client, statements):
    response = api_client.get("/api/v1/statements/timeline/?interval=week&country=XXZ&date_from=June")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"interval", "country", "date_from"}


def test_it_refuses_an_unknown_parameter_and_paging(api_client, statements):
    response = api_client.get("/api/v1/statements/timeline/?period=month&page=2")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"period", "page"}
    assert "interval" in response.json()["errors"]["period"][0]


def test_the_statement_list_does_not_take_an_interval(api_client, statements):
    assert api_client.get("/api/v1/statements/?interval=month").status_code == 400


def test_the_timeline_takes_one_query(api_client, statements, django_assert_num_queries):
    for day in range(1, 21):
        StatementFactory(date=datetime.date(2022, 1, day))
    # the names the search language knows (delegates, aliases, parties, topics: read once, then
    # kept; statements/querylang/names.py), the counts by period
    with django_assert_num_queries(4 + 1):
        response = api_client.get("/api/v1/statements/timeline/?q=sanctions&interval=year")
    # with the names kept, the counts by period only
    with django_assert_num_queries(1):
        api_client.get("/api/v1/statements/timeline/?q=embargo&interval=year")
    assert periods(response) == [("2024", 1), ("2025", 1)]
    # the parties of `country`, the counts by period
    with django_assert_num_queries(2):
        api_client.get("/api/v1/statements/timeline/?country=RUS,CHN")


def test_the_schema_documents_the_timeline_and_its_parameters(api_client):
    schema = api_client.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/statements/timeline/"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert parameters["interval"]["schema"]["enum"] == ["month", "year"]
    assert parameters["interval"]["schema"]["default"] == "month"
    for name in ["q", "country", "topic", "date_from", "date_to"]:
        assert parameters[name]["description"], name
    assert "page" not in parameters
    assert "left out" in operation["description"]
    assert operation["responses"]["200"]["content"]["application/json"]["schema"]["type"] == "array"
