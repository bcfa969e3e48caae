"""Schemathesis: generated requests to every operation of /api/schema/ get the answers the schema
documents, by Schemathesis's default checks: no server error, and each status code, content type,
required header and body as the schema says. Bounded to a few examples per operation, the same
ones on every run.

Two clients go through every operation. An anonymous client reads everything and is refused
every change with the documented 401. An editor reads everything too, and makes every change
(deletes with an administrator's token, the role that may delete) against records made for the
purpose; each write must succeed at least once, so that the run cannot pass on 400s and 404s alone.

One check stays off where the schema says credentials are optional: Schemathesis 3 reads the
empty requirement `{}` as no requirement at all, so its `ignored_auth` would take a read that
succeeds without a token for one that ignores its authentication. The read tests here assert
instead that such reads succeed without credentials.
"""

import datetime
from unittest import mock

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import OperationalError, close_old_connections
from django.db.backends.utils import CursorWrapper
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import ignored_auth

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
# Examples per read operation and client: ~25 s for all of them on SQLite.
READ_EXAMPLES = 8
# The credentials Schemathesis generates from the security schemes (random, so invalid).
CREDENTIALS = {"headers": "Authorization", "cookies": "sessionid"}


@pytest.fixture
def api_schema(db, settings):
    # No 429 in the middle of the run: the throttle has its own tests.
    settings.API_ANON_RATE = settings.API_USER_RATE = "100000/minute"
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


@pytest.fixture
def tokens(db):
    return {
        "editor": Token.objects.create(user=editor_user()).key,
        "administrator": Token.objects.create(user=administrator_user()).key,
    }


schema = schemathesis.from_pytest_fixture("api_schema")


def without_credentials(case):
    """The case without the credentials Schemathesis made up for it: an anonymous request."""
    for location, name in CREDENTIALS.items():
        getattr(case, location) and getattr(case, location).pop(name, None)


def credentials_optional(case):
    return {} in case.operation.definition.raw.get("security", [])


def checks_for(case):
    """Every default check, but `ignored_auth` where credentials are optional (see the module docstring)."""
    return {"excluded_checks": (ignored_auth,)} if credentials_optional(case) else {}


# Reads.


@schema.parametrize(method="GET")
@settings(max_examples=READ_EXAMPLES, **HYPOTHESIS)
def test_every_read_answers_an_anonymous_client_as_its_schema_says(case):
    without_credentials(case)
    response = case.call_wsgi()
    case.validate_response(response, **checks_for(case))
    # Reads are documented as needing no credentials, and need none.
    assert credentials_optional(case)
    assert response.status_code not in (401, 403), response.json()


@schema.parametrize(method="GET")
@settings(max_examples=READ_EXAMPLES, **HYPOTHESIS)
def test_every_read_answers_an_editor_as_its_schema_says(case, tokens):
    without_credentials(case)
    headers = {"Authorization": f"Token {tokens['editor']}"}
    response = case.call_wsgi(headers=headers)
    case.validate_response(response, headers=headers, **checks_for(case))
    assert response.status_code not in (401, 403), response.json()


def test_reads_succeed_without_credentials_as_documented(api_schema):
    """What `ignored_auth` would have checked the other way round: an anonymous read succeeds."""
    for path in ["/api/v1/statements/", "/api/v1/meetings/", "/api/v1/seats/", "/api/v1/statements/facets/"]:
        operation = api_schema[path]["GET"]
        assert {} in operation.definition.raw["security"], path
        response = operation.make_case().call_wsgi()
        assert response.status_code == 200, path


# The errors generated requests do not reach, provoked on purpose: answered as documented too.


def answer(api_schema, method, path, excluded_checks=(), **kwargs):
    case = api_schema[path][method].make_case(**kwargs)
    response = case.call_wsgi()
    checks = checks_for(case)
    case.validate_response(response, excluded_checks=(*checks.get("excluded_checks", ()), *excluded_checks))
    return response.status_code


def test_a_wrong_token_on_a_read_is_the_documented_401(api_schema):
    headers = {"Authorization": "Token " + "0" * 40}
    assert answer(api_schema, "GET", "/api/v1/statements/", headers=headers) == 401


