"""The anonymous rate limit and the headers that announce it."""

import pytest

pytestmark = pytest.mark.django_db


def test_anonymous_responses_say_the_limit_and_what_is_left(api_client, settings):
    settings.API_ANON_RATE = "5/minute"
    first = api_client.get("/api/v1/topics/")
    assert first["X-RateLimit-Limit"] == "5"
    assert first["X-RateLimit-Remaining"] == "4"
    assert api_client.get("/api/v1/topics/")["X-RateLimit-Remaining"] == "3"


def test_anonymous_callers_over_the_limit_get_429_with_retry_after(api_client, settings):
    settings.API_ANON_RATE = "2/minute"
    api_client.get("/api/v1/topics/")
    api_client.get("/api/v1/topics/")
    response = api_client.get("/api/v1/topics/")
    assert response.status_code == 429
    assert response["X-RateLimit-Remaining"] == "0"
    assert int(response["Retry-After"]) > 0
    assert "throttled" in response.json()["detail"].lower()


def test_editors_with_a_token_are_not_throttled(editor_client, settings):
    settings.API_ANON_RATE = "1/minute"
    for _ in range(3):
        response = editor_client.get("/api/v1/topics/")
        assert response.status_code == 200
    assert "X-RateLimit-Limit" not in response
