"""GET /api/v1/countries/ (ISO alpha-3 codes) and /api/v1/organisations/ (slugs)."""

import pytest

from tests.factories import OrganisationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.api_client]


def test_a_country_is_found_by_its_code_in_any_case(client):
    for code in ["RUS", "rus"]:
        item = client.get(f"/api/v1/countries/{code}/").json()
        assert item["code"] == "RUS"
        assert item["url"] == "http://testserver/api/v1/countries/RUS/"
        assert item["web_url"] == "http://testserver/countries/RUS/"
        assert item["kind"] == "state"
        assert item["un_status"] == "member"


def test_an_unknown_country_is_not_found(client):
    response = client.get("/api/v1/countries/XXZ/")
    assert response.status_code == 404
    assert "detail" in response.json()


def test_an_organisation_is_not_a_country(client):
    OrganisationFactory(code="un-secretariat", name="UN Secretariat")
    assert client.get("/api/v1/countries/un-secretariat/").status_code == 404
    item = client.get("/api/v1/organisations/un-secretariat/").json()
    assert item["web_url"] == "http://testserver/organisations/un-secretariat/"
    assert item["url"] == "http://testserver/api/v1/organisations/un-secretariat/"


def test_it_lists_countries_and_filters_them(client):
    body = client.get("/api/v1/countries/").json()
    assert body["count"] > 190
    codes = [item["code"] for item in client.get("/api/v1/countries/?q=korea").json()["results"]]
    assert set(codes) == {"KOR", "PRK"}
    observers = client.get("/api/v1/countries/?un_status=observer&page_size=500").json()["results"]
    assert {"PSE", "VAT"} <= {item["code"] for item in observers}


def test_the_country_list_takes_a_fixed_number_of_queries(client, django_assert_num_queries):
    # data version (response cache), count, page
    with django_assert_num_queries(3):
        client.get("/api/v1/countries/?page_size=500")
