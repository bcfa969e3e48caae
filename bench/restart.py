"""Keep serving through a PostgreSQL restart, and lose no acknowledged write.

Run by hand, not in CI (see bench/README.md), against a database you may restart:

    .venv/bin/python bench/restart.py --database-url postgres://postgres@127.0.0.1:5433/faults

The script migrates the database, creates an editor with an API token, starts gunicorn as the
Dockerfile runs it (gthread workers) on 127.0.0.1 and a free port, and for each scenario runs a
bounded load of reads and writes through it while PostgreSQL is restarted in the middle:

- restart:      the restart command (a fast restart: sessions are cut, the server comes back);
- stop-start:   the stop command, a pause of --down-seconds, the start command;
- idle-restart: the clients pause, the database restarts, the clients resume. Every pooled
                connection is then stale; without health checks the first request on each fails.

Every request is recorded (start, end, status or connection error; for a write its marker and
the id returned). The report gives, per scenario, the restart window (from issuing the command
to PostgreSQL accepting connections again), the failure window, failures outside the restart
window (plus --margin), the time to the first success once the database is back, and then
checks every acknowledged write (HTTP 201) against the database. Exit status 1 when a failure
fell outside a restart window or an acknowledged write is missing; 2 for a usage problem.

The restart commands default to `pg_ctlcluster VERSION NAME restart|stop|start -m fast` for the
Debian cluster listening on the URL's port (`pg_lsclusters`); elsewhere pass them, e.g.
`--restart-command 'systemctl restart postgresql'`.
"""

import argparse
import http.client
import itertools
import json
import os
import re
import secrets
import shlex
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, BenchError  # noqa: E402

SCENARIOS = ("restart", "stop-start", "idle-restart")
EDITOR_USERNAME = "restart-bench-editor"
MARKER_PREFIX = "Restart probe"
PROBE_INTERVAL = 0.05  # seconds between attempts to connect while waiting for PostgreSQL


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL"),
        help="PostgreSQL database the app uses and the script restarts (default: $DATABASE_URL).",
    )
    parser.add_argument("--restart-command", help="Restarts PostgreSQL (default: pg_ctlcluster … restart -m fast).")
    parser.add_argument("--stop-command", help="Stops PostgreSQL (default: pg_ctlcluster … stop -m fast).")
    parser.add_argument("--start-command", help="Starts PostgreSQL (default: pg_ctlcluster … start).")
    parser.add_argument(
        "--scenario", choices=SCENARIOS, action="append", help="Run only this scenario (repeatable; default all)."
    )
    parser.add_argument("--seconds", type=float, default=20, help="Load per scenario; the fault is in the middle (20).")
    parser.add_argument("--down-seconds", type=float, default=3, help="How long stop-start leaves it down (3).")
    parser.add_argument("--readers", type=int, default=4, help="Client threads sending reads (4).")
    parser.add_argument("--writers", type=int, default=2, help="Client threads sending writes (2).")
    parser.add_argument("--interval", type=float, default=0.05, help="Least seconds between one thread's requests.")
    parser.add_argument("--timeout", type=float, default=30, help="Client timeout per request, seconds (30).")
    parser.add_argument("--margin", type=float, default=1.0, help="Failures this long after the window count in it.")
    parser.add_argument("--conn-max-age", type=int, default=60, help="CONN_MAX_AGE for the server (60).")
    parser.add_argument(
        "--health-checks",
        choices=("on", "off"),
        help="CONN_HEALTH_CHECKS=1 or 0 for the server (default: as the environment and settings say).",
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2, as docker-compose).")
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker (4, as the Dockerfile).")
    parser.add_argument("--keep-writes", action="store_true", help="Leave the probe statements in the database.")
    args = parser.parse_args(argv)
    if not args.database_url or urlsplit(args.database_url).scheme not in ("postgres", "postgresql"):
        parser.error("--database-url (or DATABASE_URL) must be a postgres:// URL")
    if args.readers < 0 or args.writers < 1 or args.seconds <= 0 or args.interval < 0:
        parser.error("need at least one writer, a positive --seconds and a non-negative --interval")
    args.scenario = args.scenario or list(SCENARIOS)
    return args


