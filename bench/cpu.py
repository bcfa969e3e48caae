"""CPU time per API request in this process: the figure a change to the request path moves.

Run by hand, not in CI (see bench/README.md):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_200k .venv/bin/python bench/cpu.py
    ... bench/cpu.py --profile detail        # cProfile of one request type (the --lines heaviest functions)
    CALLERS='deepcopy|_bind' ... --profile detail   # and who calls the functions matching a pattern

Each request type of `compare_datasette.sh`'s workload (a `{id}` becomes a random id, the same
sequence every run) is sent through Django's whole stack (middleware, throttle, view, rendering)
with the test client, the response cache off; the table gives the process's CPU milliseconds per
request (`time.process_time`, so the database's own work is not in it), the CPU milliseconds of
the PostgreSQL server process that serves this connection (read from /proc, so only when it runs
on this machine) and the wall milliseconds. Throughput over HTTP on two cores is bounded by how
much CPU each request takes in both processes, plus gunicorn's and wrk's share.
"""

import argparse
import cProfile
import os
import pstats
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

WORKLOAD = {
    "list_country": "/api/v1/statements/?country=RUS&page_size=50",
    "list_speaker": "/api/v1/statements/?speaker={delegate}&page_size=50",
    "search_common": "/api/v1/statements/?q=security&page_size=50",
    "search_rare": "/api/v1/statements/?q=desalination&page_size=50",
    "detail": "/api/v1/statements/{statement}/",
    "meeting": "/api/v1/meetings/{meeting}/statements/?page_size=50",
}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=200, help="Measured requests per type (200).")
    parser.add_argument("--warmup", type=int, default=20, help="Requests per type before measuring (20).")
    parser.add_argument("--only", action="append", choices=sorted(WORKLOAD), help="Measure only these types.")
    parser.add_argument("--lines", type=int, default=25, help="Functions listed by --profile (25).")
    parser.add_argument("--profile", choices=sorted(WORKLOAD), help="Print a cProfile of this type instead.")
    return parser.parse_args(argv)


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diplomacy.settings")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "bench-not-secret")
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
    os.environ["API_ANON_RATE"] = "1000000000/minute"
    os.environ["API_CACHE_SECONDS"] = "0"
    import django

    django.setup()


def id_ranges():
    from django.db.models import Max

    from statements.models import Delegate, Meeting, Statement

    return {
        "statement": Statement.objects.aggregate(top=Max("pk"))["top"] or 1,
        "delegate": Delegate.objects.aggregate(top=Max("pk"))["top"] or 1,
        "meeting": Meeting.objects.aggregate(top=Max("pk"))["top"] or 1,
    }


def database_cpu():
    """A function giving the CPU seconds used so far by the PostgreSQL process of this connection,
    or None when that cannot be read (another database, or a server on another machine)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        stat = Path(f"/proc/{cursor.fetchone()[0]}/stat")
    ticks = os.sysconf("SC_CLK_TCK")

    def used():
        # The fields after the command name; utime and stime are the 14th and 15th of the line.
        fields = stat.read_text().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / ticks

    try:
        used()
    except OSError:
        return None
    return used


def paths(template, ranges, count, seed):
    rng = random.Random(seed)
    return [template.format(**{name: rng.randint(1, top) for name, top in ranges.items()}) for _ in range(count)]


def main(argv=None):
    args = parse_args(argv)
    setup_django()
    from django.test import Client

    from diplomacy.startup import settle

    client = Client(HTTP_HOST="127.0.0.1")
    ranges = id_ranges()
    # As a gunicorn worker does once it has loaded the app (gunicorn.conf.py).
    settle()

    def run(batch):
        for path in batch:
            response = client.get(path, HTTP_ACCEPT="application/json")
            if response.status_code not in (200, 404):
                raise SystemExit(f"{path} answered {response.status_code}")

    if args.profile:
        template = WORKLOAD[args.profile]
        run(paths(template, ranges, args.warmup, 1))
        profile = cProfile.Profile()
        profile.enable()
        run(paths(template, ranges, args.requests, 2))
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(args.lines)
        pstats.Stats(profile).sort_stats("tottime").print_stats(args.lines)
        if os.environ.get("CALLERS"):
            pstats.Stats(profile).sort_stats("tottime").print_callers(os.environ["CALLERS"])
        return
    database = database_cpu()
    print(f"{'request':15} {'cpu ms':>7} {'db cpu ms':>9} {'wall ms':>8} {'wall p95':>9}")
    for name, template in WORKLOAD.items():
        if args.only and name not in args.only:
            continue
        run(paths(template, ranges, args.warmup, 1))
        walls = []
        database_started = database() if database else None
        cpu_started = time.process_time()
        for path in paths(template, ranges, args.requests, 2):
            started = time.perf_counter()
            run([path])
            walls.append(time.perf_counter() - started)
        cpu = (time.process_time() - cpu_started) / args.requests
        # The kernel counts in clock ticks (10 ms): a few hundred requests make it precise enough.
        db = f"{(database() - database_started) / args.requests * 1000:9.2f}" if database else f"{'-':>9}"
        p95 = statistics.quantiles(walls, n=20)[-1]
        print(f"{name:15} {cpu * 1000:7.2f} {db} {statistics.mean(walls) * 1000:8.2f} {p95 * 1000:9.2f}")


if __name__ == "__main__":
    main()
