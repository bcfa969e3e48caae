"""/healthz: 200 only while the database answers; no cookie, no cache, any Host header."""

from unittest import mock

import pytest
from django.db import OperationalError, connection

pytestmark = pytest.mark.django_db


def failing_cursor():
    broken = mock.MagicMock()
    broken.__enter__.return_value.execute.side_effect = OperationalError("server closed the connection unexpectedly")
    return broken


def test_it_answers_ok_when_the_database_answers(client, django_assert_num_queries):
    # One query: SELECT 1.
    with django_assert_num_queries(1):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_it_answers_503_with_a_reason_when_the_database_does_not(client):
    with mock.patch.object(connection, "cursor", return_value=failing_cursor()):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "reason": "the database did not answer: OperationalError",
    }


def test_the_reason_does_not_reveal_the_database_error_text(client):
    # The error names hosts and users; /healthz is public.
    with mock.patch.object(connection, "cursor", return_value=failing_cursor()):
        response = client.get("/healthz")

    assert "server closed" not in response.content.decode()


def test_it_answers_any_host_header_as_the_container_healthcheck_sends_its_own(client, settings):
    settings.ALLOWED_HOSTS = ["statements.example.org"]

    assert client.get("/healthz", HTTP_HOST="127.0.0.1:8000").status_code == 200
    # Other pages still refuse that host.
    assert client.get("/", HTTP_HOST="127.0.0.1:8000").status_code == 400


def test_it_is_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301


def test_it_is_never_cached_and_sets_no_cookie(client):
    response = client.get("/healthz")

    assert response["Cache-Control"] == "no-store"
    assert not response.cookies


def test_the_trailing_slash_form_answers_too(client):
    assert client.get("/healthz/").json() == {"status": "ok"}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_answers_503_when_postgresql_cannot_be_reached(client):
    # A real failed connection rather than a patched cursor: the server's port, closed.
    original = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(HOST="127.0.0.1", PORT=9)
    try:
        response = client.get("/healthz")
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(original)

    assert response.status_code == 503
    assert response.json()["reason"] == "the database did not answer: OperationalError"
    assert client.get("/healthz").status_code == 200
