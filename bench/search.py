"""Benchmark exact search counts and facets (issue 12, point 2): server time in this process.

Run by hand, not in CI (see bench/README.md), against a database with 1,000,000 statements:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench SECRET_KEY=x .venv/bin/python bench/search.py

For each request it measures, with Django's test client (no HTTP, no other process):
- cold: the cache cleared before every request, as after a write (a new data version) or a first
  visit: the exact count and every facet computed from the database;
- warm: the count and the facets cached (asked once before), the response cache off
  (`API_CACHE_SECONDS=0`), so the page itself is built every time: a new page of a known search;
- hit: the response cache on (the default), the same URL asked again.

The target is p95 ≤ 150 ms for a common word's first page and its facets.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import BenchError, Result, print_table  # noqa: E402

TARGET_MS = 150
COMMON, RARE = "security", "desalination"

REQUESTS = [
    ("first page, common word", f"/api/v1/statements/?q={COMMON}"),
    ("facets, common word", f"/api/v1/statements/facets/?q={COMMON}"),
    ("page 2, common word", f"/api/v1/statements/?q={COMMON}&page=2"),
    ("first page, rare word", f"/api/v1/statements/?q={RARE}"),
    ("facets, rare word", f"/api/v1/statements/facets/?q={RARE}"),
    ("search page, common word", f"/search/?q={COMMON}"),
]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cold", type=int, default=8, help="Requests per URL with the cache cleared (default 8).")
    parser.add_argument("--warm", type=int, default=30, help="Requests per URL with the caches filled (default 30).")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    if "DATABASE_URL" not in os.environ:
        raise BenchError("set DATABASE_URL to the database to measure (1,000,000 statements)")
    # The anonymous throttle (120/minute) would answer 429 within a second of this loop.
    os.environ.setdefault("API_ANON_RATE", "1000000/minute")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diplomacy.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client as DjangoClient
    from django.test.utils import CaptureQueriesContext

    from statements.models import Statement

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = DjangoClient()
    response_cache_seconds = settings.API_CACHE_SECONDS

    def timed(path, result, *, clear):
        if clear:
            cache.clear()
        started = time.perf_counter()
        response = client.get(path)
        elapsed = time.perf_counter() - started
        result.statuses[response.status_code] = result.statuses.get(response.status_code, 0) + 1
        if response.status_code == 200:
            result.latencies.append(elapsed)
        else:
            result.errors += 1
        return response

    results, notes = [], []
    for name, path in REQUESTS:
        print(f"… {path}", file=sys.stderr)
        client.get(path)  # the database's own caches, once
        cold = Result(f"{name}, cold", path, target_p95_ms=TARGET_MS)
        settings.API_CACHE_SECONDS = 0
        for _ in range(args.cold):
            timed(path, cold, clear=True)
        warm = Result(f"{name}, warm (counts and facets cached)", path, target_p95_ms=TARGET_MS)
        for _ in range(args.warm):
            timed(path, warm, clear=False)
        settings.API_CACHE_SECONDS = response_cache_seconds
        hit = Result(f"{name}, response cache hit", path, target_p95_ms=TARGET_MS)
        client.get(path)
        for _ in range(args.warm):
            timed(path, hit, clear=False)
        results += [cold, warm, hit]
        cache.clear()
        settings.API_CACHE_SECONDS = 0
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        settings.API_CACHE_SECONDS = response_cache_seconds
        slowest = max(captured.captured_queries, key=lambda query: float(query["time"]), default=None)
        count = response.json().get("count") if path.startswith("/api/") and "facets" not in path else None
        notes.append(
            f"- {name}: {len(captured)} queries cold"
            + (f", count {count:,}" if count is not None else "")
            + (f"; slowest query {float(slowest['time']) * 1000:.0f} ms" if slowest else "")
        )
    print(
        f"\nIn-process, Django test client, {Statement.objects.count():,} statements in database "
        f"{connection.settings_dict['NAME']}."
    )
    print_table(results)
    print()
    print("\n".join(notes))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as error:
        sys.exit(f"bench/search.py: {error}")
