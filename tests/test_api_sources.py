"""GET /api/v1/sources/: lists without the full text, details with it."""

import pytest

from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


def test_a_source_shows_its_link_and_full_text(api_client):
    source = SourceFactory(text="The full article.", publisher="UN Press")
    item = api_client.get(f"/api/v1/sources/{source.pk}/").json()
    assert item["link"] == source.url
    assert item["text"] == "The full article."
    assert item["web_url"] == f"http://testserver/sources/{source.pk}/"


def test_the_list_leaves_out_the_full_text_and_filters_by_kind_and_publisher(api_client):
    SourceFactory(publisher="UN Press", kind="press-release")
    SourceFactory(publisher="Example News")
    body = api_client.get("/api/v1/sources/?kind=press-release").json()
    assert [item["publisher"] for item in body["results"]] == ["UN Press"]
    assert "text" not in body["results"][0]
    assert api_client.get("/api/v1/sources/?publisher=example").json()["count"] == 1


@pytest.mark.parametrize("page_size", [1, 50])
def test_the_list_takes_a_fixed_number_of_queries(api_client, django_assert_num_queries, page_size):
    SourceFactory.create_batch(5)
    # count, page
    with django_assert_num_queries(2):
        api_client.get(f"/api/v1/sources/?page_size={page_size}")
