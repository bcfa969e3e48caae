"""A Markdown table of one run of `compare_datasette.sh` (its OUT_DIR), as bench/README.md shows it.

    python3 bench/side_by_side.py /tmp/compare-20261206-120000 [ROWS]

For every request type and number of connections: Datasette's requests/s and p95, the project's
with its response cache off and on, and the ratios to Datasette; then the CSV export's rows/s when
ROWS (the number of statements exported) is given. Reads only the files the script wrote.
"""

import csv
import sys
from pathlib import Path


def results(folder):
    with open(folder / "results.tsv") as f:
        return {(row["endpoint"], row["conns"]): row for row in csv.DictReader(f, delimiter="\t")}


def table(out, rows=None):
    out = Path(out)
    datasette, off, on = (results(out / name) for name in ("datasette", "project-nocache", "project-cache"))
    lines = [
        "| request | conns | Datasette req/s (p95 ms) | cache off req/s (p95 ms) | ratio | cache on req/s | ratio |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for key, peer in datasette.items():
        base, mine, cached = float(peer["rps"]), off[key], on[key]
        lines.append(
            f"| {key[0]} | {key[1]} | {base:.0f} ({float(peer['p95_ms']):.0f}) "
            f"| {float(mine['rps']):.0f} ({float(mine['p95_ms']):.0f}) | {float(mine['rps']) / base:.2f} "
            f"| {float(cached['rps']):.0f} | {float(cached['rps']) / base:.2f} |"
        )
    csv_times = out / "csv.txt"
    if rows and csv_times.exists():
        times = dict(line.split() for line in csv_times.read_text().splitlines() if line.strip())
        project, peer = rows / float(times["project_csv"]), rows / float(times["datasette_csv"])
        ratio = project / peer
        lines.append(f"| CSV export of {rows:,} rows, rows/s | | {peer:,.0f} | {project:,.0f} | {ratio:.2f} | | |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else None))
