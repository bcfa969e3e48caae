"""The releases already written into a directory, as the download page lists them, and the files
it may serve from them.

A release is a directory named YYYY-MM-DD or YYYY-MM-DD-N holding a `release.json`; the
temporary directory of a release being written starts with a dot and is never listed. Reads only
directory listings and each release's small manifest, never the data files.
"""

import datetime
import json
import re
from dataclasses import dataclass
from pathlib import Path

MANIFEST = "release.json"
CHECKSUMS = "SHA256SUMS"
POPOLO = "popolo.json.gz"

NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:-([2-9]|[1-9]\d+))?$")


@dataclass
class File:
    name: str
    size: int


@dataclass
class Release:
    name: str
    date: datetime.date
    data_version: str
    rows: dict
    files: list

    @property
    def total_rows(self):
        return sum(self.rows.values())


def release_name(directory, day):
    """The name of a new release of `day` in `directory`: the date, then -2, -3… when taken."""
    name = day.isoformat()
    number = 1
    while (Path(directory) / name).exists():
        number += 1
        name = f"{day.isoformat()}-{number}"
    return name


def _order(name):
    day, number = NAME.match(name).groups()
    return day, int(number or 1)


def list_releases(directory):
    """The releases in `directory`, newest first; [] when it does not exist or holds none.

    A directory whose manifest cannot be read is not a release (it may be an older or damaged
    one) and is left out rather than failing the page.
    """
    directory = Path(directory)
    try:
        names = [path.name for path in directory.iterdir() if NAME.match(path.name) and path.is_dir()]
    except OSError:
        return []
    releases = []
    for name in sorted(names, key=_order, reverse=True):
        try:
            manifest = json.loads((directory / name / MANIFEST).read_text(encoding="utf-8"))
            files = [
                File(path.name, path.stat().st_size)
                for path in sorted((directory / name).iterdir())
                if path.is_file() and not path.name.startswith(".")
            ]
            rows = {table: int(entry["rows"]) for table, entry in manifest["tables"].items()}
            day = datetime.date.fromisoformat(manifest["date"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            continue
        releases.append(Release(name, day, str(manifest.get("data_version", "")), rows, files))
    return releases


def release_file(directory, release, name):
    """The path of file `name` of release `release` in `directory`, or None when there is none.

    Both names must be plain names (a release's name, a file of that release): no separator, no
    "..", no hidden file; the resolved path must lie inside `directory`. So no request can
    reach a file outside the releases, or one of a release still being written.
    """
    if not NAME.match(release) or "/" in name or "\\" in name or name.startswith(".") or not name:
        return None
    root = Path(directory).resolve()
    path = (root / release / name).resolve()
    if path.parent.parent != root or not path.is_file():
        return None
    return path
