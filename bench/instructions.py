"""Instructions per API request, counted by valgrind: a figure this machine's noise does not move.

Run by hand, not in CI (see bench/README.md); needs valgrind (apt-get install valgrind):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_200k CACHE_URL=redis://127.0.0.1:6379/1 \\
        .venv/bin/python bench/instructions.py "/api/v1/statements/{id}/" --requests 60 --max-id 200000

On this shared two-core machine the time of the same request moves by a third from one minute to
the next, so a change of 5% cannot be seen in requests per second or in CPU time. The number of
instructions the Python process executes for the same requests is the same from run to run (with a
fixed PYTHONHASHSEED): this script runs the app twice under callgrind, once for a warm-up alone and
once for the warm-up and `--requests` more (each `{id}` a random id from a fixed seed), and prints
the difference per request. Requests go to Django's WSGI handler in this process, as gunicorn
hands them over: every middleware, DRF, the queries' Python side; not the database server, Redis
or gunicorn. Under valgrind a run takes about 50 times as long.
"""

import argparse
import io
import os
import random
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.cpu import setup_django  # noqa: E402

WARMUP = 30


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", help="The request's path and query; {id} becomes a random id.")
    parser.add_argument("--requests", type=int, default=60, help="Requests counted (60).")
    parser.add_argument("--max-id", type=int, default=200_000, help="Largest id for {id} (200000).")
    parser.add_argument("--child", type=int, metavar="N", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def serve(path, requests, max_id):
    """Answer WARMUP + `requests` GETs of `path` with the app, in this process."""
    # As bench/cpu.py and compare_datasette.sh serve it: the rate limit lifted, the response cache off.
    setup_django()
    from django.core.wsgi import get_wsgi_application

    app = get_wsgi_application()

    def start_response(status, headers, exc_info=None):
        if not status.startswith("200"):
            raise SystemExit(f"{path} answered {status}")

    def get(rnd):
        target, _, query = path.replace("{id}", str(rnd.randint(1, max_id))).partition("?")
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": target,
            "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "HTTP_HOST": "127.0.0.1:8000",
            "REMOTE_ADDR": "127.0.0.1",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.input": io.BytesIO(b""),
            "wsgi.url_scheme": "http",
        }
        body = app(environ, start_response)
        for _ in body:
            pass
        body.close()

    warm = random.Random(7)
    for _ in range(WARMUP):
        get(warm)
    measured = random.Random(1)
    for _ in range(requests):
        get(measured)


def instructions(args, requests):
    """Instructions of a whole run with `requests` counted requests, as callgrind reports them."""
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, __file__]
    command += [args.path, "--max-id", str(args.max_id), "--child", str(requests)]
    run = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    found = re.search(r"Collected : (\d+)", run.stderr)
    if run.returncode or not found:
        raise SystemExit(f"the run under valgrind failed:\n{run.stderr[-2000:]}")
    return int(found.group(1))


def main(argv=None):
    args = parse_args(argv)
    if args.child is not None:
        serve(args.path, args.child, args.max_id)
        return 0
    if args.requests < 1:
        raise SystemExit("--requests must be at least 1")
    base = instructions(args, 0)
    total = instructions(args, args.requests)
    print(f"{args.path}: {(total - base) / args.requests / 1000:,.0f} thousand instructions per request")
    return 0


if __name__ == "__main__":
    sys.exit(main())
