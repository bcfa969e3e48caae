"""Shared helpers for the benchmark scripts: local-only HTTP clients, timing loops and tables.

Every loop here is bounded by a number of requests or seconds, and every target must be on this
machine (127.0.0.0/8, localhost or ::1): these scripts are load generators.
"""

import csv
import http.client
import io
import ipaddress
import json
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_MEETING_SYMBOL = "SYN/PV.1"  # generate_data gives this meeting exactly 200 statements.


class BenchError(Exception):
    """Something the person running the benchmark must fix; printed as one line."""


def local_base_url(url):
    """`url` without a trailing slash, if it points at this machine; BenchError otherwise."""
    parts = urlsplit(url)
    if parts.scheme != "http" or not parts.hostname:
        raise BenchError(f"--base-url must be an http:// URL on this machine, got {url!r}")
    host = parts.hostname
    if host != "localhost":
        try:
            if not ipaddress.ip_address(host).is_loopback:
                raise ValueError
        except ValueError:
            raise BenchError(f"--base-url must point at 127.0.0.1, localhost or ::1, not {host!r}") from None
    return url.rstrip("/")


class Client:
    """One keep-alive HTTP connection, as one user of the API would hold."""

    def __init__(self, base_url, timeout=120):
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port or 80
        self.timeout = timeout
        self.connection = None

    def _connect(self):
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)

    def get(self, path, headers=None):
        """(status, body bytes, seconds) for one GET, reconnecting once if the server closed the connection."""
        for attempt in (1, 2):
            if self.connection is None:
                self._connect()
            started = time.perf_counter()
            try:
                self.connection.request("GET", path, headers=headers or {})
                response = self.connection.getresponse()
                body = response.read()
            except (http.client.HTTPException, ConnectionError, TimeoutError):
                self.close()
                if attempt == 2:
                    raise
                continue
            elapsed = time.perf_counter() - started
            if response.getheader("Connection", "").lower() == "close":
                self.close()
            return response.status, body, elapsed
        raise AssertionError("unreachable")

    def json(self, path):
        status, body, _ = self.get(path, {"Accept": "application/json"})
        if status == 429:
            raise BenchError(f"{path} was throttled (429): start the server with API_ANON_RATE=1000000/minute")
        if status != 200:
            raise BenchError(f"{path} answered HTTP {status}: {body[:200]!r}")
        return json.loads(body)

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None


@dataclass
class Result:
    name: str
    path: str
    latencies: list = field(default_factory=list)  # seconds, one client in sequence
    errors: int = 0
    statuses: dict = field(default_factory=dict)
    concurrent_rps: float | None = None
    concurrent_p95_ms: float | None = None
    concurrent_errors: int = 0
    tool: str = ""
    note: str = ""
    target_p95_ms: float | None = None
    target_rps: float | None = None

    def percentile_ms(self, p):
        return percentile(self.latencies, p) * 1000 if self.latencies else None

    @property
    def sequential_rps(self):
        return len(self.latencies) / sum(self.latencies) if self.latencies else None

    def verdict(self):
        misses = []
        p95 = self.percentile_ms(95)
        if self.target_p95_ms and p95 is not None and p95 > self.target_p95_ms:
            misses.append(f"p95 {p95:.0f} ms > {self.target_p95_ms:.0f} ms")
        if self.target_rps and self.concurrent_rps is not None and self.concurrent_rps < self.target_rps:
            misses.append(f"{self.concurrent_rps:.0f} req/s < {self.target_rps:.0f}")
        if self.errors or self.concurrent_errors:
            misses.append(f"{self.errors + self.concurrent_errors} errors")
        if not (self.target_p95_ms or self.target_rps):
            return "; ".join(misses) or "(no target)"
        return "; ".join(misses) or "meets target"

    def as_dict(self):
        return {
            "name": self.name,
            "path": self.path,
            "requests": len(self.latencies),
            "p50_ms": self.percentile_ms(50),
            "p95_ms": self.percentile_ms(95),
            "p99_ms": self.percentile_ms(99),
            "sequential_rps": self.sequential_rps,
            "concurrent_rps": self.concurrent_rps,
            "concurrent_p95_ms": self.concurrent_p95_ms,
            "errors": self.errors + self.concurrent_errors,
            "statuses": self.statuses,
            "tool": self.tool,
            "note": self.note,
            "verdict": self.verdict(),
        }


