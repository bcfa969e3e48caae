"""GET /api/v1/seats/: who sat on the Council, and a country's seats on /api/v1/countries/<code>/."""

import csv
import datetime
import io

import pytest

from statements.models import CouncilSeat
from tests.factories import BodyFactory, CouncilSeatFactory, country

pytestmark = pytest.mark.django_db


def seats(response):
    assert response.status_code == 200, response.content
    return [(item["country"]["code"], item["body"], item["start"]) for item in response.json()["results"]]


@pytest.fixture
def council():
    """France permanent since always; Algeria elected for 2024–2025, Malta for 2023–2024; Japan on another body."""
    body = BodyFactory()
    other = BodyFactory(slug="peacebuilding-commission", name="Peacebuilding Commission")
    CouncilSeatFactory(country=country("FRA"), body=body, kind=CouncilSeat.Kind.PERMANENT, start=None, end=None)
    CouncilSeatFactory(
        country=country("DZA"), body=body, start=datetime.date(2024, 1, 1), end=datetime.date(2025, 12, 31)
    )
    CouncilSeatFactory(
        country=country("MLT"), body=body, start=datetime.date(2023, 1, 1), end=datetime.date(2024, 12, 31)
    )
    CouncilSeatFactory(country=country("JPN"), body=other, start=datetime.date(2022, 1, 1), end=None)
    return body


def test_it_lists_seats_by_body_then_earliest_first(api_client, council):
    assert seats(api_client.get("/api/v1/seats/")) == [
        ("JPN", "peacebuilding-commission", "2022-01-01"),
        ("FRA", "security-council", None),
        ("MLT", "security-council", "2023-01-01"),
        ("DZA", "security-council", "2024-01-01"),
    ]


def test_a_seat_has_its_country_body_kind_and_dates(api_client, council):
    item = next(item for item in api_client.get("/api/v1/seats/").json()["results"] if item["country"]["code"] == "DZA")
    assert item["country"]["url"] == "http://testserver/api/v1/countries/DZA/"
    assert item["body_url"] == "http://testserver/api/v1/bodies/security-council/"
    assert item["kind"] == "elected"
    assert item["end"] == "2025-12-31"


@pytest.mark.parametrize(
    "query, expected",
    [
        ("country=dza", ["DZA"]),
        ("country=DZA,MLT", ["MLT", "DZA"]),
        ("body=peacebuilding-commission", ["JPN"]),
        ("kind=permanent", ["FRA"]),
        ("on=2025-06-30", ["JPN", "FRA", "DZA"]),
        ("on=2023-06-30", ["JPN", "FRA", "MLT"]),
        ("on=2021-06-30&body=security-council", ["FRA"]),
    ],
)
def test_it_filters_seats(api_client, council, query, expected):
    assert [code for code, _, _ in seats(api_client.get(f"/api/v1/seats/?{query}"))] == expected


@pytest.mark.parametrize(
    "query, message",
    [
        ("country=XXZ", "Unknown country or organisation code: XXZ"),
        ("body=nowhere", "No body is called “nowhere”"),
        ("kind=honorary", "Select a valid choice"),
        ("on=30/06/2025", "Enter a valid date"),
        ("start=2024-01-01", "Unknown parameter"),
    ],
)
def test_it_rejects_a_bad_filter_naming_it(api_client, council, query, message):
    response = api_client.get(f"/api/v1/seats/?{query}")
    assert response.status_code == 400
    errors = response.json()["errors"]
    name = query.split("=")[0]
    assert list(errors) == [name]
    assert message in errors[name][0]


def test_the_seat_list_takes_a_fixed_number_of_queries(api_client, council, django_assert_num_queries):
    for code in ["USA", "GBR", "CHN", "RUS", "GUY", "KOR", "SLE", "SVN", "CHE", "MOZ"]:
        CouncilSeatFactory(country=country(code), body=council)
    # count, page with countries and bodies
    with django_assert_num_queries(2):
        response = api_client.get("/api/v1/seats/?page_size=50")
    assert len(response.json()["results"]) == 14


def test_the_seat_export_has_a_row_per_seat(api_client, council):
    response = api_client.get("/api/v1/seats/?format=csv&kind=elected&body=security-council")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [(row["country_code"], row["body"], row["kind"], row["start"], row["end"]) for row in rows] == [
        ("MLT", "security-council", "elected", "2023-01-01", "2024-12-31"),
        ("DZA", "security-council", "elected", "2024-01-01", "2025-12-31"),
    ]


def test_a_country_lists_its_seats(api_client, council):
    CouncilSeatFactory(
        country=country("DZA"), body=council, start=datetime.date(2004, 1, 1), end=datetime.date(2005, 12, 31)
    )
    seats = api_client.get("/api/v1/countries/dza/").json()["seats"]
    assert [(seat["body"], seat["kind"], seat["start"], seat["end"]) for seat in seats] == [
        ("security-council", "elected", "2004-01-01", "2005-12-31"),
        ("security-council", "elected", "2024-01-01", "2025-12-31"),
    ]
    assert seats[0]["country"]["code"] == "DZA"
    assert seats[0]["body_url"] == "http://testserver/api/v1/bodies/security-council/"


def test_a_country_that_never_sat_has_no_seats(api_client, council):
    assert api_client.get("/api/v1/countries/BRA/").json()["seats"] == []


def test_a_country_takes_a_fixed_number_of_queries(api_client, council, django_assert_num_queries):
    # the country, its seats with their bodies
    with django_assert_num_queries(2):
        api_client.get("/api/v1/countries/DZA/")


def test_the_country_list_has_no_seats(api_client, council):
    assert "seats" not in api_client.get("/api/v1/countries/?q=algeria").json()["results"][0]


def test_the_schema_documents_the_seats_and_their_filters(api_client):
    schema = api_client.get("/api/schema/?format=json").json()
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/seats/"]["get"]["parameters"]}
    for name in ["country", "body", "kind", "on"]:
        assert parameters[name]["description"], name
        assert "example" in parameters[name], name
    assert parameters["on"]["schema"]["format"] == "date"
    assert {"page", "page_size", "format"} <= set(parameters)
    country_schema = schema["components"]["schemas"]["CountryDetail"]
    assert "seats" in country_schema["properties"]
