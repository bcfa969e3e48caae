"""Gzip for the API's answers: JSON and streamed exports, never the HTML pages nor a detail's ETag."""

import gzip
import json

import pytest
from django.http import HttpResponse

from statements.ops.compression import ApiGZipMiddleware
from tests.factories import StatementFactory

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate"}


@pytest.fixture
def statements(db):
    return StatementFactory.create_batch(5)


def test_a_list_is_compressed_for_a_client_that_accepts_gzip(client, statements):
    plain = client.get("/api/v1/statements/")
    compressed = client.get("/api/v1/statements/", **GZIP)

    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    assert len(compressed.content) < len(plain.content)
    assert json.loads(gzip.decompress(compressed.content)) == plain.json()


def test_a_client_that_does_not_accept_gzip_gets_the_plain_answer(client, statements):
    response = client.get("/api/v1/statements/")

    assert not response.has_header("Content-Encoding")
    assert "Accept-Encoding" in response["Vary"]
    assert response.json()["count"] == 5


def test_a_cached_answer_is_compressed_only_for_whom_asks(client, statements):
    first = client.get("/api/v1/statements/", **GZIP)
    assert first["X-Cache"] == "miss"
    # Stored the third time it is asked, as rendered: before compression.
    assert client.get("/api/v1/statements/", **GZIP)["X-Cache"] == "miss"
    assert client.get("/api/v1/statements/", **GZIP)["X-Cache"] == "miss"

    # The next client, who takes no gzip, reads it plain.
    again = client.get("/api/v1/statements/")
    assert again["X-Cache"] == "hit"
    assert not again.has_header("Content-Encoding")
    assert again.json() == json.loads(gzip.decompress(first.content))

    compressed_hit = client.get("/api/v1/statements/", **GZIP)
    assert compressed_hit["X-Cache"] == "hit"
    assert compressed_hit["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed_hit.content) == again.content


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_an_export_still_streams_compressed(client, statements, fmt):
    plain = client.get("/api/v1/statements/", {"format": fmt})
    compressed = client.get("/api/v1/statements/", {"format": fmt}, **GZIP)

    assert compressed.streaming
    assert compressed["Content-Encoding"] == "gzip"
    assert not compressed.has_header("Content-Length")
    assert gzip.decompress(b"".join(compressed.streaming_content)) == b"".join(plain.streaming_content)


def test_html_pages_are_not_compressed(client, statements):
    # They hold CSRF tokens: compressing them next to text the requester chose is BREACH.
    for path in ["/", "/search/?q=statement", "/api/v1/statements/?format=api", "/api/docs/"]:
        response = client.get(path, **GZIP)
        assert response.status_code == 200, path
        assert not response.has_header("Content-Encoding"), path


def answer(**headers):
    """A middleware around a view that answers 1 kB of JSON with `headers`."""
    body = json.dumps({"text": "x" * 1000})
    return ApiGZipMiddleware(lambda request: HttpResponse(body, content_type="application/json", headers=headers))


def test_an_answer_with_a_strong_etag_is_not_compressed(rf):
    # A detail read's ETag is what a write's If-Match sends back, compared strongly: compressing
    # would make it weak (W/"…") and no write could match it.
    tagged = answer(ETag='"abc"')(rf.get("/api/v1/statements/1/", **GZIP))
    untagged = answer()(rf.get("/api/v1/statements/1/", **GZIP))

    assert tagged["ETag"] == '"abc"'
    assert not tagged.has_header("Content-Encoding")
    assert untagged["Content-Encoding"] == "gzip"


def test_only_the_api_is_compressed(rf):
    assert answer()(rf.get("/api/v1/statements/", **GZIP))["Content-Encoding"] == "gzip"
    assert not answer()(rf.get("/statements/", **GZIP)).has_header("Content-Encoding")


def test_a_client_that_reads_with_gzip_can_write_with_the_etag_it_read(editor_client, statements):
    url = f"/api/v1/statements/{statements[0].pk}/"
    read = editor_client.get(url, **GZIP)
    assert read["ETag"].startswith('"')

    response = editor_client.patch(
        url,
        {"text": "We stand by this corrected statement."},
        format="json",
        HTTP_IF_MATCH=read["ETag"],
        HTTP_X_CHANGE_REASON="Correct the wording",
        **GZIP,
    )

    assert response.status_code == 200, response.content
