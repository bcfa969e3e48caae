"""GET /api/v1/topics/ and /api/v1/bodies/: slugs as identifiers."""

import pytest

from tests.factories import BodyFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_a_topic_is_found_by_its_slug(api_client):
    TopicFactory(slug="sanctions", name="Sanctions")
    assert api_client.get("/api/v1/topics/sanctions/").json() == {
        "slug": "sanctions",
        "url": "http://testserver/api/v1/topics/sanctions/",
        "web_url": "http://testserver/topics/sanctions/",
        "name": "Sanctions",
    }
    assert api_client.get("/api/v1/topics/unknown/").status_code == 404


def test_a_body_is_found_by_its_slug(api_client):
    BodyFactory()
    item = api_client.get("/api/v1/bodies/security-council/").json()
    assert item["web_url"] == "http://testserver/bodies/security-council/"


@pytest.mark.parametrize("path", ["topics", "bodies"])
def test_the_lists_take_a_fixed_number_of_queries(api_client, django_assert_num_queries, path):
    TopicFactory.create_batch(5)
    BodyFactory()
    # count, page
    with django_assert_num_queries(2):
        assert api_client.get(f"/api/v1/{path}/").status_code == 200
