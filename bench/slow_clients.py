"""Slow readers of exports must not take the site: other requests keep their normal latency.

Run by hand, not in CI (see bench/README.md), against a PostgreSQL database filled by
`manage.py generate_data`:

    CACHE_URL=redis://127.0.0.1:6379/11 \
    .venv/bin/python bench/slow_clients.py --database-url postgres://postgres@127.0.0.1:5432/bench

CACHE_URL names the cache every worker shares, where the export slots are counted (without it,
locmem://, each worker counts its own and lets through EXPORTS_ANONYMOUS exports of its own).

The script starts gunicorn as the Dockerfile runs it (gthread workers, no proxy in front) on
127.0.0.1 and a free port, then:

1. baseline: probe requests (a page of statements), one after another, for --baseline seconds;
2. load: --readers anonymous clients ask for `/api/v1/statements/?format=csv`, each from its own
   loopback address (127.0.0.2, 127.0.0.3, …: one client each, as on the internet), with a small
   receive buffer, and read --rate bytes per second; a reader that is refused (429) asks again a
   second later. Meanwhile the same probes run for --seconds, and the longest transaction open in
   the database is sampled every second (pg_stat_activity).

It prints, for the baseline and under load: probes answered, p50 and p95 latency; then the
readers' answers (200 or 429) and the longest open transaction seen. Exit status 1 when a probe
under load went unanswered.
"""

import argparse
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import BenchError, percentile  # noqa: E402
from bench.restart import free_port, send, server_environment, start_server, stop_server  # noqa: E402

PROBE = "/api/v1/statements/?page_size=20"
EXPORT = "/api/v1/statements/?format=csv"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True, help="A PostgreSQL database filled by generate_data.")
    parser.add_argument("--readers", type=int, default=16, help="Slow readers of the CSV export (16).")
    parser.add_argument("--rate", type=int, default=16, help="Bytes per second each reader reads (16).")
    parser.add_argument("--seconds", type=float, default=40, help="Seconds of probes under load (40).")
    parser.add_argument("--baseline", type=float, default=10, help="Seconds of probes before the load (10).")
    parser.add_argument("--interval", type=float, default=0.5, help="Seconds between probes (0.5).")
    parser.add_argument("--timeout", type=float, default=10, help="A probe unanswered after this fails (10 s).")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2, as docker-compose).")
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker (4, as the Dockerfile).")
    return parser.parse_args(argv)


def probe(port, seconds, interval, timeout):
    """Latencies (s) of the probes answered 200, and how many were sent."""
    latencies, sent = [], 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        sent += 1
        start = time.monotonic()
        try:
            status, _ = send("127.0.0.1", port, "GET", PROBE, timeout=timeout)
        except OSError:
            status = None
        if status == 200:
            latencies.append(time.monotonic() - start)
        time.sleep(max(0.0, interval - (time.monotonic() - start)))
    return latencies, sent


def slow_reader(port, address, rate, stop, statuses):
    """Ask for the export from `address` and read `rate` bytes a second until `stop`; again when refused."""
    while not stop.is_set():
        with socket.socket() as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # little buffered for the client
            sock.bind((address, 0))
            sock.settimeout(30)
            try:
                sock.connect(("127.0.0.1", port))
                sock.sendall(f"GET {EXPORT} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
                head = sock.recv(rate)
                statuses.append(head.split(b" ", 2)[1].decode() if head.startswith(b"HTTP/") else "no answer")
                if not head.startswith(b"HTTP/1.1 200"):
                    stop.wait(1)
                    continue
                while not stop.is_set() and sock.recv(rate):
                    stop.wait(1)
            except OSError as error:
                statuses.append(type(error).__name__)
                stop.wait(1)


def longest_transaction(database_url, stop, samples):
    """Every second, the age in seconds of the oldest open transaction in the database (0: none)."""
    import psycopg2

    connection = psycopg2.connect(database_url)
    connection.autocommit = True
    try:
        while not stop.is_set():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT coalesce(max(extract(epoch FROM now() - xact_start)), 0) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
                samples.append(float(cursor.fetchone()[0]))
            stop.wait(1)
    finally:
        connection.close()


def report(name, latencies, sent):
    if latencies:
        p50, p95 = percentile(latencies, 50) * 1000, percentile(latencies, 95) * 1000
        figures = f"p50 {p50:.0f} ms, p95 {p95:.0f} ms"
    else:
        figures = "no latency: nothing answered"
    print(f"- {name}: {len(latencies)} of {sent} probes answered; {figures}")


def main(argv=None):
    args = parse_args(argv)
    settings = SimpleNamespace(
        database_url=args.database_url, workers=args.workers, threads=args.threads, conn_max_age=60, health_checks=None
    )
    env = server_environment(settings)
    port = free_port()
    log_path = Path(tempfile.gettempdir()) / f"slow-clients-{port}.log"
    server = start_server(settings, env, port, log_path)
    try:
        print(f"- server: gunicorn, {args.workers} gthread workers × {args.threads} threads, no proxy")
        probe(port, 2, args.interval, args.timeout)  # warm-up: the first requests of each thread are slower
        report("baseline", *probe(port, args.baseline, args.interval, args.timeout))
        stop, statuses, samples = threading.Event(), [], []
        threads = [
            threading.Thread(target=slow_reader, args=(port, f"127.0.0.{2 + n}", args.rate, stop, statuses))
            for n in range(args.readers)
        ]
        threads.append(threading.Thread(target=longest_transaction, args=(args.database_url, stop, samples)))
        for thread in threads:
            thread.start()
        time.sleep(2)  # the readers have asked and are reading
        latencies, sent = probe(port, args.seconds, args.interval, args.timeout)
        stop.set()
        for thread in threads:
            thread.join()
        report(f"{args.readers} slow readers at {args.rate} bytes/s", latencies, sent)
        answers = {status: statuses.count(status) for status in sorted(set(statuses))}
        print(f"- the readers' answers: {answers}")
        print(f"- longest transaction open in the database meanwhile: {max(samples, default=0):.1f} s")
    finally:
        stop_server(server)
    return 0 if len(latencies) == sent else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(2)
