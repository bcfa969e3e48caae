"""diplomacy/settings.py read in a fresh interpreter with a controlled environment."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PRINT = (
    "import json, diplomacy.settings as s; "
    "db = s.DATABASES['default']; "
    "print(json.dumps({'debug': s.DEBUG, 'key': s.SECRET_KEY, 'hosts': s.ALLOWED_HOSTS, "
    "'csrf': s.CSRF_TRUSTED_ORIGINS, 'engine': db['ENGINE'], 'name': str(db['NAME']), "
    "'host': db.get('HOST'), 'port': db.get('PORT'), 'user': db.get('USER'), 'age': db['CONN_MAX_AGE'], "
    "'cache': s.CACHES['default']['BACKEND'], 'cache_location': s.CACHES['default'].get('LOCATION')}))"
)


def load(**env):
    """Import the settings with only `env` (and PATH) set; returns (settings dict or None, stderr)."""
    environment = {"PATH": os.environ.get("PATH", ""), **env}
    result = subprocess.run(
        [sys.executable, "-c", PRINT], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )
    if result.returncode:
        return None, result.stderr
    return json.loads(result.stdout), result.stderr


def last_line(stderr):
    return stderr.strip().splitlines()[-1]


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    settings, stderr = load()

    assert settings is None
    assert last_line(stderr) == (
        "django.core.exceptions.ImproperlyConfigured: SECRET_KEY is not set. "
        "Set it in the environment, or set DEBUG=1 for local development."
    )


def test_it_refuses_a_secret_key_of_only_spaces():
    settings, stderr = load(SECRET_KEY="   ")

    assert settings is None
    assert "SECRET_KEY is not set" in last_line(stderr)


def test_debug_mode_supplies_a_development_key():
    settings, _ = load(DEBUG="1")

    assert settings["debug"] is True
    assert settings["key"].startswith("insecure-local-development-key")


def test_a_given_secret_key_is_used():
    settings, _ = load(SECRET_KEY="s3cret", DEBUG="0")

    assert (settings["debug"], settings["key"]) == (False, "s3cret")


@pytest.mark.parametrize("value, expected", [("yes", True), ("On", True), ("true", True), ("off", False), ("", False)])
def test_debug_accepts_the_usual_words(value, expected):
    settings, _ = load(SECRET_KEY="k", DEBUG=value)

    assert settings["debug"] is expected


def test_debug_rejects_anything_else():
    settings, stderr = load(SECRET_KEY="k", DEBUG="maybe")

    assert settings is None
    assert last_line(stderr) == (
        "django.core.exceptions.ImproperlyConfigured: "
        "DEBUG must be one of 1/0, true/false, yes/no, on/off; got 'maybe'"
    )


def test_the_database_defaults_to_sqlite_in_the_project_folder():
    settings, _ = load(SECRET_KEY="k")

    assert settings["engine"] == "django.db.backends.sqlite3"
    assert settings["name"] == str(ROOT / "db.sqlite3")


def test_an_empty_database_url_means_the_default():
    settings, _ = load(SECRET_KEY="k", DATABASE_URL="")

    assert settings["engine"] == "django.db.backends.sqlite3"


def test_a_postgres_url_selects_postgresql():
    settings, _ = load(SECRET_KEY="k", DATABASE_URL="postgres://diplomacy:pw@db.example.org:6543/statements")

    assert settings["engine"] == "django.db.backends.postgresql"
    assert (settings["host"], settings["port"], settings["name"], settings["user"]) == (
        "db.example.org",
        6543,
        "statements",
        "diplomacy",
    )
    assert settings["age"] == 60


def test_a_url_of_an_unknown_database_is_rejected_in_one_line():
    settings, stderr = load(SECRET_KEY="k", DATABASE_URL="nosuchdb://x/y")

    assert settings is None
    assert last_line(stderr).startswith(
        "django.core.exceptions.ImproperlyConfigured: DATABASE_URL is not a database URL we understand"
    )


def test_conn_max_age_is_read_as_an_integer():
    settings, _ = load(SECRET_KEY="k", CONN_MAX_AGE="0")

    assert settings["age"] == 0


def test_conn_max_age_rejects_a_non_integer():
    settings, stderr = load(SECRET_KEY="k", CONN_MAX_AGE="abc")

    assert settings is None
    assert last_line(stderr) == (
        "django.core.exceptions.ImproperlyConfigured: CONN_MAX_AGE must be an integer; got 'abc'"
    )


def test_the_cache_is_per_process_memory_by_default():
    settings, _ = load(SECRET_KEY="k")

    assert settings["cache"] == "django.core.cache.backends.locmem.LocMemCache"


def test_a_redis_cache_url_selects_the_redis_cache():
    settings, _ = load(SECRET_KEY="k", CACHE_URL="redis://127.0.0.1:6379/1")

    assert (settings["cache"], settings["cache_location"]) == (
        "django.core.cache.backends.redis.RedisCache",
        "redis://127.0.0.1:6379/1",
    )


def test_an_unknown_cache_url_is_rejected_in_one_line():
    settings, stderr = load(SECRET_KEY="k", CACHE_URL="memcached://127.0.0.1")

    assert settings is None
    assert last_line(stderr) == (
        "django.core.exceptions.ImproperlyConfigured: CACHE_URL must be a redis:// URL or empty; "
        "got 'memcached://127.0.0.1'"
    )


def test_allowed_hosts_default_to_the_local_machine():
    settings, _ = load(SECRET_KEY="k")

    assert settings["hosts"] == ["localhost", "127.0.0.1", "[::1]"]


def test_allowed_hosts_are_a_comma_separated_list():
    settings, _ = load(SECRET_KEY="k", ALLOWED_HOSTS=" statements.example.org, ,www.example.org,")

    assert settings["hosts"] == ["statements.example.org", "www.example.org"]


def test_an_empty_allowed_hosts_means_the_default():
    # Copying .env.example with the value left blank must not produce a site that answers no host.
    settings, _ = load(SECRET_KEY="k", ALLOWED_HOSTS="")

    assert settings["hosts"] == ["localhost", "127.0.0.1", "[::1]"]


def test_csrf_trusted_origins_are_a_comma_separated_list():
    settings, _ = load(SECRET_KEY="k", CSRF_TRUSTED_ORIGINS="https://a.example.org,https://b.example.org")

    assert settings["csrf"] == ["https://a.example.org", "https://b.example.org"]


# .env.example


def variables_read_by_settings():
    source = (ROOT / "diplomacy" / "settings.py").read_text(encoding="utf-8")
    pattern = r"""(?:env_\w+\(|os\.environ\.get\(|os\.environ\[|os\.getenv\()\s*["']([A-Z][A-Z0-9_]*)["']"""
    return set(re.findall(pattern, source))


def variables_in_env_example():
    lines = (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
    return {line.split("=", 1)[0].strip() for line in lines if "=" in line and not line.lstrip().startswith("#")}


def test_settings_reads_the_variables_we_expect():
    # Guards the pattern below: if it found nothing, the next test would pass vacuously.
    assert {"DEBUG", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "CONN_MAX_AGE"} <= variables_read_by_settings()


def test_env_example_lists_every_variable_that_settings_reads():
    missing = variables_read_by_settings() - variables_in_env_example()

    assert not missing, f".env.example does not list {sorted(missing)}"


def test_env_example_leaves_the_secret_key_empty():
    assert "SECRET_KEY=\n" in (ROOT / ".env.example").read_text(encoding="utf-8")
