"""The README of a release: what it is, when, which version of the data, how to read, check and cite it."""

from django.urls import reverse

from statements import licences
from statements.ops.publish.codebook import CONVENTIONS
from statements.ops.publish.releases import CHECKSUMS, MANIFEST, POPOLO


def text(name, day, version, tables, rows, site):
    """Markdown. `tables` are the release's Tables, `rows` their row counts, `site` a release.Site or None."""
    data, code = licences.DATA_LICENCE, licences.CODE_LICENCE
    lines = [
        f"# {licences.DATASET_NAME}: release {name}",
        "",
        "What diplomats said, in public files: statements with who said them, for whom, when and at "
        "which meeting, the parties they speak about and how (mentions), the sources that report them "
        "(citations), the meetings, delegates, parties, bodies and topics, and the votes taken at the "
        "meetings with each member's ballot and the seats members held.",
        "",
        f"- Release: {name}, written on {day.isoformat()} (UTC).",
        f"- Data version: {version}, the newest change the archive had recorded when it was read; the API "
        "root (/api/v1/) gives the same version for the data it serves.",
        "- Links to the site's pages: "
        + (f"absolute, under {site.base_url}." if site else "paths on the site (no address was given)."),
        "- Left out: user accounts, API tokens, the history of changes and who made them, editors' notes.",
        "",
        "## Files",
        "",
        "Every table twice, with the same columns and rows: CSV (UTF-8, a header line) and JSON Lines "
        "(one JSON object per line; U+2028, U+2029 and U+0085 escaped), each compressed with gzip. "
        "`codebook.md` and `codebook.csv` describe every column.",
        "",
        "| table | rows | what it holds |",
        "|---|---|---|",
    ]
    lines += [f"| {table.name} | {rows[table.name]:,} | {table.about} |" for table in tables]
    lines += [
        "",
        f"- `{POPOLO}`: delegates, parties and bodies, delegates' titles and seats, meetings and votes as "
        "Popolo JSON (https://www.popoloproject.com/specs/).",
        f"- `{MANIFEST}`: the release's name, date, data version and row counts, for programs.",
        f"- `{CHECKSUMS}`: the SHA-256 of every other file; `sha256sum -c {CHECKSUMS}` checks them.",
        "",
        CONVENTIONS,
        "",
        "## Reading it",
        "",
        "```python",
        "import csv, gzip, json",
        "",
        'with gzip.open("statements.csv.gz", "rt", encoding="utf-8", newline="") as file:',
        "    statements = list(csv.DictReader(file))",
        'with gzip.open("mentions.jsonl.gz", "rt", encoding="utf-8") as file:',
        "    mentions = [json.loads(line) for line in file]",
        "```",
        "",
        'pandas reads them as they are: `pandas.read_csv("statements.csv.gz")`, '
        '`pandas.read_json("mentions.jsonl.gz", lines=True)`.',
        "",
        "## How to cite",
        "",
        licences.citation(version, accessed=day, url=site.build_absolute_uri(reverse("releases")) if site else None),
        "",
        "## Licences",
        "",
        f"The data: {data['name']} ({data['id']}, {data['url']}), for {data['covers']}. Not covered: "
        f"{data['excludes']}.",
        "",
        f"The code that wrote it: {code['name']} ({code['id']}, {code['url']}).",
        "",
    ]
    return "\n".join(lines)
