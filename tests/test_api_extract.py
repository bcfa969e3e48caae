"""POST /api/v1/extract/: the candidate statements of a text, for editors, without saving."""

import pytest
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from statements.models import Source, Statement
from tests.factories import DelegateFactory, PositionFactory, country, editor_user

pytestmark = pytest.mark.django_db

URL = "/api/v1/extract/"
TEXT = 'Russian Ambassador to the UN, Vasily Nebenzya, called the accusations "completely false."'
KEYS = [
    "quote",
    "kind",
    "start",
    "end",
    "speaker",
    "delegate",
    "country",
    "country_name",
    "role",
    "confidence",
    "within",
]


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def editor(api, db):
    user = editor_user()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return api


def test_anonymous_clients_must_authenticate(api):
    response = api.post(URL, {"text": TEXT}, format="json")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_users_who_are_not_editors_are_refused(api, django_user_model):
    api.force_authenticate(django_user_model.objects.create_user("reader"))

    response = api.post(URL, {"text": TEXT}, format="json")

    assert response.status_code == 403
    assert "Only editors" in response.json()["detail"]


def test_it_returns_the_candidates_with_the_documented_keys(editor):
    nebenzya = DelegateFactory(full_name="Vasily Nebenzya")
    PositionFactory(delegate=nebenzya, party=country("RUS"))

    response = editor.post(URL, {"text": TEXT}, format="json")

    assert response.status_code == 200
    candidates = response.json()["candidates"]
    assert [list(candidate) for candidate in candidates] == [KEYS, KEYS]
    paraphrase, found = candidates
    assert TEXT[found["start"] : found["end"]] == found["quote"]
    assert found["quote"].startswith("completely false")
    assert (found["delegate"], found["country"], found["kind"]) == (nebenzya.pk, "RUS", "direct")
    # The quoted words are a fragment of the reported speech, linked to its paraphrase.
    assert paraphrase["kind"] == "paraphrase" and paraphrase["within"] is None
    assert found["within"] == {"start": paraphrase["start"], "end": paraphrase["end"]}


def test_it_saves_nothing(editor):
    editor.post(URL, {"text": TEXT}, format="json")

    assert Source.objects.count() == 0
    assert Statement.objects.count() == 0


def test_it_runs_a_fixed_number_of_queries(editor, django_assert_num_queries):
    PositionFactory.create_batch(5)

    # 1. the token with its user, 2. the user's groups (the editor role), 3. delegates with their
    # country, 4. aliases
    with django_assert_num_queries(4):
        editor.post(URL, {"text": TEXT}, format="json")


def test_text_without_quotes_gives_no_candidates(editor):
    response = editor.post(URL, {"text": "The council adjourned without a vote."}, format="json")

    assert response.status_code == 200
    assert response.json() == {"candidates": []}


@pytest.mark.parametrize(
    "body, message",
    [
        ({}, "This field is required."),
        ({"text": ""}, "This field may not be blank."),
        ({"text": "   "}, "The text is empty."),
        ({"text": ["a list"]}, "Not a valid string."),
        ({"text": "x" * 200_001}, "Ensure this field has no more than 200000 characters."),
        ({"text": "a\x00b"}, "Null characters are not allowed."),
    ],
)
def test_bad_text_is_a_400_with_a_message(editor, body, message):
    response = editor.post(URL, body, format="json")

    assert response.status_code == 400
    assert response.json() == {"errors": {"text": [message]}}


def test_a_five_megabyte_body_is_refused_before_it_is_read(editor):
    response = editor.post(URL, {"text": "x" * 5_000_000}, format="json")

    assert response.status_code == 400
    assert response.json() == {"errors": {"text": ["The text is too long; the limit is 200,000 characters."]}}


def test_malformed_json_is_a_400(editor):
    response = editor.post(URL, "{not json", content_type="application/json")

    assert response.status_code == 400
    assert "JSON parse error" in response.json()["errors"]["non_field_errors"][0]


def test_only_post_is_allowed(editor):
    assert editor.get(URL).status_code == 405


def test_the_openapi_schema_documents_it_and_stays_valid():
    schema = SchemaGenerator().get_schema(request=None, public=True)

    validate_schema(schema)
    operation = schema["paths"]["/api/v1/extract/"]["post"]
    assert operation["operationId"] == "extract_statements"
    request = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert list(schema["components"]["schemas"][request]["properties"]) == ["text"]
    assert set(operation["responses"]) == {"200", "400", "401", "403", "406", "415", "429", "503"}
    candidate = schema["components"]["schemas"]["Candidate"]
    assert list(candidate["properties"]) == KEYS
