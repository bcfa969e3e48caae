"""Benchmark the REST API against a running server filled by `manage.py generate_data`.

Run by hand, not in CI (see bench/README.md):

    .venv/bin/python bench/api.py --base-url http://127.0.0.1:8100

For each endpoint: latency percentiles with one client sending requests one after another, then
requests per second with several concurrent keep-alive clients (wrk when installed, threads
otherwise); then the rows per second of a streamed CSV export. Every loop stops after a fixed
number of requests or seconds. Only servers on this machine are accepted as targets.
"""

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    BenchError,
    Client,
    Result,
    find_bench_meeting,
    local_base_url,
    measure_concurrent,
    measure_csv_export,
    measure_sequential,
    print_table,
    run_generate_data,
)

# The targets, at 1M statements on PostgreSQL with gunicorn on this 2-core machine.
TARGET_P95_MS = 50
TARGET_LIST_RPS = 300
TARGET_CSV_ROWS_PER_S = 50_000


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-url", default="http://127.0.0.1:8000", help="The running server (this machine only).")
    parser.add_argument("--requests", type=int, default=200, help="Sequential requests per endpoint (200).")
    parser.add_argument("--warmup", type=int, default=10, help="Requests sent before measuring (10).")
    parser.add_argument("--clients", type=int, default=8, help="Concurrent clients for requests/s (8).")
    parser.add_argument("--seconds", type=float, default=10, help="Seconds of concurrent load per endpoint (10).")
    parser.add_argument("--country", default="RUS", help="Country code for the filtered list and facets (RUS).")
    parser.add_argument("--common-word", default="security", help="A word in about a fifth of statements.")
    parser.add_argument("--rare-word", default="desalination", help="A word in under 0.1%% of statements.")
    parser.add_argument("--meeting", type=int, help="Meeting id with 200 statements (default: found by symbol).")
    parser.add_argument("--delegate", type=int, help="Delegate id (default: the speaker of a filtered statement).")
    parser.add_argument("--csv-seconds", type=float, default=60, help="Stop reading the CSV export after this (60).")
    parser.add_argument("--csv-query", default="", help="Filters for the CSV export, e.g. 'country=RUS' (none).")
    parser.add_argument("--no-wrk", action="store_true", help="Use Python threads even when wrk is installed.")
    parser.add_argument("--no-concurrent", action="store_true", help="Skip the concurrent runs.")
    parser.add_argument("--csv-only", action="store_true", help="Measure only the CSV export.")
    parser.add_argument(
        "--generate", type=int, metavar="N", help="First run `generate_data --clear --statements N` on DATABASE_URL."
    )
    parser.add_argument("--json", type=Path, help="Also write the results to this JSON file.")
    return parser.parse_args(argv)


def endpoints(args, client):
    meeting = args.meeting or find_bench_meeting(client)
    delegate = args.delegate
    if delegate is None:
        page = client.json(f"/api/v1/statements/?country={args.country}&page_size=50")
        speakers = [row["speaker"]["id"] for row in page["results"] if row.get("speaker")]
        if not speakers:
            raise BenchError(f"no statement of {args.country} names its speaker; pass --delegate ID")
        delegate = speakers[0]
    lists = {"target_p95_ms": TARGET_P95_MS}
    return [
        Result(
            "statements of one country, page of 50",
            f"/api/v1/statements/?country={args.country}&page_size=50",
            target_rps=TARGET_LIST_RPS,
            **lists,
        ),
        Result(
            f"search, common word ({args.common_word})",
            f"/api/v1/statements/?q={args.common_word}&page_size=50",
            **lists,
        ),
        Result(
            f"search, rare word ({args.rare_word})", f"/api/v1/statements/?q={args.rare_word}&page_size=50", **lists
        ),
        Result(
            f"facets of one country ({args.country})", f"/api/v1/statements/facets/?country={args.country}", **lists
        ),
        Result("a meeting's 200 statements", f"/api/v1/meetings/{meeting}/statements/?page_size=200"),
        Result("one delegate", f"/api/v1/delegates/{delegate}/"),
    ]


def describe(client, result):
    """What the endpoint returned, for the notes column: a count or the number of rows."""
    data = client.json(result.path)
    if isinstance(data, dict) and "count" in data:
        return f"count {data['count']:,}" if isinstance(data["count"], int) else f"count {data['count']}"
    if isinstance(data, dict) and "results" in data:
        return f"{len(data['results'])} rows"
    return ""


def report_endpoints(args, base, results):
    print()
    print(
        f"Server {base}; latency from {args.requests} sequential requests per endpoint; concurrent column from "
        f"{args.clients} clients ({results[0].tool or 'not run'})."
    )
    print_table(results)
    print()
    for result in results:
        if result.note:
            print(f"- {result.name}: {result.note}; {result.path}")
    sys.stdout.flush()


def main(argv=None):
    args = parse_args(argv)
    base = local_base_url(args.base_url)
    if args.generate:
        run_generate_data(args.generate)

    client = Client(base)
    results = [] if args.csv_only else endpoints(args, client)
    for result in results:
        result.note = describe(client, result)
    client.close()

    for result in results:
        print(f"… {result.name}: {args.requests} requests, one client", file=sys.stderr)
        measure_sequential(base, result, args.requests, warmup=args.warmup)
        if not args.no_concurrent:
            print(f"… {result.name}: {args.clients} clients for {args.seconds:g} s", file=sys.stderr)
            measure_concurrent(base, result, args.clients, args.seconds, use_wrk=not args.no_wrk)

    if results:
        report_endpoints(args, base, results)

    csv_path = "/api/v1/statements/?format=csv" + (f"&{args.csv_query}" if args.csv_query else "")
    print(f"… CSV export {csv_path} for at most {args.csv_seconds:g} s", file=sys.stderr)
    rows, seconds, ended = measure_csv_export(base, csv_path, args.csv_seconds)
    rate = rows / seconds if seconds else 0
    verdict = "meets target" if rate >= TARGET_CSV_ROWS_PER_S else f"below the {TARGET_CSV_ROWS_PER_S:,} rows/s target"
    if ended == "stopped":
        ended = f"stopped after {args.csv_seconds:g} s"
    print(f"- CSV export: {rows:,} rows in {seconds:.1f} s = {rate:,.0f} rows/s ({ended}); {verdict}")

    if args.json:
        report = {
            "base_url": base,
            "results": [result.as_dict() for result in results],
            "csv": {"path": csv_path, "rows": rows, "seconds": seconds, "rows_per_s": rate, "ended": ended},
        }
        args.json.write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as error:
        sys.exit(f"bench/api.py: {error}")
    except (ConnectionError, OSError) as error:
        sys.exit(f"bench/api.py: cannot reach the server: {error}")
