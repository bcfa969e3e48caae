"""Failed sign-ins at /admin/login/ are limited per user name and address, and per address."""

import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

import pytest

from statements.ops import login_limits
from tests.deployment import ROOT, free_port, gunicorn_environment

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture
def alice(django_user_model):
    return django_user_model.objects.create_user("alice", password=PASSWORD, is_staff=True)


@pytest.fixture
def bob(django_user_model):
    return django_user_model.objects.create_user("bob", password=PASSWORD, is_staff=True)


@pytest.fixture
def clock(monkeypatch):
    """A clock the test moves by hand."""

    class Clock:
        time = 1_700_000_000.0

        def __call__(self):
            return self.time

    clock = Clock()
    monkeypatch.setattr(login_limits, "now", clock)
    return clock


def sign_in(client, username, password=PASSWORD, address="192.0.2.1", **headers):
    return client.post(
        "/admin/login/",
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        **headers,
    )


def fail(client, username, times, address="192.0.2.1", **headers):
    for _ in range(times):
        response = sign_in(client, username, "wrong", address, **headers)
        assert response.status_code == 200, "a failed sign-in shows the form again"
        assert "Please enter the correct username and password" in response.content.decode()


def test_the_right_password_signs_in(client, alice):
    response = sign_in(client, "alice")

    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_four_failures_do_not_stop_the_right_password(client, alice):
    fail(client, "alice", 4)

    assert sign_in(client, "alice").status_code == 302


def test_after_five_failures_even_the_right_password_is_refused(client, alice):
    fail(client, "alice", 5)

    response = sign_in(client, "alice")

    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    page = response.content.decode()
    assert "<h1>Too many failed sign-ins</h1>" in page
    assert "Try again in 15 minutes." in page
    # Not signed in: the admin still sends the visitor to the login page.
    assert client.get("/admin/").status_code == 302


def test_the_refusal_says_how_long_is_left(client, alice, clock):
    fail(client, "alice", 5)
    clock.time += 14 * 60 + 30

    response = sign_in(client, "alice")

    assert response["Retry-After"] == "30"
    assert "Try again in 1 minute." in response.content.decode()


def test_another_user_at_the_same_address_can_still_sign_in(client, alice, bob):
    fail(client, "alice", 5)

    assert sign_in(client, "bob").status_code == 302


def test_the_same_user_from_another_address_can_still_sign_in(client, alice):
    fail(client, "alice", 5, address="192.0.2.1")

    assert sign_in(client, "alice", address="198.51.100.7").status_code == 302


def test_successful_sign_ins_are_not_counted(client, alice):
    fail(client, "alice", 4)
    for _ in range(3):
        assert sign_in(client, "alice").status_code == 302
        client.logout()

    fail(client, "alice", 1)  # the fifth failure still shows the form

    assert sign_in(client, "alice").status_code == 429


def test_the_lockout_ends_after_the_lockout_period(client, alice, clock):
    fail(client, "alice", 5)
    clock.time += 899
    assert sign_in(client, "alice").status_code == 429

    clock.time += 1

    assert sign_in(client, "alice").status_code == 302


def test_after_the_lockout_the_full_allowance_is_back(client, alice, clock):
    fail(client, "alice", 5)
    clock.time += 900

    fail(client, "alice", 5)

    assert sign_in(client, "alice").status_code == 429


def test_user_names_are_compared_without_case(client, alice):
    fail(client, "Alice", 5)

    assert sign_in(client, "alice").status_code == 429


def test_refused_attempts_do_not_use_up_the_allowance_of_others_at_the_address(client, alice, bob):
    fail(client, "alice", 5)
    for _ in range(30):
        assert sign_in(client, "alice", "wrong").status_code == 429

    assert sign_in(client, "bob").status_code == 302


def test_many_user_names_from_one_address_are_refused_past_the_address_limit(client, bob):
    for number in range(20):
        fail(client, f"guess{number}", 1)

    assert sign_in(client, "bob").status_code == 429
    assert sign_in(client, "bob", address="198.51.100.7").status_code == 302


