"""The OpenAPI schema at /api/schema/ and its documentation pages, served without any CDN."""

import re

import pytest
import yaml
from django.core.management import call_command
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(api_client):
    response = api_client.get("/api/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_the_schema_is_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)


def test_the_schema_generates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))


def test_every_statement_filter_is_documented_with_a_type_and_an_example(schema):
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/statements/"]["get"]["parameters"]}
    for name in [
        "q", "country", "speaker", "meeting", "body", "topic", "mentions", "relation", "kind", "language",
        "spoken_language", "role", "record_check", "date_from", "date_to", "in_reply_to", "has_replies", "ordering",
    ]:  # fmt: skip
        assert parameters[name]["schema"]["type"], name
        assert parameters[name]["description"], name
        assert "example" in parameters[name], name
    assert parameters["date_from"]["schema"]["format"] == "date"
    assert parameters["speaker"]["schema"]["type"] == "integer"
    assert {"page", "page_size", "cursor", "format"} <= set(parameters)


def test_meeting_and_delegate_filters_have_examples(schema):
    for path, names in [("/api/v1/meetings/", ["symbol", "participant"]), ("/api/v1/delegates/", ["q", "country"])]:
        parameters = {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}
        for name in names:
            assert "example" in parameters[name], (path, name)


def test_every_vote_and_draft_filter_is_documented_with_an_example(schema):
    for path, names in [
        ("/api/v1/votes/", ["country", "ballot", "outcome", "vetoed", "date_from", "date_to", "meeting", "draft"]),
        ("/api/v1/drafts/", ["symbol", "sponsor", "country"]),
    ]:
        parameters = {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}
        for name in names:
            assert parameters[name]["description"], (path, name)
            assert "example" in parameters[name], (path, name)
    assert "format" in {p["name"] for p in schema["paths"]["/api/v1/votes/"]["get"]["parameters"]}


def test_the_record_import_documents_both_ways_of_sending_a_record(schema):
    operation = schema["paths"]["/api/v1/records/"]["post"]
    assert set(operation["requestBody"]["content"]) == {"multipart/form-data", "application/json"}
    assert {"200", "201", "400", "401", "403", "413"} <= set(operation["responses"])


def test_the_documentation_page_loads_assets_from_this_site_only(api_client):
    response = api_client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    urls = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html)
    assert urls
    for url in urls:
        assert url.startswith("/static/") or url.startswith("/api/"), url
    assert "cdn" not in html.lower()
