"""The API's `q` in the search language (statements/querylang), and names in its party filters."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import AliasFactory, DelegateFactory, MentionFactory, StatementFactory, country
from tests.test_search_page import ODD_SEARCHES

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows():
    nebenzia = DelegateFactory(full_name="Vasily Nebenzia", sort_name="Nebenzia, Vasily")
    AliasFactory(delegate=nebenzia, name="Vasily Nebenzya")
    rows = {
        "nebenzia": StatementFactory(speaker=nebenzia, party=country("RUS"), text="The sanctions are illegal."),
        "us": StatementFactory(party=country("USA"), text="Russia evades the sanctions."),
        "fr": StatementFactory(party=country("FRA"), text="We support the sanctions."),
    }
    MentionFactory(statement=rows["us"], party=country("RUS"), relation="accuses")
    return rows


def ids(response):
    assert response.status_code == 200, response.json()
    return sorted(row["id"] for row in response.json()["results"])


def test_q_takes_fields_of_the_search_language(api_client, rows):
    assert ids(api_client.get("/api/v1/statements/", {"q": "speaker:nebenzya"})) == [rows["nebenzia"].pk]
    assert ids(api_client.get("/api/v1/statements/", {"q": "accuses:russia sanctions"})) == [rows["us"].pk]
    assert ids(api_client.get("/api/v1/statements/", {"q": "country:france,usa"})) == sorted(
        [rows["us"].pk, rows["fr"].pk]
    )


def test_a_name_in_q_finds_the_delegates_statements_and_counts_them(api_client, rows):
    response = api_client.get("/api/v1/statements/", {"q": "Nebenzia"})
    assert ids(response) == [rows["nebenzia"].pk]
    assert response.json()["count"] == 1


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("spekaer:nebenzia", "“spekaer:” is not a search field. Did you mean speaker:?"),
        ("sanctions country:atlantis", "No country or organisation is called “atlantis”."),
        ("sanctions date:2024-13", "give one date as 2024, 2024-06 or 2024-06-28"),
        ("sanctions kind:poem", "the kinds are quote, paraphrase and speech"),
    ],
)
def test_a_field_or_value_not_understood_is_a_400_naming_it(api_client, rows, q, message):
    response = api_client.get("/api/v1/statements/", {"q": q})
    assert response.status_code == 400
    assert message in str(response.json())


def test_party_filters_take_names(api_client, rows):
    assert ids(api_client.get("/api/v1/statements/", {"country": "Russia"})) == [rows["nebenzia"].pk]
    response = api_client.get("/api/v1/statements/", {"mentions": "Russian Federation", "relation": "accuses"})
    assert ids(response) == [rows["us"].pk]
    response = api_client.get("/api/v1/statements/", {"country": "Korea"})
    assert response.status_code == 400
    assert "could mean" in str(response.json())


def test_facets_and_the_cursor_take_the_language(api_client, rows):
    facets = api_client.get("/api/v1/statements/facets/", {"q": "accuses:russia"}).json()
    assert [row["code"] for row in facets["country"]] == ["USA"]
    page = api_client.get("/api/v1/statements/", {"q": "sanctions -support", "cursor": ""})
    assert ids(page) == sorted([rows["nebenzia"].pk, rows["us"].pk])


def queries(api_client, params):
    with CaptureQueriesContext(connection) as captured:
        assert api_client.get("/api/v1/statements/", params).status_code == 200
    return len(captured)


@pytest.mark.parametrize("q", ["Nebenzia sanctions", "country:russia accuses:usa date:2024", "Russia"])
def test_a_search_in_the_language_runs_a_fixed_number_of_queries(api_client, rows, q, settings):
    # The response cache off: it would ask for the data version from the third time the URL is asked.
    settings.API_CACHE_SECONDS = 0
    counts = []
    for _ in range(2):
        for _ in range(10):
            statement = StatementFactory(party=country("RUS"), text="Sanctions again.")
            MentionFactory(statement=statement, party=country("USA"))
        cache.clear()
        counts.append(queries(api_client, {"q": q}))
    assert counts[0] == counts[1]


def test_the_delegate_list_finds_other_spellings_and_orders_of_a_name(api_client, rows):
    DelegateFactory(full_name="Kim Song", sort_name="Kim, Song")
    for typed, name in [("Nebenzja", "Vasily Nebenzia"), ("Song Kim", "Kim Song"), ("nebenzya", "Vasily Nebenzia")]:
        response = api_client.get("/api/v1/delegates/", {"q": typed})
        assert [row["name"] for row in response.json()["results"]] == [name], typed


@pytest.mark.parametrize("q", ODD_SEARCHES)
def test_odd_searches_get_an_answer_or_a_400(api_client, rows, q):
    response = api_client.get("/api/v1/statements/", {"q": q})
    assert response.status_code in (200, 400)


def test_the_party_list_finds_demonyms_and_common_names(api_client):
    for typed, code in [("North Korean", "PRK"), ("Britain", "GBR"), ("Russian", "RUS")]:
        response = api_client.get("/api/v1/countries/", {"q": typed})
        assert code in [row["code"] for row in response.json()["results"]], typed