def test_the_limits_come_from_the_settings(client, alice, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    settings.LOGIN_LOCKOUT = 60
    fail(client, "alice", 2)

    response = sign_in(client, "alice")

    assert response.status_code == 429
    assert response["Retry-After"] == "60"


def test_a_forged_forwarded_for_header_does_not_make_a_new_address(client, alice):
    # Without a declared proxy (NUM_PROXIES=0) the address is the connection's.
    for number in range(5):
        fail(client, "alice", 1, HTTP_X_FORWARDED_FOR=f"203.0.113.{number}")

    assert sign_in(client, "alice", HTTP_X_FORWARDED_FOR="203.0.113.99").status_code == 429


def test_behind_a_declared_proxy_the_address_is_the_one_it_forwarded(client, alice, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    proxy = "10.0.0.2"
    fail(client, "alice", 5, address=proxy, HTTP_X_FORWARDED_FOR="203.0.113.5")

    assert sign_in(client, "alice", address=proxy, HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 429
    assert sign_in(client, "alice", address=proxy, HTTP_X_FORWARDED_FOR="203.0.113.6").status_code == 302


def test_the_login_form_still_shows_during_a_lockout(client, alice):
    fail(client, "alice", 5)

    assert client.get("/admin/login/", REMOTE_ADDR="192.0.2.1").status_code == 200


def test_the_test_clients_login_helper_is_not_limited(client, alice):
    # The suite signs users in with client.login(), which checks no view and must keep working.
    fail(client, "alice", 5, address="127.0.0.1")

    assert client.login(username="alice", password=PASSWORD)


# Several gunicorn workers count in one cache, or do not start (gunicorn.conf.py).


def start_gunicorn(tmp_path, workers, **environment):
    """gunicorn with `workers` workers as the Dockerfile starts it; returns (process, port)."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "diplomacy.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    env = {**gunicorn_environment(tmp_path / "db.sqlite3"), **environment}
    return [*command, "--workers", str(workers)], port, env


def test_several_workers_without_a_shared_cache_refuse_to_start(tmp_path):
    command, _, env = start_gunicorn(tmp_path, 2)

    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)

    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert errors == [
        "Error: CACHE_URL is not set, so each of the 2 workers would count sign-in failures and API requests on "
        "its own, multiplying every limit by 2. Set CACHE_URL to a redis:// URL that every worker reaches, start "
        "one worker (--workers 1), or set CACHE_URL=locmem:// to accept limits counted per worker."
    ]


@pytest.mark.parametrize(
    "workers, cache_url",
    [(1, None), (2, "locmem://"), (2, "redis://127.0.0.1:6379/0")],
    ids=["one worker", "per-worker limits accepted", "redis"],
)
def test_one_worker_or_a_shared_cache_or_an_explicit_choice_starts(start_server, tmp_path, workers, cache_url):
    command, port, env = start_gunicorn(tmp_path, workers, **({"CACHE_URL": cache_url} if cache_url else {}))

    # Fails the test with gunicorn's log if it stops instead of listening.
    start_server("gunicorn", command, port, cwd=ROOT, env=env)


def sign_in_over_http(base, username, password):
    """The status of one sign-in at /admin/login/ on a running server, CSRF token and cookie included."""
    with urllib.request.urlopen(f"{base}/admin/login/", timeout=30) as page:
        cookie = page.headers["Set-Cookie"].split(";", 1)[0]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.read().decode()).group(1)
    form = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
    request = urllib.request.Request(
        f"{base}/admin/login/", data=form.encode(), headers={"Cookie": cookie, "Referer": f"{base}/admin/login/"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server")
def test_with_redis_the_workers_share_the_sign_in_limit(start_server, tmp_path):
    redis_port = free_port()
    start_server("redis", ["redis-server", "--port", str(redis_port), "--save", "", "--appendonly", "no"], redis_port)
    # Four workers, and a fresh connection per request: the attempts land on several of them.
    command, port, env = start_gunicorn(
        tmp_path,
        4,
        CACHE_URL=f"redis://127.0.0.1:{redis_port}/0",
        LOGIN_FAILURE_LIMIT="3",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        SECURE_COOKIES="0",
        # The login page's static files without collectstatic's manifest.
        DEBUG="1",
    )
    start_server("gunicorn", command, port, cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"

    # The database is empty (no tables), so a checked password is an error, not a 200; what counts
    # is that the attempt is counted before it is checked, in the cache every worker shares.
    statuses = [sign_in_over_http(base, "alice", "wrong") for _ in range(5)]

    assert 429 not in statuses[:3]
    assert statuses[3:] == [429, 429]
