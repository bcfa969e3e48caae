"""GET /api/v1/delegates/ and a delegate with positions and aliases."""

import datetime

import pytest

from tests.factories import AliasFactory, DelegateFactory, PositionFactory, country

pytestmark = pytest.mark.django_db


def ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


@pytest.fixture
def delegates():
    nebenzia = DelegateFactory(full_name="Vassily Nebenzia", sort_name="Nebenzia, Vassily")
    AliasFactory(delegate=nebenzia, name="Vasily Nebenzya")
    AliasFactory(delegate=nebenzia, name="V. Nebenzia")
    PositionFactory(delegate=nebenzia, party=country("RUS"), start=datetime.date(2017, 7, 27))
    kim = DelegateFactory(full_name="Kim Song", sort_name="Kim, Song")
    PositionFactory(delegate=kim, party=country("PRK"), start=None, end=datetime.date(2020, 1, 1))
    PositionFactory(delegate=kim, party=country("CHN"), start=datetime.date(2021, 1, 1))
    return {"nebenzia": nebenzia, "kim": kim}


def test_it_lists_delegates_in_name_order(api_client, delegates):
    assert ids(api_client.get("/api/v1/delegates/")) == [delegates["kim"].pk, delegates["nebenzia"].pk]


def test_a_delegate_shows_positions_and_aliases(api_client, delegates):
    nebenzia = delegates["nebenzia"]
    item = api_client.get(f"/api/v1/delegates/{nebenzia.pk}/").json()
    assert item["name"] == "Vassily Nebenzia"
    assert item["web_url"] == f"http://testserver/delegates/{nebenzia.pk}/"
    assert item["positions"] == [
        {
            "party": {
                "code": "RUS",
                "name": country("RUS").display_name,
                "kind": "state",
                "url": "http://testserver/api/v1/countries/RUS/",
            },
            "title": "Permanent Representative",
            "start": "2017-07-27",
            "end": None,
        }
    ]
    assert [alias["name"] for alias in item["aliases"]] == ["V. Nebenzia", "Vasily Nebenzya"]


def test_it_filters_by_the_country_of_any_position(api_client, delegates):
    assert ids(api_client.get("/api/v1/delegates/?country=PRK")) == [delegates["kim"].pk]
    assert ids(api_client.get("/api/v1/delegates/?country=CHN")) == [delegates["kim"].pk]
    assert ids(api_client.get("/api/v1/delegates/?country=RUS,PRK")) == [delegates["kim"].pk, delegates["nebenzia"].pk]


def test_name_search_matches_aliases_once_per_delegate(api_client, delegates):
    assert ids(api_client.get("/api/v1/delegates/?q=nebenzya")) == [delegates["nebenzia"].pk]
    # The name and both aliases match, yet the delegate appears once.
    assert ids(api_client.get("/api/v1/delegates/?name=Nebenzi")) == [delegates["nebenzia"].pk]


def test_it_rejects_an_unknown_country(api_client, delegates):
    assert "country" in api_client.get("/api/v1/delegates/?country=QQQ").json()["errors"]


@pytest.mark.parametrize("page_size", [1, 50])
def test_the_list_takes_a_fixed_number_of_queries(api_client, delegates, django_assert_num_queries, page_size):
    # count, page, positions, their parties, aliases
    with django_assert_num_queries(5):
        api_client.get(f"/api/v1/delegates/?page_size={page_size}")
