"""/data/: the public releases listed for download, and their files served with no way out of them."""

import datetime
import json

import pytest

from statements.ops.publish.release import publish_dataset
from statements.ops.publish.releases import release_file

from .factories import StatementFactory


def fake_release(root, name, *, data_version="2025-01-31T10:00:00Z", rows=3, files=("statements.csv.gz",)):
    """A release directory as publish_dataset leaves it, with only the files the page reads."""
    path = root / name
    path.mkdir()
    manifest = {"name": name, "date": name[:10], "data_version": data_version, "tables": {"statements": {"rows": rows}}}
    (path / "release.json").write_text(json.dumps(manifest))
    for file in files:
        (path / file).write_bytes(b"\x1f\x8b" + file.encode())
    return path


@pytest.fixture
def releases(tmp_path, settings):
    settings.RELEASES_DIR = tmp_path
    return tmp_path


@pytest.mark.django_db
def test_it_says_when_no_release_has_been_published(client, releases, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/data/")
    assert response.status_code == 200
    assert "No release has been published yet." in response.content.decode()


def test_a_missing_releases_directory_is_no_release(client, releases, settings):
    settings.RELEASES_DIR = releases / "not-there"
    assert "No release has been published yet." in client.get("/data/").content.decode()


@pytest.mark.django_db
def test_it_lists_the_releases_newest_first_with_their_files(client, releases, django_assert_num_queries):
    fake_release(releases, "2025-01-31")
    fake_release(releases, "2025-02-01", rows=1200, files=("statements.csv.gz", "README.md"))
    fake_release(releases, "2025-02-01-2")
    fake_release(releases, "2025-02-01-10")
    # Not releases: one being written, one without its manifest, something else.
    fake_release(releases, ".partial-abc123")
    (releases / "2025-03-01").mkdir()
    (releases / "notes").mkdir()
    # No query: the page reads the directory.
    with django_assert_num_queries(0):
        response = client.get("/data/")
    page = response.content.decode()
    headings = [line.split(">")[1].split("<")[0] for line in page.splitlines() if '<h2 id="release-' in line]
    assert headings == [
        "Release 2025-02-01-10",
        "Release 2025-02-01-2",
        "Release 2025-02-01",
        "Release 2025-01-31",
    ]
    assert 'href="/data/2025-02-01/README.md"' in page
    assert "1,200 rows" in page
    assert "partial" not in page


def test_it_escapes_what_a_manifest_says(client, releases):
    fake_release(releases, "2025-01-31", data_version="<script>alert(1)</script>")
    page = client.get("/data/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_it_serves_a_file_of_a_release(client, releases):
    fake_release(releases, "2025-01-31")
    response = client.get("/data/2025-01-31/statements.csv.gz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/gzip"
    assert "Content-Encoding" not in response
    assert response["Content-Disposition"] == 'attachment; filename="statements.csv.gz"'
    assert b"".join(response.streaming_content) == b"\x1f\x8bstatements.csv.gz"


@pytest.mark.parametrize(
    "url",
    [
        "/data/2025-01-31/missing.csv.gz",
        "/data/2025-01-31/..%2F..%2Fsecret.txt",
        "/data/2025-01-31/%2E%2E",
        "/data/..%2Fsecret.txt/x",
        "/data/.partial-abc/statements.csv.gz",
        "/data/notes/statements.csv.gz",
        "/data/2025-01-31/.hidden",
        "/data/2025-01-31/link",
    ],
)
def test_it_serves_nothing_outside_the_releases(client, releases, url):
    (releases.parent / "secret.txt").write_text("private")
    fake_release(releases, "2025-01-31", files=("statements.csv.gz", ".hidden"))
    fake_release(releases, ".partial-abc")
    (releases / "notes").mkdir()
    (releases / "notes" / "statements.csv.gz").write_text("not a release")
    (releases / "2025-01-31" / "link").symlink_to(releases.parent / "secret.txt")
    response = client.get(url)
    assert response.status_code == 404


@pytest.mark.django_db
def test_a_published_release_is_listed_and_its_files_download(client, releases):
    StatementFactory()
    published = publish_dataset(releases, today=datetime.date(2025, 1, 31))
    page = client.get("/data/").content.decode()
    assert "Release 2025-01-31" in page
    for name in ("README.md", "SHA256SUMS", "statements.csv.gz", "popolo.json.gz"):
        assert f'href="/data/2025-01-31/{name}"' in page
    response = client.get("/data/2025-01-31/SHA256SUMS")
    assert b"".join(response.streaming_content) == (published.path / "SHA256SUMS").read_bytes()


@pytest.mark.django_db
def test_every_page_links_to_the_downloads(client):
    assert 'href="/data/"' in client.get("/").content.decode()


@pytest.mark.parametrize(
    ("release", "name"),
    [
        ("2025-01-31", "../2025-01-31/statements.csv.gz"),
        ("2025-01-31", "../../secret.txt"),
        ("..", "secret.txt"),
        ("2025-01-31/..", "secret.txt"),
        ("2025-01-31", ""),
        ("2025-01-31", "link"),
        (".partial-abc", "statements.csv.gz"),
    ],
)
def test_release_file_takes_only_plain_names_inside_the_releases(releases, release, name):
    (releases.parent / "secret.txt").write_text("private")
    fake_release(releases, "2025-01-31")
    fake_release(releases, ".partial-abc")
    (releases / "2025-01-31" / "link").symlink_to(releases.parent / "secret.txt")
    assert release_file(releases, release, name) is None
    assert release_file(releases, "2025-01-31", "statements.csv.gz") == releases / "2025-01-31" / "statements.csv.gz"
