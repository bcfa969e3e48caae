"""`python manage.py …` in a fresh clone: local development when the environment says nothing,
while a server's environment, and gunicorn's entry point, still refuse to run without SECRET_KEY."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTICE = "manage.py: neither SECRET_KEY nor DEBUG is set, so this runs as local development (DEBUG=1)."
REFUSAL = "Configuration error: SECRET_KEY is not set. Set it in the environment, or set DEBUG=1 for local development."


def run(*args, **env):
    """`python *args` in the project folder with only `env` (and PATH) in the environment."""
    environment = {"PATH": os.environ.get("PATH", ""), **env}
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300
    )


def test_manage_py_runs_as_local_development_when_the_environment_sets_nothing():
    result = run("manage.py", "shell", "--no-imports", "-c", "from django.conf import settings; print(settings.DEBUG)")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"
    assert result.stderr.strip() == NOTICE


def test_createsuperuser_works_in_a_fresh_clone_as_the_readme_writes_it(tmp_path):
    database = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    migrate = run("manage.py", "migrate", "--noinput", "-v0", DATABASE_URL=database)
    assert migrate.returncode == 0, migrate.stderr

    result = run(
        "manage.py",
        "createsuperuser",
        "--noinput",
        "--username",
        "editor",
        "--email",
        "editor@example.org",
        DATABASE_URL=database,
        DJANGO_SUPERUSER_PASSWORD="a long enough password",
    )

    assert result.returncode == 0, result.stderr
    assert "Superuser created successfully." in result.stdout


@pytest.mark.parametrize("env", [{"DEBUG": "0"}, {"DEBUG": "off"}])
def test_manage_py_refuses_a_production_environment_without_a_secret_key(env):
    result = run("manage.py", "check", **env)

    assert result.returncode == 1
    assert result.stderr.strip() == REFUSAL


def test_a_secret_key_alone_keeps_debug_off():
    result = run(
        "manage.py",
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.DEBUG)",
        SECRET_KEY="k",
    )

    assert result.returncode == 0, result.stderr
    assert (result.stdout.strip(), result.stderr.strip()) == ("False", "")


def test_the_wsgi_application_still_refuses_to_start_without_a_secret_key():
    # What gunicorn loads: no local-development default there.
    result = run("-c", "import diplomacy.wsgi")

    assert result.returncode == 1
    assert result.stderr.strip() == REFUSAL
