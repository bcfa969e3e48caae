"""Forwarded headers are believed only from a proxy that writes them.

With the app's defaults, and with the documented production environment (.env.example), a
client's own X-Forwarded-For is no new address for the sign-in limits or the API throttle, and
its own X-Forwarded-Proto does not pass plain HTTP off as HTTPS. docker-compose.yml's proxy,
which writes those headers itself, is tested in test_proxy_nginx.py.
"""

import pytest

from tests.deployment import env_example, get
from tests.test_settings import load_values

PASSWORD = "correct horse battery staple"


def documented_settings():
    """What the settings make of .env.example's environment, read in a fresh interpreter."""
    values, stderr = load_values(
        "REST_FRAMEWORK", "SECURE_PROXY_SSL_HEADER", **{**env_example(), "SECRET_KEY": "not-secret"}
    )
    assert values is not None, stderr
    return values


def test_the_documented_environment_believes_no_forwarded_header():
    values = documented_settings()

    assert values["REST_FRAMEWORK"]["NUM_PROXIES"] == 0
    assert values["SECURE_PROXY_SSL_HEADER"] is None


@pytest.fixture(params=["defaults", "documented"])
def environment(request, settings):
    """The app's defaults, or the forwarded-header settings of the documented production environment."""
    if request.param == "documented":
        values = documented_settings()
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": values["REST_FRAMEWORK"]["NUM_PROXIES"]}
        header = values["SECURE_PROXY_SSL_HEADER"]
        settings.SECURE_PROXY_SSL_HEADER = tuple(header) if header else None
    return request.param


@pytest.mark.django_db
def test_a_new_forwarded_for_on_every_guess_does_not_escape_the_sign_in_lockout(
    environment, client, django_user_model, settings
):
    settings.LOGIN_FAILURE_LIMIT = 5
    django_user_model.objects.create_user("alice", password=PASSWORD, is_staff=True)

    def sign_in(password, number):
        return client.post(
            "/admin/login/",
            {"username": "alice", "password": password, "next": "/admin/"},
            REMOTE_ADDR="192.0.2.1",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{number}",
        )

    statuses = [sign_in("wrong", number).status_code for number in range(40)]

    assert statuses == [200] * 5 + [429] * 35
    assert sign_in(PASSWORD, 99).status_code == 429


@pytest.mark.django_db
def test_a_new_forwarded_for_on_every_request_does_not_escape_the_anonymous_throttle(environment, api_client, settings):
    settings.API_ANON_RATE = "10/minute"

    statuses = [
        api_client.get(
            "/api/v1/topics/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=f"198.51.100.{number}"
        ).status_code
        for number in range(30)
    ]

    assert statuses == [200] * 10 + [429] * 20


@pytest.mark.django_db
def test_a_forwarded_proto_sent_by_the_client_does_not_pass_plain_http_off_as_https(environment, client, settings):
    settings.SECURE_SSL_REDIRECT = True

    response = client.get("/meetings/", HTTP_X_FORWARDED_PROTO="https")

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/meetings/"


# gunicorn decides the scheme before Django sees the request (wsgi.url_scheme)


def test_a_bare_gunicorn_does_not_believe_a_forwarded_proto_even_from_this_machine(gunicorn):
    # gunicorn's own default believes it from 127.0.0.1; gunicorn.conf.py believes no one.
    url = gunicorn()

    status, headers = get(url + "/static/css/site.css", **{"X-Forwarded-Proto": "https"})

    assert status == 301
    assert headers["Location"] == url.replace("http://", "https://") + "/static/css/site.css"


def test_gunicorn_believes_a_forwarded_proto_from_the_proxy_it_is_told_of(gunicorn):
    # As docker-compose.yml starts it, with the proxy's address; here the proxy is this machine.
    url = gunicorn("--forwarded-allow-ips", "127.0.0.1")

    status, headers = get(url + "/static/css/site.css", **{"X-Forwarded-Proto": "https"})

    assert status == 200
    assert headers["Strict-Transport-Security"] == "max-age=60"
