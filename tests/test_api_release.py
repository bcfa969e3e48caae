"""An API answer, once sent, is freed by reference counting, not left to the cycle collector
(statements/api/release.py).

Requests go through Django's WSGI handler as a server calls it (the body read, then close()):
the test client would tie the response into a cycle of its own (`response.json`).
"""

import contextlib
import gc

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory
from rest_framework.response import Response
from rest_framework.utils.serializer_helpers import ReturnDict, ReturnList

from statements.api.documents import Rows
from tests.factories import MeetingFactory, MentionFactory, StatementFactory, TopicFactory

pytestmark = pytest.mark.django_db

# What a request builds and, before the release, only the collector freed: the answer, the page's
# rows and its documents. (The emptied view may stay named by the small cycles that remain.)
REQUEST_OBJECTS = (Response, Rows, ReturnList, ReturnDict)


@contextlib.contextmanager
def unreachable_objects():
    """The objects that only the cycle collector would free, of what the block made."""
    found = []
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        yield found
        gc.collect()
        found.extend(gc.garbage)
    finally:
        gc.garbage.clear()
        gc.set_debug(0)
        gc.enable()


def serve(path, query=""):
    """The body of a GET of `path` as a WSGI server gets it, and the response closed."""
    environ = RequestFactory().get(path, HTTP_ACCEPT="application/json").environ
    environ["QUERY_STRING"] = query
    statuses = []
    # As the test client does: a request's start and end would close the test's database
    # connection, in the middle of the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        result = WSGIHandler()(environ, lambda status, headers, exc_info=None: statuses.append(status))
        body = b"".join(result)
        result.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    assert statuses == ["200 OK"], (statuses, body[:300])
    return body


@pytest.fixture
def meeting():
    meeting = MeetingFactory()
    topic = TopicFactory()
    for _ in range(3):
        statement = StatementFactory(meeting=meeting)
        statement.topics.add(topic)
        MentionFactory(statement=statement)
    return meeting


def request_objects(garbage):
    # type(), not isinstance(): a lazy object among them would be evaluated by isinstance.
    return sorted({type(thing).__name__ for thing in garbage if issubclass(type(thing), REQUEST_OBJECTS)})


@pytest.mark.parametrize(
    "path, query",
    [
        ("/api/v1/statements/", "page_size=50"),
        ("/api/v1/statements/", "q=statement&page_size=2"),
        ("/api/v1/meetings/", ""),
    ],
)
def test_a_list_answer_is_freed_when_sent(meeting, path, query):
    serve(path, query)  # the first request of a process builds what later ones reuse
    with unreachable_objects() as garbage:
        body = serve(path, query)
    assert b'"results"' in body
    assert request_objects(garbage) == []


def test_one_statement_and_a_meeting_s_statements_are_freed_when_sent(meeting):
    statement = meeting.statements.first()
    for path in (f"/api/v1/statements/{statement.pk}/", f"/api/v1/meetings/{meeting.pk}/statements/"):
        serve(path)
        with unreachable_objects() as garbage:
            body = serve(path)
        assert str(statement.pk).encode() in body
        assert request_objects(garbage) == [], path


def test_the_test_client_still_reads_the_answer_after_close(client, meeting):
    """The release runs in close(), which the test client calls before a test reads the answer."""
    response = client.get("/api/v1/statements/", {"meeting": meeting.pk})
    assert response.status_code == 200
    assert len(response.data["results"]) == 3
    assert response.json()["count"] == 3
    assert "response" not in response.renderer_context
