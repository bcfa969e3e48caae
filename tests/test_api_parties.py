"""GET /api/v1/countries/ (ISO alpha-3 codes) and /api/v1/organisations/ (slugs)."""

import pytest

from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_a_country_is_found_by_its_code_in_any_case(api_client):
    for code in ["RUS", "rus"]:
        item = api_client.get(f"/api/v1/countries/{code}/").json()
        assert item["code"] == "RUS"
        assert item["url"] == "http://testserver/api/v1/countries/RUS/"
        assert item["web_url"] == "http://testserver/countries/RUS/"
        assert item["kind"] == "state"
        assert item["un_status"] == "member"


def test_an_unknown_country_is_not_found(api_client):
    response = api_client.get("/api/v1/countries/XXZ/")
    assert response.status_code == 404
    assert "detail" in response.json()


def test_an_organisation_is_not_a_country(api_client):
    OrganisationFactory(code="un-secretariat", name="UN Secretariat")
    assert api_client.get("/api/v1/countries/un-secretariat/").status_code == 404
    item = api_client.get("/api/v1/organisations/un-secretariat/").json()
    assert item["web_url"] == "http://testserver/organisations/un-secretariat/"
    assert item["url"] == "http://testserver/api/v1/organisations/un-secretariat/"


def test_it_lists_countries_and_filters_them(api_client):
    body = api_client.get("/api/v1/countries/").json()
    assert body["count"] > 190
    codes = [item["code"] for item in api_client.get("/api/v1/countries/?q=korea").json()["results"]]
    assert set(codes) == {"KOR", "PRK"}
    observers = api_client.get("/api/v1/countries/?un_status=observer&page_size=500").json()["results"]
    assert {"PSE", "VAT"} <= {item["code"] for item in observers}


def test_the_country_list_takes_a_fixed_number_of_queries(api_client, django_assert_num_queries):
    # count, page
    with django_assert_num_queries(2):
        api_client.get("/api/v1/countries/?page_size=500")
