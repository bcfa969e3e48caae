"""Where the machine's CPU goes per request under load: gunicorn, PostgreSQL, Redis.

Run by hand, not in CI (see bench/README.md, seventh pass), against a server already running:

    python3 bench/machine_cpu.py http://127.0.0.1:8922 "/api/v1/statements/{id}/" --max-id 200000 --conns 32

wrk loads the URL (each `{id}` a random id up to --max-id) for --seconds; the CPU time every
process on the machine used meanwhile (user and system, from /proc) is grouped by program name and
divided by the requests answered; wrk's own share (~0.05 ms a request here) is not in it. On two
cores the requests per second can be no more than 2,000 ms divided by the total: this is what
tells a change that saves work from one that moves it (to PostgreSQL, say). In-process figures
(bench/cpu.py, bench/instructions.py) miss what a request costs the other processes and what the
threads of a gunicorn worker cost each other: under load, one round trip to Redis cost the
machine ~0.4 ms against ~0.1 ms in-process.
"""

import argparse
import os
import re
import subprocess
import tempfile
from collections import Counter
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("base", help="The server, e.g. http://127.0.0.1:8922")
    parser.add_argument("path", help="The request's path and query; {id} becomes a random id.")
    parser.add_argument("--max-id", type=int, default=1, help="Largest id for {id} (1).")
    parser.add_argument("--conns", type=int, default=8, help="wrk's connections (8).")
    parser.add_argument("--seconds", type=int, default=10, help="wrk's duration (10).")
    return parser.parse_args(argv)


def cpu_by_process():
    """{pid: (program name, CPU seconds so far)} of every process of the machine."""
    used = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # ended meanwhile
            continue
        name = text[text.index("(") + 1 : text.rindex(")")]
        fields = text[text.rindex(")") + 2 :].split()
        used[int(stat.parent.name)] = (name, (int(fields[11]) + int(fields[12])) / TICK)
    return used


def spent_by_program(before, after):
    """{program name: CPU seconds} between two `cpu_by_process()`. A process started meanwhile (a
    new PostgreSQL backend when Django reconnects) counts whole; one that ended meanwhile is lost."""
    spent = Counter()
    for pid, (name, seconds) in after.items():
        earlier = before.get(pid)
        spent[name] += seconds - (earlier[1] if earlier and earlier[0] == name else 0)
    return spent


def main(argv=None):
    args = parse_args(argv)
    script = (
        f"math.randomseed(42)\n"
        f"request = function()\n"
        f'  return wrk.format("GET", (string.gsub("{args.path}", "{{id}}", tostring(math.random(1, {args.max_id})))))\n'
        f"end\n"
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
        lua.write(script)
        lua.flush()
        before = cpu_by_process()
        out = subprocess.run(
            ["wrk", "-t2", f"-c{args.conns}", f"-d{args.seconds}s", "-s", lua.name, args.base],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        after = cpu_by_process()
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non_2xx:
        raise SystemExit(f"{non_2xx.group(1)} answers were not 2xx: check the URL")
    # A process's stat counts all its threads; wrk itself has ended and is not in `after`.
    spent = spent_by_program(before, after)
    rows = [(name, seconds * 1000 / requests) for name, seconds in spent.most_common() if seconds > 0]
    print(f"{requests / args.seconds:.0f} requests/s; CPU ms per request:")
    for name, ms in rows[:6]:
        print(f"  {name:16} {ms:7.3f}")
    print(f"  {'all':16} {sum(ms for _, ms in rows):7.3f}")


if __name__ == "__main__":
    main()
