"""One parser of row ids (statements.ids), and every id lookup of the API going through it."""

import pytest
from rest_framework.test import APIClient

from statements.ids import MAX_ID, parse_id
from tests.factories import DelegateFactory, MeetingFactory, SourceFactory, StatementFactory


@pytest.mark.parametrize("text, expected", [("1", 1), ("42", 42), (str(MAX_ID), MAX_ID), ("١٢", 12), ("３", 3)])
def test_it_reads_decimal_digits_of_any_script_that_fit_a_bigint(text, expected):
    assert parse_id(text) == expected


@pytest.mark.parametrize("text", ["", "0", "-1", "+1", " 1", "1.0", "1e3", "²", "1²", "½", str(MAX_ID + 1), "1\x00"])
def test_it_refuses_anything_else(text):
    assert parse_id(text) is None


def test_it_refuses_what_is_not_text():
    assert parse_id(None) is None
    assert parse_id(7) is None


PATHS = [
    "/api/v1/statements/{}/",
    "/api/v1/meetings/{}/",
    "/api/v1/delegates/{}/",
    "/api/v1/sources/{}/",
    "/api/v1/statements/{}/history/",
    "/api/v1/meetings/{}/history/",
    "/api/v1/delegates/{}/history/",
    "/api/v1/sources/{}/history/",
    "/api/v1/meetings/{}/statements/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("value", ["²", "½", "0", str(MAX_ID + 1)])
def test_an_id_that_is_not_a_whole_number_is_a_400_naming_id(path, value):
    response = APIClient().get(path.format(value))

    assert response.status_code == 400
    assert response.json()["errors"]["id"] == [f"Must be a whole number from 1 to {MAX_ID}."]


@pytest.mark.django_db
def test_a_well_formed_id_finds_its_object_through_the_same_parser():
    objects = {
        "statements": StatementFactory(),
        "meetings": MeetingFactory(),
        "delegates": DelegateFactory(),
        "sources": SourceFactory(),
    }
    client = APIClient()
    for plural, obj in objects.items():
        assert client.get(f"/api/v1/{plural}/{obj.pk}/").json()["id"] == obj.pk
        assert client.get(f"/api/v1/{plural}/{MAX_ID}/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/statements/{}/", "/meetings/{}/", "/delegates/{}/", "/sources/{}/"])
def test_a_page_address_with_a_unicode_digit_is_not_found(client, path):
    assert client.get(path.format("²")).status_code == 404
