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


def load_values(*names, **env):
    """The named settings (None for one left unset) with only `env` set, or (None, stderr)."""
    code = (
        "import json, sys, diplomacy.settings as s; "
        "print(json.dumps({n: getattr(s, n, None) for n in sys.argv[1:]}, default=str))"
    )
    environment = {"PATH": os.environ.get("PATH", ""), **env}
    result = subprocess.run(
        [sys.executable, "-c", code, *names], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )
    if result.returncode:
        return None, result.stderr
    return json.loads(result.stdout), result.stderr


def last_line(stderr):
    """The error a start-up failure prints, which must be all it prints: no traceback."""
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, f"expected one line, got {len(lines)}:\n{stderr}"
    return lines[0]


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    settings, stderr = load()

    assert settings is None
    assert last_line(stderr) == (
        "Configuration error: SECRET_KEY is not set. Set it in the environment, or set DEBUG=1 for local development."
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
        "Configuration error: DEBUG must be one of 1/0, true/false, yes/no, on/off; got 'maybe'"
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

    assert settings["engine"] == "diplomacy.postgresql"
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
    assert last_line(stderr).startswith("Configuration error: DATABASE_URL is not a database URL we understand")


def test_conn_max_age_is_read_as_an_integer():
    settings, _ = load(SECRET_KEY="k", CONN_MAX_AGE="0")

    assert settings["age"] == 0


def test_conn_max_age_rejects_a_non_integer():
    settings, stderr = load(SECRET_KEY="k", CONN_MAX_AGE="abc")

    assert settings is None
    assert last_line(stderr) == ("Configuration error: CONN_MAX_AGE must be an integer; got 'abc'")


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
        "Configuration error: CACHE_URL must be a redis:// URL or empty; got 'memcached://127.0.0.1'"
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


def test_connections_are_health_checked_unless_turned_off():
    on, _ = load_values("DATABASES", SECRET_KEY="k")
    off, _ = load_values("DATABASES", SECRET_KEY="k", CONN_HEALTH_CHECKS="0")

    assert on["DATABASES"]["default"]["CONN_HEALTH_CHECKS"] is True
    assert off["DATABASES"]["default"]["CONN_HEALTH_CHECKS"] is False


COOKIE_FLAGS = ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE")


def test_cookies_are_secure_when_debug_is_off():
    settings, _ = load_values(*COOKIE_FLAGS, SECRET_KEY="k")

    assert settings == {"SESSION_COOKIE_SECURE": True, "CSRF_COOKIE_SECURE": True}


def test_cookies_work_over_plain_http_with_debug_on_as_make_run_serves():
    settings, _ = load_values(*COOKIE_FLAGS, DEBUG="1")

    assert settings == {"SESSION_COOKIE_SECURE": False, "CSRF_COOKIE_SECURE": False}


def test_secure_cookies_can_be_turned_off_to_try_the_site_over_plain_http():
    settings, _ = load_values(*COOKIE_FLAGS, SECRET_KEY="k", SECURE_COOKIES="0")

    assert settings == {"SESSION_COOKIE_SECURE": False, "CSRF_COOKIE_SECURE": False}


HTTPS = ("SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD")


def test_https_redirect_and_hsts_are_off_unless_the_environment_asks():
    settings, _ = load_values(*HTTPS, "SECURE_PROXY_SSL_HEADER", SECRET_KEY="k")

    assert settings == dict.fromkeys(HTTPS, False) | {"SECURE_HSTS_SECONDS": 0, "SECURE_PROXY_SSL_HEADER": None}


def test_https_redirect_and_hsts_are_read_from_the_environment():
    settings, _ = load_values(
        *HTTPS,
        SECRET_KEY="k",
        SECURE_SSL_REDIRECT="1",
        SECURE_HSTS_SECONDS="3600",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="yes",
        SECURE_HSTS_PRELOAD="on",
    )

    assert settings == dict.fromkeys(HTTPS, True) | {"SECURE_HSTS_SECONDS": 3600}


def test_hsts_seconds_cannot_be_negative():
    settings, stderr = load_values(*HTTPS, SECRET_KEY="k", SECURE_HSTS_SECONDS="-1")

    assert settings is None
    assert last_line(stderr) == "Configuration error: SECURE_HSTS_SECONDS must be at least 0; got -1"


def test_the_proxy_ssl_header_is_named_as_the_proxy_sends_it():
    settings, _ = load_values("SECURE_PROXY_SSL_HEADER", SECRET_KEY="k", SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto")

    assert settings["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_a_proxy_ssl_header_that_is_no_header_name_is_rejected():
    settings, stderr = load_values("SECURE_PROXY_SSL_HEADER", SECRET_KEY="k", SECURE_PROXY_SSL_HEADER="X-Proto: https")

    assert settings is None
    assert (
        last_line(stderr) == "Configuration error: SECURE_PROXY_SSL_HEADER must be a header name; got 'X-Proto: https'"
    )


def test_client_addresses_come_from_the_connection_unless_proxies_are_declared():
    default, _ = load_values("REST_FRAMEWORK", SECRET_KEY="k")
    behind_one, _ = load_values("REST_FRAMEWORK", SECRET_KEY="k", NUM_PROXIES="1")

    assert default["REST_FRAMEWORK"]["NUM_PROXIES"] == 0
    assert behind_one["REST_FRAMEWORK"]["NUM_PROXIES"] == 1


LOGIN_LIMITS = ("LOGIN_FAILURE_LIMIT", "LOGIN_ADDRESS_FAILURE_LIMIT", "LOGIN_LOCKOUT")


def test_sign_in_limits_default_to_five_failures_per_user_and_twenty_per_address_in_fifteen_minutes():
    settings, _ = load_values(*LOGIN_LIMITS, SECRET_KEY="k")

    assert settings == {"LOGIN_FAILURE_LIMIT": 5, "LOGIN_ADDRESS_FAILURE_LIMIT": 20, "LOGIN_LOCKOUT": 900}


def test_sign_in_limits_are_read_from_the_environment():
    settings, _ = load_values(
        *LOGIN_LIMITS, SECRET_KEY="k", LOGIN_FAILURE_LIMIT="3", LOGIN_ADDRESS_FAILURE_LIMIT="10", LOGIN_LOCKOUT="60"
    )

    assert settings == {"LOGIN_FAILURE_LIMIT": 3, "LOGIN_ADDRESS_FAILURE_LIMIT": 10, "LOGIN_LOCKOUT": 60}


def test_a_sign_in_limit_of_zero_is_rejected():
    settings, stderr = load_values(*LOGIN_LIMITS, SECRET_KEY="k", LOGIN_FAILURE_LIMIT="0")

    assert settings is None
    assert last_line(stderr) == "Configuration error: LOGIN_FAILURE_LIMIT must be at least 1; got 0"


def test_empty_rate_and_log_level_mean_their_defaults():
    # docker-compose.yml passes every variable through, empty when .env does not set it.
    settings, _ = load_values("API_ANON_RATE", "LOG_LEVEL", SECRET_KEY="k", API_ANON_RATE="", LOG_LEVEL="")

    assert settings == {"API_ANON_RATE": "120/minute", "LOG_LEVEL": "INFO"}


def test_an_unknown_log_level_is_rejected_in_one_line():
    settings, stderr = load_values("LOG_LEVEL", SECRET_KEY="k", LOG_LEVEL="loud")

    assert settings is None
    assert last_line(stderr) == (
        "Configuration error: LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL; got 'LOUD'"
    )


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


def test_the_operations_guide_explains_every_variable_of_env_example():
    guide = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")

    unexplained = {name for name in variables_in_env_example() if f"| `{name}` |" not in guide}

    assert not unexplained, f"docs/operations.md has no row for {sorted(unexplained)}"
