"""Writing a release: every table as gzip-compressed CSV and JSON Lines, Popolo JSON, a README, a
codebook and checksums, in a directory named for the day, that appears whole or not at all.

A directory rather than one archive: a reader downloads only the tables they need, each file is
compressed on its own, and `sha256sum -c SHA256SUMS` checks what they have. The release is
written into a hidden temporary directory beside it and renamed at the end (a rename within one
file system is atomic), so a run that fails or is stopped leaves no half release under a
release's name; a failed run removes its temporary directory.

Everything is read in one consistent transaction (see dataset.bundle.consistent_read), one query
per table with the export's server-side cursor: memory holds a chunk of rows at a time. Each
table is read once and written in both formats side by side.
"""

import datetime
import errno
import gzip
import hashlib
import io
import itertools
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.db import DatabaseError
from django.utils import timezone

from statements.api import export as exports
from statements.api import popolo, root
from statements.ops.dataset.bundle import consistent_read, one_line
from statements.ops.publish import codebook, readme
from statements.ops.publish.releases import CHECKSUMS, MANIFEST, POPOLO, release_name
from statements.ops.publish.tables import TABLES


class PublishError(Exception):
    """A release that cannot be written; the message is one line."""


@dataclass
class Published:
    path: Path
    rows: dict = field(default_factory=dict)
    seconds: float = 0.0

    def line(self):
        total = sum(self.rows.values())
        return f"Published {total:,} rows of {len(self.rows)} tables to {self.path} in {self.seconds:.1f} s."


class Site:
    """Stands in for a request where links are built (links.template): absolute links under the
    site's public address, which a command run on the server cannot learn from a request."""

    def __init__(self, base_url):
        self.base_url = base_url.rstrip("/")

    def build_absolute_uri(self, path):
        return f"{self.base_url}{path}"


def publish_dataset(directory, *, base_url="", today=None, using="default"):
    """Write a release into a new directory `directory`/YYYY-MM-DD (-2, -3… for a second one the same
    day) and return a Published. `base_url` (https://example.org) makes the pages' links absolute;
    without it they are paths on the site. Raises PublishError, in one line, on bad input."""
    started = time.monotonic()
    directory = Path(directory)
    site = _site(base_url)
    if not directory.is_dir():
        raise PublishError(f"{directory} is not a directory")
    for table in TABLES:
        try:
            codebook.check(table)
        except codebook.CodebookError as error:
            raise PublishError(str(error)) from None
    today = today or timezone.now().astimezone(datetime.UTC).date()
    try:
        temporary = Path(tempfile.mkdtemp(prefix=".partial-", dir=directory))
    except OSError as error:
        raise PublishError(f"cannot write to {directory}: {error.strerror or error}") from None
    try:
        name = release_name(directory, today)
        published = Published(directory / name)
        try:
            with consistent_read(using):
                version = root.version(root.last_change(using))
                for table in TABLES:
                    published.rows[table.name] = _write_table(table, temporary, site)
                _write_popolo(temporary, site)
        except DatabaseError as error:
            raise PublishError(f"the database failed: {one_line(error)}") from None
        _write_text(temporary, "README.md", readme.text(name, today, version, TABLES, published.rows, site))
        _write_text(temporary, "codebook.md", codebook.as_markdown(TABLES))
        _write_text(temporary, "codebook.csv", codebook.as_csv(TABLES))
        manifest = {
            "name": name,
            "date": today.isoformat(),
            "created": timezone.now().astimezone(datetime.UTC).isoformat(),
            "data_version": version,
            "tables": {
                table.name: {"rows": published.rows[table.name], "files": _files(table.name)} for table in TABLES
            },
            "popolo": POPOLO,
        }
        _write_text(temporary, MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        _write_checksums(temporary)
        _rename(temporary, published.path)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    published.seconds = time.monotonic() - started
    return published


def _site(base_url):
    if not base_url:
        return None
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise PublishError(f"{base_url!r} is not a site address such as https://example.org")
    return Site(base_url)


def _files(name):
    return [f"{name}.csv.gz", f"{name}.jsonl.gz"]


class _Compressed:
    """A gzip file of text, the same bytes for the same text (no time or name in its header)."""

    def __init__(self, path):
        self.raw = path.open("xb")
        self.gzip = gzip.GzipFile(filename="", mode="wb", fileobj=self.raw, mtime=0)
        # newline="": the CSV writer chooses its own line endings.
        self.text = io.TextIOWrapper(self.gzip, encoding="utf-8", newline="")

    def __enter__(self):
        return self.text

    def __exit__(self, *exc):
        self.text.close()
        self.raw.close()


def _write_table(table, directory, site):
    """Write `table` as CSV and JSON Lines; returns its number of rows."""
    csv_path, jsonl_path = (directory / file for file in _files(table.name))
    rows = 0
    try:
        with _Compressed(csv_path) as csv_file, _Compressed(jsonl_path) as jsonl_file:
            for index, (export, queryset) in enumerate(table.parts):
                tuples = export.tuples(queryset(), site)
                for_csv, for_jsonl = itertools.tee(tuples)
                # The API's own writers, so a release's files read like its downloads; both batch
                # rows alike, so their pieces pair up and `tee` holds one batch at most.
                csv_pieces = exports.csv_lines(export, for_csv)
                header = next(csv_pieces)
                if index == 0:
                    csv_file.write(header)
                for csv_piece, jsonl_piece in zip(csv_pieces, exports.jsonl_lines(export, for_jsonl), strict=True):
                    csv_file.write(csv_piece)
                    jsonl_file.write(jsonl_piece)
                    rows += jsonl_piece.count("\n")
    except OSError as error:
        raise PublishError(f"cannot write {csv_path.parent}: {error.strerror or error}") from None
    return rows


def _write_popolo(directory, site):
    try:
        with _Compressed(directory / POPOLO) as file:
            for piece in popolo.document(site):
                file.write(piece)
    except OSError as error:
        raise PublishError(f"cannot write {directory / POPOLO}: {error.strerror or error}") from None


def _write_text(directory, name, text):
    try:
        (directory / name).write_text(text, encoding="utf-8")
    except OSError as error:
        raise PublishError(f"cannot write {directory / name}: {error.strerror or error}") from None


def _write_checksums(directory):
    """SHA256SUMS in the format of `sha256sum`, which `sha256sum -c SHA256SUMS` checks."""
    lines = []
    for path in sorted(directory.iterdir()):
        digest = hashlib.sha256()
        with path.open("rb") as file:
            while chunk := file.read(1 << 20):
                digest.update(chunk)
        lines.append(f"{digest.hexdigest()}  {path.name}\n")
    _write_text(directory, CHECKSUMS, "".join(lines))


def _rename(temporary, final):
    # Readable by the web server that serves the files, as a normal directory would be.
    temporary.chmod(0o755)
    for path in temporary.iterdir():
        path.chmod(0o644)
    try:
        os.rename(temporary, final)
    except OSError as error:
        if error.errno in (errno.EEXIST, errno.ENOTEMPTY):
            raise PublishError(f"{final} appeared while the release was written; run it again") from None
        raise PublishError(f"cannot rename the release to {final}: {error.strerror or error}") from None