def percentile(values, p):
    """The nearest-rank percentile of `values` (0 < p <= 100)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def measure_sequential(base_url, result, requests, warmup=5):
    """One client, one request after another: latency percentiles."""
    client = Client(base_url)
    try:
        for _ in range(warmup):
            client.get(result.path)
        for _ in range(requests):
            status, _, elapsed = client.get(result.path)
            result.statuses[status] = result.statuses.get(status, 0) + 1
            if status == 200:
                result.latencies.append(elapsed)
            else:
                result.errors += 1
    finally:
        client.close()
    if result.statuses.get(429):
        raise BenchError(f"{result.path} was throttled (429): start the server with API_ANON_RATE=1000000/minute")
    return result


def measure_concurrent(base_url, result, clients, seconds, use_wrk=True):
    """`clients` keep-alive connections for `seconds`: requests per second (wrk when installed)."""
    if use_wrk and shutil.which("wrk"):
        return _measure_with_wrk(base_url, result, clients, seconds)
    return _measure_with_threads(base_url, result, clients, seconds)


def _measure_with_threads(base_url, result, clients, seconds):
    deadline = time.perf_counter() + seconds
    latencies, errors = [], [0]
    lock = threading.Lock()

    def worker():
        client = Client(base_url)
        mine, failed = [], 0
        try:
            while time.perf_counter() < deadline:
                try:
                    status, _, elapsed = client.get(result.path)
                except (OSError, http.client.HTTPException):
                    failed += 1
                    continue
                if status == 200:
                    mine.append(elapsed)
                else:
                    failed += 1
        finally:
            client.close()
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    result.concurrent_rps = len(latencies) / elapsed
    result.concurrent_p95_ms = percentile(latencies, 95) * 1000 if latencies else None
    result.concurrent_errors = errors[0]
    result.tool = f"{clients} threads, {seconds:g} s"
    return result


WRK_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _measure_with_wrk(base_url, result, clients, seconds):
    threads = min(clients, 2)
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{clients}",
        f"-d{seconds:g}s",
        "--latency",
        "--timeout",
        "30s",
        base_url + result.path,
    ]
    output = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=True).stdout
    match = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if not match:
        raise BenchError(f"could not read wrk's output: {output[-300:]!r}")
    result.concurrent_rps = float(match.group(1))
    # wrk prints 50/75/90/99%; the 90% and 99% bracket the p95 we report elsewhere.
    found = dict(re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+(?:us|ms|s))", output, re.MULTILINE))
    if "99" in found:
        value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", found["99"]).groups()
        result.concurrent_p95_ms = float(value) * WRK_UNITS[unit]  # reported as the p99, an upper bound
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    result.concurrent_errors = (int(bad.group(1)) if bad else 0) + (
        sum(int(n) for n in socket_errors.groups()) if socket_errors else 0
    )
    result.tool = f"wrk -t{threads} -c{clients} -d{seconds:g}s (p99 shown)"
    return result


def measure_csv_export(base_url, path, seconds):
    """Stream a CSV export, parse it row by row, and return (rows, seconds, how it ended).

    How it ended: "complete", "stopped" (our time limit) or "cut off by the server" (e.g. a
    gunicorn worker timeout).
    """
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=120)
    started = time.perf_counter()
    rows, ended = 0, "complete"
    try:
        connection.request("GET", path, headers={"Accept": "text/csv"})
        response = connection.getresponse()
        if response.status != 200:
            raise BenchError(f"{path} answered HTTP {response.status}: {response.read(200)!r}")
        reader = csv.reader(io.TextIOWrapper(response, encoding="utf-8", newline=""))
        next(reader, None)  # the header
        deadline = started + seconds
        try:
            for _ in reader:
                rows += 1
                if rows % 1000 == 0 and time.perf_counter() > deadline:
                    ended = "stopped"
                    break
        except (http.client.IncompleteRead, ConnectionError):
            ended = "cut off by the server"
    finally:
        connection.close()
    return rows, time.perf_counter() - started, ended


def fmt(value, digits=1):
    if value is None:
        return "–"
    return f"{value:,.{digits}f}"


def print_table(results, out=sys.stdout):
    """A Markdown table, ready to paste into bench/README.md."""
    out.write(
        "| what | requests | p50 ms | p95 ms | p99 ms | req/s, 1 client | req/s, concurrent | verdict |\n"
        "|---|---:|---:|---:|---:|---:|---:|---|\n"
    )
    for r in results:
        out.write(
            f"| {r.name} | {len(r.latencies)} | {fmt(r.percentile_ms(50))} | {fmt(r.percentile_ms(95))} | "
            f"{fmt(r.percentile_ms(99))} | {fmt(r.sequential_rps, 0)} | {fmt(r.concurrent_rps, 0)} | {r.verdict()} |\n"
        )


def run_generate_data(statements, seed=1):
    """Fill DATABASE_URL's database with `statements` synthetic statements (replacing earlier ones)."""
    command = [
        sys.executable,
        str(ROOT / "manage.py"),
        "generate_data",
        "--clear",
        "--statements",
        str(statements),
        "--seed",
        str(seed),
    ]
    print("$", " ".join(command[1:]), file=sys.stderr)
    completed = subprocess.run(command, cwd=ROOT, text=True, stdout=subprocess.PIPE)
    if completed.returncode:
        raise BenchError(f"generate_data failed with exit code {completed.returncode}")
    print(completed.stdout, end="", file=sys.stderr)
    return completed.stdout


def find_bench_meeting(client):
    """The id of the synthetic meeting with 200 statements, found through the API's symbol filter."""
    data = client.json(f"/api/v1/meetings/?symbol={BENCH_MEETING_SYMBOL}")
    results = data.get("results", data) if isinstance(data, dict) else data
    if not results:
        raise BenchError(f"no meeting {BENCH_MEETING_SYMBOL}: run `manage.py generate_data --statements N` first")
    return results[0]["id"]


def median(values):
    return statistics.median(values) if values else None
