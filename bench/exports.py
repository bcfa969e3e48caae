"""Benchmark whole exports (issue 12, points 5 and 6): rows/s, size and peak memory per format.

Run by hand, not in CI (see bench/README.md), against a database of synthetic statements:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench SECRET_KEY=x .venv/bin/python bench/exports.py

Each export runs in a process of its own (Django's test client, no HTTP), so that its peak
resident memory (`ru_maxrss`) is its own: the figure printed is that peak less the process's
memory after Django started and answered one small page, i.e. what streaming the export added.
CSV on PostgreSQL is COPY's; JSON Lines and XLSX are written in Python from the same rows.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import BenchError  # noqa: E402

EXPORTS = [
    "/api/v1/statements/?format={fmt}",
    "/api/v1/mentions/?format={fmt}",
    "/api/v1/citations/?format={fmt}",
]
FORMATS = ["csv", "jsonl", "xlsx"]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--formats", default=",".join(FORMATS), help="Formats to measure (default: all).")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # a child process: measure this path only
    return parser.parse_args(argv)


def peak_kib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def measure_one(path):
    """Stream one export here; print a JSON line with its figures."""
    os.environ.setdefault("API_ANON_RATE", "1000000/minute")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diplomacy.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.get(path.split("?")[0] + "?page_size=1")
    baseline = peak_kib()
    started = time.perf_counter()
    response = client.get(path)
    if response.status_code != 200:
        raise BenchError(f"{path} answered {response.status_code}")
    size = lines = 0
    for piece in response.streaming_content:
        size += len(piece)
        lines += piece.count(b"\n")
    elapsed = time.perf_counter() - started
    print(json.dumps({"path": path, "seconds": elapsed, "bytes": size, "lines": lines,
                      "baseline_mib": baseline / 1024, "added_mib": (peak_kib() - baseline) / 1024}))  # fmt: skip


def main(argv=None):
    args = parse_args(argv)
    if "DATABASE_URL" not in os.environ:
        raise BenchError("set DATABASE_URL to the database to measure")
    if args.one:
        measure_one(args.one)
        return 0
    formats = args.formats.split(",")
    print("| export | format | seconds | MiB written | rows/s (CSV, JSONL) | peak memory added, MiB |")
    print("|---|---|---:|---:|---:|---:|")
    for template in EXPORTS:
        for fmt in formats:
            path = template.format(fmt=fmt)
            print(f"… {path}", file=sys.stderr)
            child = subprocess.run(
                [sys.executable, __file__, "--one", path], capture_output=True, text=True, check=False
            )
            if child.returncode:
                raise BenchError(f"{path}: {child.stderr.strip().splitlines()[-1]}")
            figures = json.loads(child.stdout.strip().splitlines()[-1])
            # A text may hold line breaks: rows/s counts lines, a close upper bound, and none for XLSX.
            rate = f"{(figures['lines'] - 1) / figures['seconds']:,.0f}" if fmt != "xlsx" else "–"
            print(
                f"| {template.split('?')[0]} | {fmt} | {figures['seconds']:.1f} | {figures['bytes'] / 2**20:.1f} "
                f"| {rate} | {figures['added_mib']:.0f} |"
            )
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as error:
        sys.exit(f"bench/exports.py: {error}")
