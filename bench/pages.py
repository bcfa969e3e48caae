"""Benchmark the HTML pages: the meeting page with 200 statements and the search page.

Run by hand, not in CI (see bench/README.md). Two ways to measure:

    # Over HTTP against a running server (client-side latency; includes ~0.3 ms of loopback):
    .venv/bin/python bench/pages.py --base-url http://127.0.0.1:8100

    # In this process with Django's test client: pure server time, plus the number of queries.
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench SECRET_KEY=x .venv/bin/python bench/pages.py --in-process

The issue's target is 100 ms of server time per page, at 1M statements on PostgreSQL.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    BENCH_MEETING_SYMBOL,
    BenchError,
    Client,
    Result,
    find_bench_meeting,
    local_base_url,
    measure_concurrent,
    measure_sequential,
    print_table,
    run_generate_data,
)

TARGET_MS = 100


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-url", default="http://127.0.0.1:8000", help="The running server (this machine only).")
    parser.add_argument("--in-process", action="store_true", help="Render with Django's test client instead of HTTP.")
    parser.add_argument("--requests", type=int, default=100, help="Requests per page (100).")
    parser.add_argument("--warmup", type=int, default=5, help="Requests sent before measuring (5).")
    parser.add_argument("--clients", type=int, default=8, help="Concurrent clients over HTTP (8; 0 to skip).")
    parser.add_argument("--seconds", type=float, default=10, help="Seconds of concurrent load per page (10).")
    parser.add_argument("--common-word", default="security")
    parser.add_argument("--rare-word", default="desalination")
    parser.add_argument("--country", default="RUS", help="Country page to measure (RUS).")
    parser.add_argument("--meeting", type=int, help="Meeting id with 200 statements (default: found by symbol).")
    parser.add_argument("--generate", type=int, metavar="N", help="First run `generate_data --clear --statements N`.")
    return parser.parse_args(argv)


def pages(args, meeting, extra=()):
    """The two pages the issue names, then the other page types (all held to the same 100 ms)."""
    return [
        Result("meeting page, 200 statements", f"/meetings/{meeting}/", target_p95_ms=TARGET_MS),
        Result(
            f"search page, common word ({args.common_word})", f"/search/?q={args.common_word}", target_p95_ms=TARGET_MS
        ),
        Result(f"search page, rare word ({args.rare_word})", f"/search/?q={args.rare_word}", target_p95_ms=TARGET_MS),
        Result("home page", "/", target_p95_ms=TARGET_MS),
        Result("meetings list", "/meetings/", target_p95_ms=TARGET_MS),
        Result("countries list", "/countries/", target_p95_ms=TARGET_MS),
        Result(f"country page ({args.country})", f"/countries/{args.country}/", target_p95_ms=TARGET_MS),
        Result("delegates list", "/delegates/", target_p95_ms=TARGET_MS),
        Result("topics list", "/topics/", target_p95_ms=TARGET_MS),
        *(Result(name, path, target_p95_ms=TARGET_MS) for name, path in extra),
    ]


def extra_pages(meeting):
    """Pages whose address needs a row of the database: the busiest delegate, a topic, a statement."""
    from django.db.models import Count

    from statements.models import Statement, Topic

    busiest = (
        Statement.objects.filter(speaker__isnull=False)
        .values("speaker")
        .annotate(n=Count("pk"))
        .order_by("-n", "speaker")
        .first()
    )
    topic = Topic.objects.order_by("slug").first()
    statement = Statement.objects.filter(meeting_id=meeting).order_by("sequence", "id").first()
    extra = []
    if busiest:
        extra.append((f"delegate page ({busiest['n']:,} statements)", f"/delegates/{busiest['speaker']}/"))
    if topic:
        extra.append((f"topic page ({topic.slug})", f"/topics/{topic.slug}/"))
    if statement:
        extra.append(("statement permalink", f"/statements/{statement.pk}/"))
    return extra


def over_http(args):
    base = local_base_url(args.base_url)
    client = Client(base)
    meeting = args.meeting or find_bench_meeting(client)
    client.close()
    results = pages(args, meeting)
    for result in results:
        print(f"… {result.path}: {args.requests} requests, one client", file=sys.stderr)
        measure_sequential(base, result, args.requests, warmup=args.warmup)
        if args.clients:
            measure_concurrent(base, result, args.clients, args.seconds)
    print(f"\nServer {base}; client-side latency over HTTP keep-alive.")
    print_table(results)


def in_process(args):
    """Render each page with the test client, timing each request and counting its queries."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diplomacy.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client as DjangoClient
    from django.test.utils import CaptureQueriesContext

    from diplomacy.startup import settle
    from statements.models import Meeting

    # No setup_test_environment(): it instruments every template render (a signal and a copy of
    # the context per render, i.e. per statement card), which production does not pay.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    meeting = args.meeting or Meeting.objects.filter(record_symbol=BENCH_MEETING_SYMBOL).values_list("pk", flat=True)
    if not isinstance(meeting, int):
        meeting = meeting.first()
        if meeting is None:
            raise BenchError(f"no meeting {BENCH_MEETING_SYMBOL}: run `manage.py generate_data` first")
    client = DjangoClient()
    # As a gunicorn worker does once it has loaded the app (gunicorn.conf.py).
    settle()
    results = pages(args, meeting, extra_pages(meeting))
    queries = {}
    for result in results:
        print(f"… {result.path}: {args.requests} requests", file=sys.stderr)
        for _ in range(args.warmup):
            client.get(result.path)
        for _ in range(args.requests):
            started = time.perf_counter()
            response = client.get(result.path)
            elapsed = time.perf_counter() - started
            result.statuses[response.status_code] = result.statuses.get(response.status_code, 0) + 1
            if response.status_code == 200:
                result.latencies.append(elapsed)
            else:
                result.errors += 1
        # Queries counted on one more request, outside the timed ones (capturing logs every query).
        with CaptureQueriesContext(connection) as captured:
            client.get(result.path)
        queries[result.name] = len(captured)
    print(f"\nIn-process, Django test client, database {connection.settings_dict['NAME']}.")
    print_table(results)
    print()
    for result in results:
        print(f"- {result.name}: {queries.get(result.name, '?')} queries; {result.path}")


def main(argv=None):
    args = parse_args(argv)
    if args.generate:
        run_generate_data(args.generate)
    if args.in_process:
        in_process(args)
    else:
        over_http(args)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as error:
        sys.exit(f"bench/pages.py: {error}")
    except (ConnectionError, OSError) as error:
        sys.exit(f"bench/pages.py: cannot reach the server: {error}")
