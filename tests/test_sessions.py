"""statements/ops/sessions.py and statements/api/access.py: malformed credentials are no credentials."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from statements.ops.sessions import SessionStore
from tests.factories import editor_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("key", ["\x00" * 32, "abc\x00defghijklmnopqrstuvwxyz012345", "../../" * 6, "é" * 32])
def test_a_malformed_session_key_starts_an_empty_session(key):
    session = SessionStore(session_key=key)
    assert session.session_key is None
    assert dict(session.items()) == {}


def test_a_real_session_key_still_loads():
    session = SessionStore()
    session["answer"] = 42
    session.save()
    assert SessionStore(session_key=session.session_key)["answer"] == 42


def test_a_page_with_a_nul_in_the_session_cookie_still_loads(client):
    client.cookies["sessionid"] = '"\\000\\000abcdefgh"'
    assert client.get("/api/v1/topics/").status_code == 200


@pytest.mark.parametrize("token", ["\x00" * 40, "not-a-token", "g" * 40, "a" * 41])
def test_a_malformed_api_token_is_a_401(token):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = api.get("/api/v1/topics/")
    assert response.status_code == 401
    assert response.json()["detail"] == "Invalid token."


def test_a_real_api_token_still_authenticates():
    user = editor_user()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    assert api.post("/api/v1/topics/", {"name": "Sanctions", "slug": "sanctions"}).status_code == 201
