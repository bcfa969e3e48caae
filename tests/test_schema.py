"""Schemathesis: generated requests to every operation of /api/schema/ find no server error and no
response that contradicts the schema. Bounded to a few examples per operation.

Reads go anonymously. Writes go with an editor's API token (deletes with an administrator's, the
role that may delete), against records made for the purpose; each write operation must succeed
at least once, so that the run cannot pass on 400s and 404s alone.
"""

import datetime

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error, response_schema_conformance

from tests.factories import (
    AliasFactory,
    CitationFactory,
    CouncilSeatFactory,
    DelegateFactory,
    MeetingFactory,
    MentionFactory,
    PositionFactory,
    SourceFactory,
    StatementFactory,
    TopicFactory,
    administrator_user,
    country,
    editor_user,
)
from tests.test_api_records import RECORD

HYPOTHESIS = {
    "deadline": None,
    # The same examples on every run, so that CI is not flaky; vary the seed by hand to explore.
    "derandomize": True,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
}


@pytest.fixture
def api_schema(db, settings):
    settings.API_ANON_RATE = "100000/minute"
    # Optional values both present and empty: a start time, and a cited source without a URL.
    statement = StatementFactory(meeting__start_time=datetime.time(10, 0, 30, 250000))
    CitationFactory(statement=statement, source=SourceFactory(url=""))
    statement.topics.add(TopicFactory(slug="sanctions"))
    MentionFactory(statement=statement)
    AliasFactory(delegate=statement.speaker)
    PositionFactory(delegate=statement.speaker)
    # A seat with both dates, and one with neither.
    CouncilSeatFactory(body=statement.meeting.body)
    CouncilSeatFactory(country=country("CHN"), body=statement.meeting.body, start=None, end=None)
    # The WSGI handler would close the test's database connection after each request, as it
    # does between real requests; Django's own test client turns this off in the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.from_wsgi("/api/schema/", get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


schema = schemathesis.from_pytest_fixture("api_schema")


@schema.parametrize(method="GET")
@settings(max_examples=10, **HYPOTHESIS)
def test_every_read_operation_answers_as_its_schema_says(case):
    response = case.call_wsgi()
    case.validate_response(response, checks=(not_a_server_error, response_schema_conformance))


# Writes.

RESOURCES = ["statements", "meetings", "delegates", "sources"]
WRITES = [
    *((method, f"/api/v1/{name}/{{id}}/") for name in RESOURCES for method in ("PUT", "PATCH", "DELETE")),
    *(("POST", f"/api/v1/{name}/") for name in [*RESOURCES, "topics", "extract", "records"]),
    *((method, "/api/v1/topics/{slug}/") for method in ("PUT", "PATCH", "DELETE")),
]
# Enough examples per operation to get past validation several times; ~30 s for all of them on SQLite.
WRITE_EXAMPLES = 12


@pytest.fixture
def targets(api_schema):
    """Records the writes address: one that others refer to, and one nothing refers to, to delete."""
    statement = StatementFactory()
    statement.topics.add(TopicFactory(slug="sanctions"))
    return {
        "change": {
            "statements": statement.pk,
            "meetings": statement.meeting_id,
            "delegates": statement.speaker_id,
            "sources": statement.citations.get().source_id,
            "topics": "sanctions",
        },
        "delete": {
            "statements": StatementFactory(cite=False).pk,
            "meetings": MeetingFactory().pk,
            "delegates": DelegateFactory().pk,
            "sources": SourceFactory().pk,
            "topics": TopicFactory(slug="spare").slug,
        },
        "references": {"meeting": statement.meeting_id, "speaker": statement.speaker_id},
    }


@pytest.fixture
def tokens(db):
    return {
        "editor": Token.objects.create(user=editor_user()).key,
        "administrator": Token.objects.create(user=administrator_user()).key,
    }


def point_at_records(body, references, resource):
    """The body with its references to other records replaced by ones that exist.

    Generated ids, codes and slugs almost never exist, so without this nearly every write would
    stop at validation and the responses of successful writes would go unchecked. A generated
    text is never an official record, so the record import gets one.
    """
    if not isinstance(body, dict):
        return body
    if resource == "records":
        return {"text": RECORD, "save": body.get("save", False)}
    fixed = {
        "body": "security-council",
        "party": "FRA",
        "meeting": references["meeting"],
        "speaker": references["speaker"],
        "reply_to": None,
        "sequence": None,
        "topics": ["sanctions"],
    }
    emptied = ["citations", "mentions", "requested_by", "briefers", "sources", "positions"]
    return {key: (fixed[key] if key in fixed else [] if key in emptied else value) for key, value in body.items()}


def test_the_write_operations_tested_are_all_the_schema_has(api_schema):
    in_schema = {
        (operation.method.upper(), operation.path)
        for result in api_schema.get_all_operations()
        for operation in [result.ok()]
        if operation.method.upper() != "GET"
    }
    assert in_schema == set(WRITES)


@pytest.mark.parametrize("method, path", WRITES)
def test_every_write_operation_answers_as_its_schema_says(api_schema, targets, tokens, method, path):
    operation = api_schema[path][method]
    resource = path.split("/")[3]
    role = "administrator" if method == "DELETE" else "editor"
    headers = {"Authorization": f"Token {tokens[role]}"}
    statuses = []

    @given(case=operation.as_strategy())
    @settings(max_examples=WRITE_EXAMPLES, **HYPOTHESIS)
    def write(case):
        for name in ("id", "slug"):
            if case.path_parameters and name in case.path_parameters:
                case.path_parameters[name] = targets["delete" if method == "DELETE" else "change"][resource]
        # Every other example keeps its generated references, to exercise their validation.
        if len(statuses) % 2:
            case.body = point_at_records(case.body, targets["references"], resource)
        response = case.call_wsgi(headers=headers)
        case.validate_response(response, checks=(not_a_server_error, response_schema_conformance))
        statuses.append(response.status_code)

    write()
    assert not {401, 403} & set(statuses), statuses
    assert any(200 <= status < 300 for status in statuses), statuses
