"""The workload of compare_datasette.sh, with the servers taking turns cell by cell.

    python3 bench/interleaved.py COMPARE_OUT_DIR DATABASE_URL --project after=. [--project before=/tmp/old]
        [--cache-on after] [--rounds 2] [--seconds 10] [--only list_country,detail] [--json results.json]
    python3 bench/interleaved.py --merge results.json more.json   # medians over the runs of both

`../shared/bench/compare_datasette.sh` measures every Datasette cell first, then every cell of the
project: on this shared machine the speed moves by a third within minutes (bench/README.md), so
a slow minute lands on one side and shows as a ratio. Here each cell (request type x connections)
is run against every server in turn, round after round, the order reversed every other round,
and the table gives each server's median. It reuses what a compare_datasette.sh run left in its OUT_DIR:
the SQLite copy of the rows (`ds/statements.db`), the request lists (`project.tsv`,
`datasette.tsv`) and wrk's script, with its fixed random seeds, from the same folder.

Servers, all started here and stopped at the end: Datasette as that script serves it, and for each
`--project NAME=DIR` a gunicorn of that checkout as docker-compose runs it (2 gthread workers x 4
threads), its response cache off; `--cache-on NAME` adds that checkout once more with the cache
on. Each project server counts in a Redis database of its own (CACHE_URL's host, databases 11
and up, emptied first), so that one does not find the counts another cached. Needs wrk, Redis
and the checkouts' .venv; loopback only.
"""

import argparse
import csv
import json
import os
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "bench"
REDIS = "redis://127.0.0.1:6379"
FIRST_PORT = 8931


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="The OUT_DIR of a compare_datasette.sh run.")
    parser.add_argument("database_url", help="The project's database, the one that run copied.")
    parser.add_argument("--project", action="append", required=True, metavar="NAME=DIR", help="A checkout to measure.")
    parser.add_argument("--cache-on", action="append", default=[], metavar="NAME", help="Also with its cache on.")
    parser.add_argument("--rounds", type=int, default=2, help="Turns of every cell (2).")
    parser.add_argument("--seconds", type=int, default=10, help="wrk's duration per cell (10, as the script).")
    parser.add_argument("--conns", default="8 32", help='Connections ("8 32").')
    parser.add_argument("--only", metavar="TYPES", help="Request types to run, comma-separated (all by default).")
    parser.add_argument("--wrk-script", type=Path, default=SHARED / "wrk_report.lua")
    parser.add_argument("--json", type=Path, help="Write every measurement here.")
    return parser.parse_args(argv)


def requests(path):
    """{request type: (path, max id)} of a .tsv of compare_datasette.sh."""
    found = {}
    with open(path) as f:
        for name, template, *maximum in csv.reader(f, delimiter="\t"):
            found[name] = (template, int(maximum[0]) if maximum else 0)
    return found


def wait_until_up(url, process, seconds=90):
    for _ in range(seconds * 2):
        if process.poll() is not None:
            raise SystemExit(f"the server for {url} exited; see its log")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{url} did not answer within {seconds} s")


class Servers:
    def __init__(self, out):
        self.out = out
        self.processes = []

    def start(self, command, log_name, health, env=None, cwd=None):
        log = open(self.out / log_name, "w")
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=cwd)
        self.processes.append(process)
        wait_until_up(health, process)

    def stop(self):
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def start_all(args, servers):
    """[(name, base URL, request list)], Datasette first."""
    port = FIRST_PORT
    ds = args.out / "ds"
    datasette = Path(os.environ.get("BENCH_VENV", "/tmp/bench-venv")) / "bin" / "datasette"
    serve = [str(datasette), "serve", "-i", "statements.db", "--inspect-file", "counts.json"]
    servers.start(
        [*serve, "-h", "127.0.0.1", "-p", str(port), "--setting", "max_csv_mb", "0"],
        "interleaved-datasette.log",
        f"http://127.0.0.1:{port}/-/versions.json",
        cwd=ds,
    )
    started = [("datasette", f"http://127.0.0.1:{port}", requests(args.out / "datasette.tsv"))]
    checkouts = dict(item.split("=", 1) for item in args.project)
    wanted = [(name, directory, 0) for name, directory in checkouts.items()]
    wanted += [(name, checkouts[name], None) for name in args.cache_on]
    for number, (name, directory, cache_seconds) in enumerate(wanted):
        port += 1
        redis_db = 11 + number
        subprocess.run(["redis-cli", "-n", str(redis_db), "flushdb"], check=True, stdout=subprocess.DEVNULL)
        env = dict(os.environ)
        env.update(
            DATABASE_URL=args.database_url,
            DEBUG="0",
            SECRET_KEY="interleaved-not-secret",
            ALLOWED_HOSTS="127.0.0.1",
            API_ANON_RATE="1000000000/minute",
            CACHE_URL=f"{REDIS}/{redis_db}",
        )
        env.pop("API_CACHE_SECONDS", None)
        if cache_seconds is not None:
            env["API_CACHE_SECONDS"] = str(cache_seconds)
        label = f"{name} cache {'off' if cache_seconds == 0 else 'on'}"
        checkout = Path(directory).resolve()
        subprocess.run(
            [checkout / ".venv/bin/python", "manage.py", "collectstatic", "--noinput", "-v0"],
            env=env,
            cwd=checkout,
            check=True,
        )
        gunicorn = [str(checkout / ".venv/bin/gunicorn"), "diplomacy.wsgi:application", "--bind", f"127.0.0.1:{port}"]
        gunicorn += ["--workers", "2", "--worker-class", "gthread", "--threads", "4", "--timeout", "120"]
        servers.start(
            gunicorn, f"interleaved-{name}-{number}.log", f"http://127.0.0.1:{port}/healthz", env=env, cwd=checkout
        )
        started.append((label, f"http://127.0.0.1:{port}", requests(args.out / "project.tsv")))
    return started


