"""The OpenAPI schema at /api/schema/ and its documentation pages, served without any CDN."""

import re

import pytest
import yaml
from django.core.management import call_command
from drf_spectacular.validation import validate_schema

from statements.api.export import STATEMENTS

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


# What every operation documents (statements/api/schema.py, ApiSchema).

METHODS = {"get", "post", "put", "patch", "delete"}


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def body_fields(schema, response):
    """The top-level fields of the JSON body a response documents (each one's, for a oneOf)."""
    return fields_of(schema, response["content"]["application/json"]["schema"])


def fields_of(schema, body):
    if "$ref" in body:
        return fields_of(schema, schema["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]])
    if "oneOf" in body:
        return [fields for choice in body["oneOf"] for fields in fields_of(schema, choice)]
    return [set(body["properties"])]


def test_every_operation_documents_each_error_it_can_answer_with_its_json_body(schema):
    for path, method, operation in operations(schema):
        responses = operation["responses"]
        expected = {"400", "401", "406", "429", "503"}
        if method != "get":
            expected.add("403")
        if "{" in path:
            expected.add("404")
        assert expected <= set(responses), (method, path, expected - set(responses))
        for code, response in responses.items():
            if code >= "400":
                assert set(response["content"]) == {"application/json"}, (method, path, code)
                assert all(fields in ({"detail"}, {"errors"}) for fields in body_fields(schema, response)), (
                    method, path, code,
                )  # fmt: skip
        assert body_fields(schema, responses["401"]) == [{"detail"}]
        if "records" not in path:
            assert body_fields(schema, responses["400"]) == [{"errors"}], (method, path)


def test_a_page_past_the_last_and_a_delete_that_others_block_are_documented(schema):
    assert "404" in schema["paths"]["/api/v1/statements/"]["get"]["responses"]
    assert "409" in schema["paths"]["/api/v1/statements/{id}/"]["delete"]["responses"]


def test_throttling_and_an_unavailable_database_document_retry_after(schema):
    responses = schema["paths"]["/api/v1/statements/"]["get"]["responses"]
    for code in ("429", "503"):
        assert responses[code]["headers"]["Retry-After"]["required"] is True


def test_reads_need_no_credentials_and_changes_need_a_token(schema):
    for path, method, operation in operations(schema):
        security = operation["security"]
        assert {"tokenAuth": []} in security, (method, path)
        # `{}`, the empty requirement: a generated client makes no token mandatory for it.
        assert ({} in security) == (method == "get"), (method, path)


def test_exports_are_described_as_files_with_their_own_columns(schema):
    content = schema["paths"]["/api/v1/statements/"]["get"]["responses"]["200"]["content"]
    assert "$ref" in content["application/json"]["schema"]
    for media_type in ("text/csv", "application/jsonl"):
        described = content[media_type]["schema"]
        assert described["type"] == "string"
        for column in STATEMENTS.headers():
            assert f"`{column}`" in described["description"], (media_type, column)
    csv = schema["paths"]["/api/v1/meetings/"]["get"]["responses"]["200"]["content"]["text/csv"]["schema"]
    assert "`record_symbol`" in csv["description"] and "`speaker_name`" not in csv["description"]


def test_no_operation_describes_a_file_with_a_json_schema(schema):
    for path, method, operation in operations(schema):
        for code, response in operation["responses"].items():
            for media_type, described in response.get("content", {}).items():
                if media_type != "application/json" and "json" not in media_type.split("/")[-1].split("+"):
                    assert described["schema"]["type"] == "string", (method, path, code, media_type)


def test_ordering_is_one_value_of_a_documented_list(schema):
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/statements/"]["get"]["parameters"]}
    ordering = parameters["ordering"]["schema"]
    assert ordering["type"] == "string"
    assert set(ordering["enum"]) == {"date", "-date", "meeting_order", "-meeting_order", "id", "-id"}


def test_an_ordering_list_is_refused_rather_than_read_in_part(api_client):
    response = api_client.get("/api/v1/statements/?ordering=date,id")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["ordering"]


def test_the_ends_of_a_relation_are_typed(schema):
    relation = schema["components"]["schemas"]["Relation"]["properties"]
    for end in ("source", "target"):
        party = relation[end]["allOf"][0]["$ref"].rsplit("/", 1)[1]
        assert set(schema["components"]["schemas"][party]["properties"]) == {"code", "name"}


def test_an_accept_header_the_api_cannot_satisfy_gets_the_documented_406(api_client, schema):
    response = api_client.get("/api/v1/statements/", HTTP_ACCEPT="image/png")
    assert response.status_code == 406
    assert "406" in schema["paths"]["/api/v1/statements/"]["get"]["responses"]
    assert set(response.json()) == {"detail"}


def test_every_read_that_gives_files_lists_them_in_its_format_parameter(schema):
    for path, method, operation in operations(schema):
        files = [media_type for media_type in operation["responses"].get("200", {}).get("content", {})]
        files = [media_type for media_type in files if media_type != "application/json"]
        if method != "get" or not files:
            continue
        parameters = {p["name"]: p for p in operation["parameters"]}
        formats = parameters["format"]["schema"]["enum"]
        assert len(formats) == len(files) + 1 and "json" in formats, (path, formats, files)
    statements = {p["name"]: p for p in schema["paths"]["/api/v1/statements/"]["get"]["parameters"]}
    assert "xlsx" in statements["format"]["schema"]["enum"]
