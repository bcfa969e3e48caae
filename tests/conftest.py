"""Fixtures shared by the whole suite. Test modules ask for them by name and never import them.

Helpers that are not fixtures live in tests/factories.py (rows), tests/api_support.py (API clients)
and tests/browser_support.py (Chromium and the page types).
"""

import os
import subprocess
import sys

import pytest
from django.db import connection, connections, transaction

from tests.deployment import ROOT, free_port, gunicorn_environment, wait_until_listening


def pytest_collection_modifyitems(config, items):
    """Skip PostgreSQL-only tests on another database, unless CI says PostgreSQL is required."""
    if connection.vendor == "postgresql":
        return
    if os.environ.get("REQUIRE_POSTGRES"):
        raise pytest.UsageError("REQUIRE_POSTGRES is set but DATABASE_URL is not a PostgreSQL database.")
    skip = pytest.mark.skip(reason=f"needs PostgreSQL; DATABASE_URL points at {connection.vendor}")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: throttle counters, facet counts and cached API answers
    of an earlier test (whose rows may have had the same ids) must not leak into it, nor which
    URLs the response cache saw asked (it stores an answer the third time), nor what a worker
    kept of the cache in its memory."""
    from django.core.cache import cache

    from statements.api.response_cache import recently_asked
    from statements.memo import worker_cache

    cache.clear()
    recently_asked.clear()
    worker_cache.clear()
    yield
    cache.clear()
    recently_asked.clear()
    worker_cache.clear()


# Clients and users.


@pytest.fixture
def api_client():
    """Django REST framework's test client: it encodes `format="json"` bodies and takes token credentials."""
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def editor(db):
    from tests.factories import editor_user

    return editor_user(password="x")


@pytest.fixture
def editor_client(editor):
    """An API client that authenticates as the editor with a token, as scripts do."""
    from tests.api_support import token_client

    return token_client(editor)


@pytest.fixture
def administrator_client(db):
    """An API client that authenticates as an administrator with a token."""
    from tests.api_support import token_client
    from tests.factories import administrator_user

    return token_client(administrator_user())


# Rows made once for a whole module.


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker):
    """A transaction around the rest of the module: rows that a module-scoped fixture makes after
    asking for this one (inside `django_db_blocker.unblock()`) are seen by each test of the module
    and rolled back after its last test, so no other module sees them.

    Each test's own transaction (pytest.mark.django_db) nests inside as a savepoint, so what a
    test writes is still undone after it, as Django's TestCase.setUpTestData does for a class.
    Only for modules whose tests are not transactional (`transaction=True` would flush)."""
    atomics = []
    with django_db_blocker.unblock():
        for alias in connections:
            atomic = transaction.atomic(using=alias)
            atomic._from_testcase = True  # as TestCase marks its own: durable blocks may open inside
            atomic.__enter__()
            atomics.append((alias, atomic))
    yield
    with django_db_blocker.unblock():
        for alias, atomic in reversed(atomics):
            transaction.set_rollback(True, using=alias)
            atomic.__exit__(None, None, None)


@pytest.fixture
def migrated_rows(transactional_db):
    """The rows the data migrations make (the countries, the role groups and their permissions), made
    again if an earlier transactional test's flush removed them.

    For transactional tests of concurrent connections. `serialized_rollback` would reload those rows
    from a copy, but after the browser tests' live server it failed in CI (the copy was loaded over
    content types that a flush had already recreated), so these tests make what they need instead.
    """
    from importlib import import_module

    from django.apps import apps

    from statements.countries import sync_countries
    from statements.models import Country, Party

    import_module("statements.migrations.0008_roles").create_groups(apps, None)
    if not Country.objects.exists():
        sync_countries(Party)


# The browser tests (tests/test_browser.py, tests/test_browser_csp.py).


@pytest.fixture(scope="module")
def browser():
    from tests.browser_support import CHROMIUM, CHROMIUM_ARGS, MISSING

    if MISSING:
        pytest.fail(f"REQUIRE_BROWSER=1 but the browser tests cannot run: {MISSING}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def site(live_server):
    """The demo meeting on the live server; returns the URL of each page type."""
    from statements.countries import sync_countries
    from statements.models import Country, Delegate, Meeting, Party, Source, Statement
    from statements.ops.demo import load_demo

    # The countries come from a migration; a transactional test before this one may have
    # flushed them, and the serialized rollback does not always bring them back with the live server.
    if not Country.objects.exists():
        sync_countries(Party)
    load_demo()
    meeting = Meeting.objects.get(press_release="SC/15755")
    quote = Statement.objects.get(meeting=meeting, text="completely false.")
    base = live_server.url
    return {
        "home": f"{base}/",
        "meetings": f"{base}/meetings/",
        "meeting": f"{base}{meeting.get_absolute_url()}",
        "statement": f"{base}{quote.get_absolute_url()}",
        "paraphrase": f"{base}{Statement.objects.filter(kind='paraphrase').first().get_absolute_url()}",
        "delegates": f"{base}/delegates/",
        "delegate": f"{base}{Delegate.objects.get(full_name='Vasily Nebenzya').get_absolute_url()}",
        "countries": f"{base}/countries/",
        "country": f"{base}/countries/RUS/",
        "topics": f"{base}/topics/",
        "topic": f"{base}/topics/military-cooperation/",
        "body": f"{base}/bodies/security-council/",
        "source": f"{base}{Source.objects.get(kind='news').get_absolute_url()}",
        "search": f"{base}/search/?q=cooperation",
        "search-error": f"{base}/search/?q=-only",
        "not-found": f"{base}/no-such-page/",
        "base": base,
    }


# Servers started for a test: gunicorn, nginx (the deployment tests).


@pytest.fixture
def start_server(tmp_path):
    """start_server(name, command, port): runs `command` until the test ends, once it listens on `port`."""
    started = []

    def start(name, command, port, **popen):
        log = tmp_path / f"{name}.log"
        with log.open("wb") as output:
            process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, **popen)
        started.append(process)
        wait_until_listening(process, port, log)

    yield start
    for process in started:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
def gunicorn(start_server, tmp_path):
    """gunicorn(*options): the app served by gunicorn from the project folder, as the Dockerfile
    starts it, with tests.deployment.gunicorn_environment(); returns its URL."""

    def start(*options):
        port = free_port()
        command = [sys.executable, "-m", "gunicorn", "diplomacy.wsgi:application", "--bind", f"127.0.0.1:{port}"]
        environment = gunicorn_environment(tmp_path / "db.sqlite3")
        start_server("gunicorn", [*command, *options], port, cwd=ROOT, env=environment)
        return f"http://127.0.0.1:{port}"

    return start
