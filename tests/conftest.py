import os

import pytest
from django.db import connection


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
    of an earlier test (whose rows may have had the same ids) must not leak into it."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
