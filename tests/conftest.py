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