def run_wrk(args, base, path, maximum, conns, seconds=None):
    command = ["wrk", "-t2", f"-c{conns}", f"-d{seconds or args.seconds}s", "--timeout", "5s", "--latency"]
    command += ["-s", str(args.wrk_script), base, "--", path, str(maximum), "cell"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next((line for line in output.splitlines() if line.startswith("RESULT")), None)
    if line is None:
        raise SystemExit(f"wrk gave no RESULT for {base}{path}:\n{output}")
    values = dict(field.split("=", 1) for field in line.split()[1:])
    if int(values["non200"]) or any(int(values[key]) for key in ("err_connect", "err_read", "err_timeout")):
        print(f"  note: {base}{path} c{conns}: {line}", file=sys.stderr)
    return {"rps": float(values["rps"]), "p95_ms": float(values["p95_ms"])}


def measure(args, started):
    """{(server, type, conns): [measurement per round]}."""
    results = {}
    types = [name for name in started[0][2] if not args.only or name in args.only.split(",")]
    # Every server has just started: a first pass of each request type loads its code, connects
    # to the database and fills the caches a running server has, and is not counted.
    for _, base, paths in started:
        for name in types:
            run_wrk(args, base, *paths[name], 8, seconds=3)
    for round_number in range(args.rounds):
        # Reversed every other round: a server that runs right after another finds the rows those
        # same URLs read in PostgreSQL's buffers, and should not always be the same one.
        order = started if round_number % 2 == 0 else started[::-1]
        for name in types:
            for conns in args.conns.split():
                for label, base, paths in order:
                    path, maximum = paths[name]
                    result = run_wrk(args, base, path, maximum, int(conns))
                    results.setdefault((label, name, conns), []).append(result)
                    figures = f"{result['rps']:8.1f} req/s  p95 {result['p95_ms']:7.1f} ms"
                    print(f"round {round_number + 1} {name:14} c{conns:>2} {label:22} {figures}", flush=True)
    return results


def table(started, results):
    labels = [label for label, _, _ in started]
    header = "| request | conns | " + " | ".join(f"{label} req/s (p95 ms)" for label in labels)
    header += " | " + " | ".join(f"{label} / Datasette" for label in labels[1:]) + " |"
    lines = [header, "|---|---:|" + "---:|" * (2 * len(labels) - 1)]
    keys = sorted(
        {(name, conns) for _, name, conns in results}, key=lambda key: (list(started[0][2]).index(key[0]), int(key[1]))
    )
    for name, conns in keys:
        medians = [statistics.median(r["rps"] for r in results[(label, name, conns)]) for label in labels]
        p95s = [statistics.median(r["p95_ms"] for r in results[(label, name, conns)]) for label in labels]
        cells = [f"{rps:.0f} ({p95:.0f})" for rps, p95 in zip(medians, p95s, strict=True)]
        ratios = [f"{rps / medians[0]:.2f}" for rps in medians[1:]]
        lines.append(f"| {name} | {conns} | " + " | ".join(cells + ratios) + " |")
    return "\n".join(lines)


def merged(paths):
    """The table of the medians over every run in `--json` files of earlier runs (the same servers)."""
    results, order = {}, {}
    for path in paths:
        for row in json.loads(Path(path).read_text()):
            results.setdefault((row["server"], row["request"], row["conns"]), []).extend(row["runs"])
            order.setdefault(row["server"], {})[row["request"]] = None
    started = [(label, None, requests) for label, requests in order.items()]
    return table(started, results)


def main(argv=None):
    if argv is None and sys.argv[1:2] == ["--merge"]:
        # interleaved.py --merge A.json B.json: one table from several runs.
        print(merged(sys.argv[2:]))
        return
    args = parse_args(argv)
    servers = Servers(args.out)
    try:
        started = start_all(args, servers)
        results = measure(args, started)
    finally:
        servers.stop()
    print()
    print(f"Medians of {args.rounds} rounds, {args.seconds} s per cell and server:")
    print(table(started, results))
    if args.json:
        rows = [{"server": s, "request": n, "conns": c, "runs": runs} for (s, n, c), runs in results.items()]
        args.json.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
