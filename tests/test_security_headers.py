"""The security headers every answer carries, HSTS over HTTPS only, and secure cookies."""

import pytest

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.mark.parametrize("url", ["/", "/search/?q=peace", "/api/v1/topics/", "/admin/login/", "/no-such-page/"])
def test_every_answer_forbids_sniffing_framing_and_cross_site_referrers(client, url):
    response = client.get(url)

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_hsts_is_sent_over_https_when_configured(client, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True

    response = client.get("/", secure=True)

    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_hsts_is_never_sent_over_plain_http(client, settings):
    # A browser ignores it there anyway; sending it would only hide a misconfigured proxy.
    settings.SECURE_HSTS_SECONDS = 31_536_000

    assert "Strict-Transport-Security" not in client.get("/")


def test_hsts_is_off_by_default_so_local_https_experiments_leave_no_trace(client):
    assert "Strict-Transport-Security" not in client.get("/", secure=True)


def test_plain_http_is_redirected_to_https_when_configured(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    response = client.get("/meetings/")

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/meetings/"


def test_behind_a_tls_proxy_its_header_marks_the_request_as_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 3600
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

    response = client.get("/meetings/", HTTP_X_FORWARDED_PROTO="https")

    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=3600"


def test_the_csrf_cookie_is_secure_with_debug_off(client):
    response = client.get("/admin/login/")

    assert response.cookies["csrftoken"]["secure"] is True


def test_the_session_cookie_is_secure_and_out_of_reach_of_scripts(client, django_user_model):
    django_user_model.objects.create_user("alice", password=PASSWORD, is_staff=True)

    response = client.post("/admin/login/", {"username": "alice", "password": PASSWORD, "next": "/admin/"})

    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
