"""Django's deployment checklist passes with the documented production environment (.env.example)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def production_environment():
    """The variables .env.example sets, with the secret key an operator would generate."""
    environment = {}
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.lstrip().startswith("#"):
            name, value = line.split("=", 1)
            environment[name.strip()] = value.strip()
    environment["SECRET_KEY"] = secrets.token_urlsafe(50)
    return environment


def manage(*arguments, **environment):
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env={"PATH": os.environ.get("PATH", ""), **environment},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_documented_production_environment_turns_debug_off():
    environment = production_environment()

    assert environment["DEBUG"] == "0"
    assert environment["SECURE_HSTS_SECONDS"] != "0"


def test_check_deploy_finds_nothing_in_the_documented_production_environment():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **production_environment())

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."
    assert result.stderr == ""


def test_check_deploy_does_warn_when_https_is_left_out():
    # Guards the test above: the same check without the HTTPS settings must find something.
    environment = production_environment()
    for name in ("SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_COOKIES"):
        environment[name] = "0"

    result = manage("check", "--deploy", "--fail-level", "WARNING", **environment)

    assert result.returncode == 1
    for code in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert code in result.stderr


def test_without_a_secret_key_the_app_does_not_start_and_says_why_in_one_line():
    environment = production_environment()
    del environment["SECRET_KEY"]

    result = manage("migrate", "--check", **environment)

    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.strip() == (
        "Configuration error: SECRET_KEY is not set. Set it in the environment, or set DEBUG=1 for local development."
    )


def test_the_wsgi_application_does_not_load_without_a_secret_key():
    # The module gunicorn loads (the containers run migrate first, which fails as above).
    result = subprocess.run(
        [sys.executable, "-c", "import diplomacy.wsgi"],
        cwd=ROOT,
        env={"PATH": os.environ.get("PATH", "")},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 1
    assert result.stderr.strip().startswith("Configuration error: SECRET_KEY is not set.")
    assert "Traceback" not in result.stderr