def test_a_page_past_the_last_is_the_documented_404(api_schema):
    assert answer(api_schema, "GET", "/api/v1/statements/", query={"page": 99}) == 404


def test_an_unacceptable_accept_header_is_the_documented_406(api_schema):
    assert answer(api_schema, "GET", "/api/v1/meetings/", headers={"Accept": "image/png"}) == 406


def test_a_throttled_read_is_the_documented_429(api_schema, settings):
    settings.API_ANON_RATE = "1/minute"
    cache.clear()
    answer(api_schema, "GET", "/api/v1/topics/")
    assert answer(api_schema, "GET", "/api/v1/topics/") == 429


def test_a_read_while_the_database_is_away_is_the_documented_503(api_schema):
    with mock.patch.object(CursorWrapper, "execute", side_effect=OperationalError("the server closed the connection")):
        # A 503 is a server error to `not_a_server_error`, whether documented or not.
        assert answer(api_schema, "GET", "/api/v1/statements/", excluded_checks=(not_a_server_error,)) == 503


def test_deleting_a_record_others_refer_to_is_the_documented_409(api_schema, tokens):
    source = CitationFactory().source
    headers = {"Authorization": f"Token {tokens['administrator']}"}
    assert (
        answer(api_schema, "DELETE", "/api/v1/sources/{id}/", path_parameters={"id": source.pk}, headers=headers) == 409
    )


# Writes.

RESOURCES = ["statements", "meetings", "delegates", "sources"]
WRITES = [
    *((method, f"/api/v1/{name}/{{id}}/") for name in RESOURCES for method in ("PUT", "PATCH", "DELETE")),
    *(("POST", f"/api/v1/{name}/") for name in [*RESOURCES, "topics", "extract", "records"]),
    *((method, "/api/v1/topics/{slug}/") for method in ("PUT", "PATCH", "DELETE")),
]
# Enough examples per operation to get past validation several times; ~30 s for all of them on SQLite.
WRITE_EXAMPLES = 12
# An anonymous client is refused before its body is read: a few examples say enough.
ANONYMOUS_WRITE_EXAMPLES = 3


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


def run_writes(operation, examples, write):
    @given(case=operation.as_strategy())
    @settings(max_examples=examples, **HYPOTHESIS)
    def run(case):
        write(case)

    run()


@pytest.mark.parametrize("method, path", WRITES)
def test_every_write_answers_an_anonymous_client_with_the_documented_401(api_schema, targets, method, path):
    operation = api_schema[path][method]
    assert {} not in operation.definition.raw["security"]
    statuses = []

    def write(case):
        without_credentials(case)
        response = case.call_wsgi()
        case.validate_response(response)
        statuses.append(response.status_code)

    run_writes(operation, ANONYMOUS_WRITE_EXAMPLES, write)
    assert set(statuses) == {401}, statuses


@pytest.mark.parametrize("method, path", WRITES)
def test_every_write_answers_an_editor_as_its_schema_says(api_schema, targets, tokens, method, path):
    operation = api_schema[path][method]
    resource = path.split("/")[3]
    role = "administrator" if method == "DELETE" else "editor"
    headers = {"Authorization": f"Token {tokens[role]}"}
    statuses = []

    def write(case):
        without_credentials(case)
        for name in ("id", "slug"):
            if case.path_parameters and name in case.path_parameters:
                case.path_parameters[name] = targets["delete" if method == "DELETE" else "change"][resource]
        # Every other example keeps its generated references, to exercise their validation, and
        # sends no version, to exercise the 428 of a PUT; the others change whatever version is there.
        if len(statuses) % 2:
            case.body = point_at_records(case.body, targets["references"], resource)
            case.headers = {**(case.headers or {}), "If-Match": "*"}
        response = case.call_wsgi(headers=headers)
        # `ignored_auth` sends a successful write again without the token, and with a wrong one,
        # and expects 401 each time.
        case.validate_response(response, headers=headers)
        statuses.append(response.status_code)

    run_writes(operation, WRITE_EXAMPLES, write)
    assert not {401, 403} & set(statuses), statuses
    assert any(200 <= status < 300 for status in statuses), statuses
