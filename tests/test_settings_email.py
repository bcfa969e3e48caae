"""The mail settings of the email alerts (EMAIL_URL, DEFAULT_FROM_EMAIL, SITE_URL), read in a fresh
interpreter with a controlled environment, as tests/test_settings.py reads the others."""

from tests.test_settings import last_line, load_values

MAIL = ("EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD", "EMAIL_USE_TLS")


def test_make_run_prints_mails_to_the_console():
    values, _ = load_values("EMAIL_BACKEND", DEBUG="1")

    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"


def test_production_sends_to_a_server_on_this_machine_unless_told_otherwise():
    values, _ = load_values(*MAIL, SECRET_KEY="k")

    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (values["EMAIL_HOST"], values["EMAIL_PORT"]) == ("localhost", 25)


def test_an_smtp_url_sets_server_login_and_tls():
    values, _ = load_values(
        *MAIL, "EMAIL_TIMEOUT", SECRET_KEY="k", EMAIL_URL="smtp://alerts:s%40cret@smtp.example.org:587/?tls=True"
    )

    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (values["EMAIL_HOST"], values["EMAIL_PORT"]) == ("smtp.example.org", 587)
    assert (values["EMAIL_HOST_USER"], values["EMAIL_HOST_PASSWORD"]) == ("alerts", "s@cret")
    assert values["EMAIL_USE_TLS"] is True
    assert values["EMAIL_TIMEOUT"] == 30


def test_console_can_be_asked_for_without_debug():
    values, _ = load_values("EMAIL_BACKEND", SECRET_KEY="k", EMAIL_URL="console://")

    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"


def test_an_unknown_mail_url_is_refused_in_one_line():
    values, stderr = load_values("EMAIL_BACKEND", SECRET_KEY="k", EMAIL_URL="carrier-pigeon://loft")

    assert values is None
    assert "EMAIL_URL" in last_line(stderr)


def test_the_site_url_loses_its_trailing_slash_and_must_be_http():
    values, _ = load_values("SITE_URL", SECRET_KEY="k", SITE_URL="https://statements.example.org/")
    assert values["SITE_URL"] == "https://statements.example.org"

    values, stderr = load_values("SITE_URL", SECRET_KEY="k", SITE_URL="statements.example.org")
    assert values is None
    assert "SITE_URL" in last_line(stderr)


def test_the_sender_is_read_from_the_environment():
    values, _ = load_values("DEFAULT_FROM_EMAIL", SECRET_KEY="k", DEFAULT_FROM_EMAIL="Alerts <alerts@example.org>")

    assert values["DEFAULT_FROM_EMAIL"] == "Alerts <alerts@example.org>"