# PostgreSQL control.


def cluster_on_port(listing, port):
    """(version, name) of the cluster in `pg_lsclusters --no-header` output that listens on `port`."""
    for line in listing.splitlines():
        fields = line.split()
        if len(fields) >= 3 and fields[2] == str(port):
            return fields[0], fields[1]
    return None


def fault_commands(args):
    """The restart, stop and start commands: those given, else pg_ctlcluster for the URL's cluster."""
    given = {"restart": args.restart_command, "stop": args.stop_command, "start": args.start_command}
    if all(given.values()):
        return given
    parts = urlsplit(args.database_url)
    if parts.hostname not in ("127.0.0.1", "localhost", "::1", None):
        raise BenchError("the database is not on this machine: pass --restart-command, --stop-command, --start-command")
    try:
        listing = subprocess.run(["pg_lsclusters", "--no-header"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        raise BenchError("pg_lsclusters failed: pass --restart-command, --stop-command and --start-command") from None
    cluster = cluster_on_port(listing, parts.port or 5432)
    if cluster is None:
        raise BenchError(f"no PostgreSQL cluster listens on port {parts.port or 5432} here: pass the commands")
    base = "pg_ctlcluster {} {}".format(*cluster)
    defaults = {"restart": f"{base} restart -m fast", "stop": f"{base} stop -m fast", "start": f"{base} start"}
    return {step: given[step] or defaults[step] for step in given}


def run_command(command):
    try:
        completed = subprocess.run(shlex.split(command), capture_output=True, text=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise BenchError(f"`{command}` could not run: {error}") from None
    if completed.returncode:
        output = (completed.stderr or completed.stdout).strip().splitlines()
        raise BenchError(f"`{command}` failed with exit code {completed.returncode}: {output[-1] if output else ''}")


def database_answers(database_url):
    import psycopg2

    try:
        connection = psycopg2.connect(database_url, connect_timeout=2)
    except psycopg2.Error:
        return False
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except psycopg2.Error:
        return False
    finally:
        connection.close()


def fault(database_url, steps):
    """Run `steps` (commands, or pauses in seconds) in the background; return (issued, back) monotonic times.

    `back` is when a new connection first succeeds after one has failed, or after the steps
    finished if no attempt happened to fall in the outage.
    """
    done, failure = threading.Event(), []

    def perform():
        try:
            for step in steps:
                if isinstance(step, str):
                    run_command(step)
                else:
                    time.sleep(step)
        except BenchError as error:
            failure.append(error)
        finally:
            done.set()

    issued = time.monotonic()
    threading.Thread(target=perform, daemon=True).start()
    seen_down = False
    deadline = issued + 300
    while time.monotonic() < deadline:
        attempt = time.monotonic()
        if database_answers(database_url):
            if seen_down or done.is_set():
                if failure:
                    raise failure[0]
                if not done.is_set():
                    done.wait(300)  # the command is still reporting; PostgreSQL is already up
                return issued, attempt
        else:
            seen_down = True
        time.sleep(max(0.0, attempt + PROBE_INTERVAL - time.monotonic()))
    raise BenchError("PostgreSQL did not accept connections within 300 s of the restart")


# The server.


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_environment(args):
    env = dict(os.environ)
    env.update(
        DATABASE_URL=args.database_url,
        DEBUG="0",
        SECRET_KEY=os.environ.get("SECRET_KEY") or secrets.token_urlsafe(32),
        ALLOWED_HOSTS="127.0.0.1",
        API_ANON_RATE="1000000/minute",  # the load comes from one address; throttling is not under test
        # Limits counted per worker are fine here; gunicorn.conf.py refuses several workers without this.
        CACHE_URL=os.environ.get("CACHE_URL") or "locmem://",
        CONN_MAX_AGE=str(args.conn_max_age),
    )
    if args.health_checks:
        env["CONN_HEALTH_CHECKS"] = "1" if args.health_checks == "on" else "0"
    return env


def manage(env, *arguments):
    completed = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *arguments], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if completed.returncode:
        lines = (completed.stderr or completed.stdout).strip().splitlines()
        raise BenchError(f"manage.py {' '.join(arguments)} failed: {lines[-1] if lines else completed.returncode}")


def setup_django(env):
    """Django in this process, with the server's settings: to create the editor and check the writes."""
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diplomacy.settings")
    import django

    django.setup()


def make_editor():
    """An editor (in the editors' group when roles exist, else a staff user) and its API token."""
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    user, _ = get_user_model().objects.get_or_create(username=EDITOR_USERNAME)
    try:
        from statements.roles import grant_role
    except ImportError:  # before the roles existed, editors were staff users
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    else:
        grant_role(user, "editor")
    token, _ = Token.objects.get_or_create(user=user)
    return token.key


def targets():
    """A statement to read and the meeting, date and party that writes copy from it."""
    from statements.models import Statement

    statement = Statement.objects.filter(meeting__isnull=False).select_related("party").order_by("pk").first()
    if statement is None:
        raise BenchError("the database has no statement: run `manage.py load_demo` or `generate_data` first")
    write = {"meeting": statement.meeting_id, "date": statement.date.isoformat(), "kind": "direct"}
    if statement.party:
        write["party"] = statement.party.code
    return statement.pk, write


def start_server(args, env, port, log_path):
    # The command of the Dockerfile and docker-compose.yml, on a local address.
    command = [
        sys.executable, "-m", "gunicorn", "diplomacy.wsgi:application",
        "--bind", f"127.0.0.1:{port}",
        "--workers", str(args.workers), "--worker-class", "gthread", "--threads", str(args.threads),
        "--timeout", "120", "--access-logfile", "-",
    ]  # fmt: skip
    with open(log_path, "w") as log:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise BenchError(f"gunicorn exited with code {server.returncode}; see {log_path}")
        try:
            if send("127.0.0.1", port, "GET", "/api/v1/", timeout=5)[0] == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    stop_server(server)
    raise BenchError(f"gunicorn did not answer within 60 s; see {log_path}")


def stop_server(server):
    server.terminate()
    try:
        server.wait(30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


# The load.


def send(host, port, method, path, body=None, headers=None, timeout=30):
    """(status, body) over a fresh connection, so that a keep-alive quirk is never taken for a fault."""
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers={"Connection": "close", **(headers or {})})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@dataclass
class Record:
    kind: str
    start: float
    end: float
    status: int | None  # None: no HTTP answer
    error: str = ""
    marker: str = ""
    statement_id: int | None = None

    @property
    def ok(self):
        return self.status is not None and 200 <= self.status < 300

    @property
    def outcome(self):
        return str(self.status) if self.status is not None else self.error


class Load:
    """Client threads sending paced requests until stopped, with a pause switch for idle-restart."""

    def __init__(self, args, port, reads, write_payload, token, scenario, run_id):
        self.args, self.port, self.reads = args, port, reads
        self.write_payload, self.token = write_payload, token
        self.scenario, self.run_id = scenario, run_id
        self.records, self.lock = [], threading.Lock()
        self.stop, self.paused = threading.Event(), threading.Event()
        self.in_flight, self.writes_sent = 0, 0
        self.threads = [threading.Thread(target=self.read_loop, args=(n,)) for n in range(args.readers)]
        self.threads += [threading.Thread(target=self.write_loop) for _ in range(args.writers)]

    def start(self):
        for thread in self.threads:
            thread.start()

    def finish(self):
        self.stop.set()
        for thread in self.threads:
            thread.join()

    def quiesce(self, limit=60):
        """Pause the clients and wait for the requests under way to end."""
        self.paused.set()
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            with self.lock:
                if self.in_flight == 0:
                    return
            time.sleep(0.01)
        raise BenchError(f"requests were still running {limit} s after the clients paused")

    def paced(self, one_request):
        next_start = time.monotonic()
        while not self.stop.is_set():
            with self.lock:  # checked and counted together, so that quiesce() cannot miss a request
                paused = self.paused.is_set()
                if not paused:
                    self.in_flight += 1
            if paused:
                time.sleep(0.01)
                next_start = time.monotonic()
                continue
            try:
                record = one_request()
            finally:
                with self.lock:
                    self.in_flight -= 1
            with self.lock:
                self.records.append(record)
            # At most one request per interval; after a slow one, the next goes at once, with no catching up.
            next_start = max(next_start + self.args.interval, time.monotonic())
            self.stop.wait(max(0.0, next_start - time.monotonic()))

    def request(self, kind, method, path, body=None, headers=None, marker=""):
        start = time.monotonic()
        try:
            status, content = send("127.0.0.1", self.port, method, path, body, headers, self.args.timeout)
        except (OSError, http.client.HTTPException) as error:
            return Record(kind, start, time.monotonic(), None, type(error).__name__, marker)
        record = Record(kind, start, time.monotonic(), status, marker=marker)
        if kind == "write" and status == 201:
            record.statement_id = json.loads(content)["id"]
        return record

    def read_loop(self, offset):
        turns = itertools.count(offset)  # each reader starts at a different path

        def one():
            kind, path = self.reads[next(turns) % len(self.reads)]
            return self.request(kind, "GET", path)

        self.paced(one)

    def write_loop(self):
        def one():
            with self.lock:
                self.writes_sent += 1
                marker = f"{MARKER_PREFIX} {self.run_id}-{self.scenario}-{self.writes_sent}"
            body = json.dumps({**self.write_payload, "text": f"{marker}: we object."})
            headers = {"Authorization": f"Token {self.token}", "Content-Type": "application/json"}
            return self.request("write", "POST", "/api/v1/statements/", body, headers, marker)

        self.paced(one)


def preflight(port, reads, write_payload, token):
    """One read of each kind and one write must succeed before the database is touched."""
    for _, path in reads:
        status, content = send("127.0.0.1", port, "GET", path)
        if status != 200:
            raise BenchError(f"GET {path} answered {status} before any restart: {content[:200]!r}")
    body = json.dumps({**write_payload, "text": f"{MARKER_PREFIX} preflight: we object."})
    headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
    status, content = send("127.0.0.1", port, "POST", "/api/v1/statements/", body, headers)
    if status != 201:
        raise BenchError(f"the editor's write answered {status} before any restart: {content[:200]!r}")
    from django.db import connection

    delete_probes(f"{MARKER_PREFIX} preflight")
    connection.close()  # not to be cut by the restart


@dataclass
class Outcome:
    """One scenario's records and its timeline (monotonic seconds)."""

    name: str
    records: list
    started: float
    issued: float  # the fault command was issued
    back: float  # PostgreSQL accepted a connection again
    resumed: float | None = None  # idle-restart: the clients resumed

    def failed(self):
        return [r for r in self.records if not r.ok]

    def outside(self, margin):
        """Failed requests that did not overlap the restart window, widened by `margin` after it."""
        return [r for r in self.failed() if r.end < self.issued or r.start > self.back + margin]

    def first_success_after(self, writes):
        """Seconds from PostgreSQL being back (or the clients resuming) to the end of the first
        success that started after it."""
        since = self.resumed or self.back
        ends = [r.end for r in self.records if r.ok and r.start >= since and (r.kind == "write") == writes]
        return min(ends) - since if ends else None


def run_scenario(args, commands, port, reads, write_payload, token, scenario, run_id):
    load = Load(args, port, reads, write_payload, token, scenario, run_id)
    started, resumed = time.monotonic(), None
    load.start()
    try:
        time.sleep(args.seconds / 2)
        if scenario == "restart":
            issued, back = fault(args.database_url, [commands["restart"]])
        elif scenario == "stop-start":
            issued, back = fault(args.database_url, [commands["stop"], args.down_seconds, commands["start"]])
        else:
            load.quiesce()
            issued, back = fault(args.database_url, [commands["restart"]])
            # Resume once the database has been back for longer than the margin, so that any
            # failure from here on is one the app caused, not the outage.
            time.sleep(max(0.0, back + args.margin + 0.5 - time.monotonic()))
            resumed = time.monotonic()
            load.paused.clear()
        time.sleep(max(0.0, started + args.seconds - time.monotonic()))
    finally:
        load.finish()
    return Outcome(scenario, load.records, started, issued, back, resumed)


# The report.


def summarise(outcome, margin):
    """Print one scenario's figures; return the number of failures that count against the app:
    outside the restart window, or without an HTTP answer (a hung or crashed worker)."""
    records, failed, outside = outcome.records, outcome.failed(), outcome.outside(margin)
    unanswered = [r for r in failed if r.status is None]

    def at(moment):
        return f"{moment - outcome.started:.2f} s"

    print(f"\n## {outcome.name}\n")
    print("| requests | total | ok | failed | outcomes |")
    print("|---|---:|---:|---:|---|")
    for kind in sorted({r.kind for r in records}):
        mine = [r for r in records if r.kind == kind]
        outcomes = Counter(r.outcome for r in mine)
        described = ", ".join(f"{status} ×{n}" for status, n in sorted(outcomes.items()))
        print(f"| {kind} | {len(mine)} | {sum(r.ok for r in mine)} | {sum(not r.ok for r in mine)} | {described} |")
    print(f"| all | {len(records)} | {len(records) - len(failed)} | {len(failed)} | |")
    print()
    print(f"- restart window: {at(outcome.issued)} → {at(outcome.back)} ({outcome.back - outcome.issued:.2f} s)")
    if outcome.resumed:
        print(f"- clients paused before the restart, resumed at {at(outcome.resumed)}")
    if failed:
        first, last = min(r.start for r in failed), max(r.end for r in failed)
        print(f"- failure window: {at(first)} → {at(last)} ({last - first:.2f} s)")
    else:
        print("- failure window: none, no request failed")
    print(f"- failures outside the restart window (+{margin:g} s): {len(outside)}")
    for record in outside[:10]:
        print(f"  - {record.kind} {at(record.start)} → {at(record.end)}: {record.outcome}")
    print(f"- failures without an HTTP answer (connection error, timeout): {len(unanswered)}")
    for label, writes in (("read", False), ("write", True)):
        seconds = outcome.first_success_after(writes)
        after = f"+{seconds:.3f} s" if seconds is not None else "none"
        since = "the clients resumed" if outcome.resumed else "PostgreSQL was back"
        print(f"- first successful {label} started after {since}: {after}")
    slowest = max(records, key=lambda r: r.end - r.start)
    print(f"- slowest request: {slowest.kind}, {slowest.end - slowest.start:.2f} s ({slowest.outcome})")
    return len(outside) + sum(1 for r in unanswered if r not in outside)


def stored_probes(run_id):
    """{marker: statement id} for this run's probe statements in the database."""
    from statements.models import Statement

    texts = Statement.objects.filter(text__startswith=f"{MARKER_PREFIX} {run_id}-").values_list("text", "pk")
    return {text.split(":", 1)[0]: pk for text, pk in texts}


def compare_writes(records, stored):
    """(acknowledged, missing, ambiguous) write records, given {marker: id} from the database.

    Missing: answered 201 but not stored under the id returned. Ambiguous: not answered 201 (an
    error, or no answer) yet stored: the caller cannot tell that the write happened.
    """
    writes = [r for r in records if r.kind == "write"]
    acknowledged = [r for r in writes if r.status == 201]
    missing = [r for r in acknowledged if stored.get(r.marker) != r.statement_id]
    ambiguous = [r for r in writes if r.status != 201 and r.marker in stored]
    return acknowledged, missing, ambiguous


def check_writes(records, run_id, keep):
    """Print the write check; return the number of acknowledged writes missing."""
    from django.db import connection

    connection.close()  # the restarts cut this process's connection too
    stored = stored_probes(run_id)
    acknowledged, missing, ambiguous = compare_writes(records, stored)
    sent = sum(r.kind == "write" for r in records)
    print("\n## Writes\n")
    print(f"- sent: {sent}; acknowledged (201): {len(acknowledged)}; failed: {sent - len(acknowledged)}")
    found = len(acknowledged) - len(missing)
    print(f"- acknowledged writes in the database under the id returned: {found} / {len(acknowledged)}")
    for record in missing[:10]:
        print(f"  - MISSING: {record.marker} (id {record.statement_id})")
    print(f"- failed writes that are in the database anyway (ambiguous outcome): {len(ambiguous)}")
    for record in ambiguous[:10]:
        print(f"  - {record.marker}: answered {record.outcome}, stored as id {stored[record.marker]}")
    print(f"- probe statements in the database: {len(stored)}")
    if not keep:
        delete_probes(f"{MARKER_PREFIX} {run_id}-")
    return len(missing)


def delete_probes(prefix):
    """Delete the probe statements, then their history (deleting a statement adds a history row)."""
    from statements.models import Statement

    Statement.objects.filter(text__startswith=prefix).delete()
    Statement.history.filter(text__startswith=prefix).delete()


def server_errors(log_path):
    """The database errors the server logged, most common first: what the failed requests met."""
    found = Counter()
    for line in Path(log_path).read_text(errors="replace").splitlines():
        # Django's error, not the driver's that it wraps: the same error appears as both.
        match = re.match(r"django\.db\.utils\.(\w+): (.+)", line)
        if match:
            found[f"{match.group(1)}: {match.group(2).strip()}"] += 1
    return found


def main(argv=None):
    args = parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)  # each scenario's figures as soon as they are known
    commands = fault_commands(args)
    if not database_answers(args.database_url):
        raise BenchError("PostgreSQL does not accept connections at --database-url; start it first")
    env = server_environment(args)
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")  # the pages need the manifest with DEBUG off, as in the Dockerfile
    setup_django(env)
    from django.conf import settings
    from django.db import connection

    token = make_editor()
    statement_id, write_payload = targets()
    database = settings.DATABASES["default"]
    connection.close()

    run_id = secrets.token_hex(4)
    port = free_port()
    log_path = Path(tempfile.gettempdir()) / f"restart-bench-{run_id}.log"
    print("# PostgreSQL restart under load\n")
    print(f"- server: gunicorn, {args.workers} gthread workers × {args.threads} threads, 127.0.0.1:{port}")
    print(f"- CONN_MAX_AGE={database['CONN_MAX_AGE']}, CONN_HEALTH_CHECKS={database['CONN_HEALTH_CHECKS']}")
    print(
        f"- load: {args.readers} readers and {args.writers} writers, each at most one request per"
        f" {args.interval:g} s, {args.seconds:g} s per scenario, the fault in the middle"
    )
    print(f"- commands: {commands}")
    server = start_server(args, env, port, log_path)
    reads = [
        ("api list", "/api/v1/statements/?page_size=20"),
        ("api detail", f"/api/v1/statements/{statement_id}/"),
        ("page", f"/statements/{statement_id}/"),
    ]
    try:
        preflight(port, reads, write_payload, token)
        if send("127.0.0.1", port, "GET", "/healthz")[0] == 200:
            reads.append(("healthz", "/healthz"))
        print(f"- reads: {', '.join(path for _, path in reads)}; writes: POST /api/v1/statements/ as an editor")
        all_records, bad = [], 0
        for scenario in args.scenario:
            outcome = run_scenario(args, commands, port, reads, write_payload, token, scenario, run_id)
            bad += summarise(outcome, args.margin)
            all_records += outcome.records
    finally:
        stop_server(server)
    missing = check_writes(all_records, run_id, args.keep_writes)
    errors = server_errors(log_path)
    print("\n## Database errors in the server log\n")
    for message, count in errors.most_common(8):
        print(f"- {count} × {message}")
    print(f"\n(server log: {log_path})")
    verdict = "PASS" if not (missing or bad) else "FAIL"
    print(f"\n{verdict}: {bad} failures outside a restart window or unanswered, {missing} acknowledged writes missing")
    return 1 if verdict == "FAIL" else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as error:
        print(f"restart.py: {error}", file=sys.stderr)
        sys.exit(2)
