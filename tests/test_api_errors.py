"""Bad input anywhere in the API is a 400 naming the parameter, an unknown object a 404: never a 500."""

import pytest

from tests.factories import MeetingFactory, StatementFactory, TopicFactory, editor_user

pytestmark = pytest.mark.django_db

LISTS = [
    "statements",
    "statements/facets",
    "relations",
    "meetings",
    "delegates",
    "countries",
    "organisations",
    "bodies",
    "topics",
    "sources",
]

GARBAGE = [
    "date_from=2024-02-30",
    "date_to=%00",
    "country=%00",
    "country=" + "X" * 300,
    "q=%00",
    "q=" + "word+" * 200,
    "speaker=-1",
    "speaker=1e400",
    "meeting=NaN",
    "in_reply_to=99999999999999999999",
    "has_replies=perhaps",
    "ordering=-text",
    "page=%00",
    "page=99999999999999999999999",
    "page_size=1000",
    "cursor=%00",
    "format=pdf",
    "kind=%F0%9F%92%A5",
    "language=%00",
    "symbol=%00",
    "body=%00",
    "topic=../../etc",
    "relation=",
    "un_status=nobody",
]


@pytest.fixture(scope="module")
def data(module_db, django_db_blocker):
    """Made once for the module: its tests only read (the one POST is refused before it writes),
    and module_db rolls the rows back after the last one."""
    with django_db_blocker.unblock():
        TopicFactory(slug="sanctions")
        StatementFactory(meeting=MeetingFactory())


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("query", GARBAGE)
def test_garbage_parameters_never_cause_a_server_error(api_client, data, path, query):
    response = api_client.get(f"/api/v1/{path}/?{query}")
    assert response.status_code in (200, 400, 404), response.content
    if response.status_code == 400:
        errors = response.json()["errors"]
        assert errors and all(isinstance(messages, list) for messages in errors.values())


@pytest.mark.parametrize(
    "path",
    ["statements/abc", "meetings/1.5", "delegates/-1", "sources/99999999999999999999999", "statements/%00"],
)
def test_a_non_numeric_id_is_a_400_or_404_not_a_500(api_client, data, path):
    response = api_client.get(f"/api/v1/{path}/")
    assert response.status_code in (400, 404)
    if response.status_code == 400:
        # "1.5" reads as id 1 with the format suffix "5", which is refused as a format.
        assert set(response.json()["errors"]) & {"id", "format"}


@pytest.mark.parametrize("path", ["countries/%00", "topics/%00", "bodies/%E2%80%A8", "organisations/..."])
def test_an_odd_code_or_slug_is_not_found(api_client, data, path):
    assert api_client.get(f"/api/v1/{path}/").status_code == 404


def test_an_unknown_api_url_is_a_json_404(api_client, db):
    response = api_client.get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_the_error_names_every_bad_parameter(api_client, data):
    response = api_client.get("/api/v1/statements/?date_from=x&country=ZZZ&ordering=text")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"date_from", "country", "ordering"}


def test_a_malformed_json_body_is_a_400_in_the_errors_format(api_client, db):
    api_client.force_login(editor_user())
    response = api_client.post("/api/v1/topics/", "{not json", content_type="application/json")
    assert response.status_code == 400
    # The format the schema documents for every 400, not DRF's {"detail": ...}.
    assert list(response.json()) == ["errors"]
    assert "JSON parse error" in response.json()["errors"]["non_field_errors"][0]
