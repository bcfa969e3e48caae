"""The API's JSON, byte for byte, on a fixed set of rows and URLs.

The hot reads are rewritten for speed (issue 16); what they answer must not change. The rows
here have fixed ids and timestamps so that the answers are the same on SQLite and PostgreSQL and
in any test order, and every URL's body is compared with the file of the same name in
tests/data/api_golden/. After a deliberate change of the JSON, write the files anew with
`UPDATE_GOLDEN=1 pytest tests/test_api_golden.py` and review the diff.
"""

import datetime
import os
from pathlib import Path

import pytest
from django.utils import timezone

from statements.api import documents
from statements.api.views import statements_for_api
from statements.models import Body, Citation, Delegate, Meeting, Mention, Party, Position, Source, Statement, Topic
from tests.factories import (
    AliasFactory,
    DelegateFactory,
    MeetingFactory,
    PositionFactory,
    RecordCheckFactory,
    SourceFactory,
    StatementFactory,
    country,
)

GOLDEN = Path(__file__).parent / "data" / "api_golden"

URLS = {
    "statement": "/api/v1/statements/9101/",
    "statement_with_check": "/api/v1/statements/9104/",
    "statements_country": "/api/v1/statements/?country=RUS&page_size=50",
    "statements_speaker": "/api/v1/statements/?speaker=9201",
    "statements_search": "/api/v1/statements/?q=embargo",
    "statements_mentions": "/api/v1/statements/?mentions=RUS&relation=accuses",
    "statements_ordered": "/api/v1/statements/?ordering=-date&page_size=3",
    "statements_second_page": "/api/v1/statements/?page=2&page_size=3",
    "meeting_statements": "/api/v1/meetings/9301/statements/?page_size=50",
    "meeting": "/api/v1/meetings/9301/",
    "delegate": "/api/v1/delegates/9201/",
    "country": "/api/v1/countries/RUS/",
}

FIXED = timezone.make_aware(datetime.datetime(2024, 7, 1, 9, 30, 15, 123456), datetime.UTC)


@pytest.fixture
def fixed_rows(db):
    body = Body.objects.get_or_create(slug="security-council", defaults={"name": "Security Council"})[0]
    body.short_name = "Security Council"
    body.save()
    first = MeetingFactory(
        pk=9301, body=body, date=datetime.date(2024, 3, 28), title="Non-proliferation", record_symbol="S/PV.9999"
    )
    second = MeetingFactory(pk=9302, body=body, date=datetime.date(2024, 6, 28), title="")
    nebenzia = DelegateFactory(pk=9201, full_name="Vassily Nebenzia", sort_name="Nebenzia, Vassily")
    AliasFactory(delegate=nebenzia, name="Vasily Nebenzya")
    PositionFactory(delegate=nebenzia, party=country("RUS"), title="Permanent Representative")
    wood = DelegateFactory(pk=9202, full_name="Robert Wood", sort_name="Wood, Robert")
    kim = DelegateFactory(pk=9203, full_name="Kim Song", sort_name="Kim, Song")
    sanctions = Topic.objects.get_or_create(slug="sanctions", defaults={"name": "Sanctions"})[0]
    source = SourceFactory(pk=9401, title="Council report", publisher="Example News", url="https://news.example.org/a")
    rows = [
        (9101, first, wood, "USA", Statement.Kind.DIRECT, "Russia broke the embargo on arms to the DPRK.", 1),
        (9102, first, nebenzia, "RUS", Statement.Kind.DIRECT, "These accusations are groundless.", 2),
        (9103, first, kim, "PRK", Statement.Kind.PARAPHRASE, "The envoy said the sanctions were hostile.", 3),
        (9104, second, wood, "USA", Statement.Kind.DIRECT, "The embargo must hold, with “quotes” & <tags>.", 1),
        (9105, second, nebenzia, "RUS", Statement.Kind.SPEECH, "Mr. President, the embargo is a pretext.", 2),
    ]
    statements = {}
    for pk, meeting, speaker, code, kind, text, sequence in rows:
        statements[pk] = StatementFactory(
            pk=pk,
            meeting=meeting,
            speaker=speaker,
            party=country(code),
            kind=kind,
            text=text,
            sequence=sequence,
            speaker_title="Ambassador",
            cite=False,
        )
        Citation.objects.create(statement=statements[pk], source=source, start=sequence * 10, end=sequence * 10 + 5)
    statements[9102].reply_to = statements[9101]
    statements[9102].save()
    statements[9101].topics.add(sanctions)
    statements[9101].joint_parties.add(country("GBR"), country("FRA"))
    Mention.objects.create(statement=statements[9101], party=country("RUS"), relation=Mention.Relation.ACCUSES)
    Mention.objects.create(statement=statements[9102], party=country("USA"), relation=Mention.Relation.REJECTS)
    RecordCheckFactory(statement=statements[9104], speech=statements[9105], start=4, end=13, score=0.75)
    # Timestamps that do not depend on when the test runs.
    for model in (Statement, Meeting, Delegate, Party, Source, Body, Topic, Position):
        names = {field.name for field in model._meta.concrete_fields}
        fields = {name: FIXED for name in ("created", "updated") if name in names}
        if fields:
            model.objects.update(**fields)
    return statements


@pytest.mark.parametrize("name", sorted(URLS))
def test_json_is_unchanged(api_client, fixed_rows, name):
    response = api_client.get(URLS[name], HTTP_ACCEPT="application/json")
    assert response.status_code == 200, response.content[:500]
    body = response.content
    path = GOLDEN / f"{name}.json"
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)
    assert path.exists(), f"no golden file {path.name}: run with UPDATE_GOLDEN=1 once"
    assert body == path.read_bytes(), f"{URLS[name]} answers other bytes than {path.name}"


def test_rows_ids_and_instances_make_the_same_documents(fixed_rows, rf):
    """The three ways a statement reaches `statement_documents`: a page's `values_list` rows, a
    SELECT by id (one statement, and whatever passes ids) and instances (a cursor page)."""
    request = rf.get("/api/v1/statements/", HTTP_HOST="testserver")
    ids = sorted(fixed_rows)
    selected = list(Statement.objects.filter(pk__in=ids).order_by("pk").values_list(*documents.ROW_FIELDS))
    instances = list(statements_for_api().filter(pk__in=ids).order_by("pk"))

    made = documents.statement_documents(selected, request)
    assert documents.statement_documents(documents.statement_rows(ids), request) == made
    assert documents.rows_of_instances(instances) == selected
    assert [document["id"] for document in made] == ids
    assert made[3]["text"] == "The embargo must hold, with “quotes” & <tags>."


def test_statement_rows_keep_the_order_asked_and_leave_out_unknown_ids(fixed_rows):
    assert [row[0] for row in documents.statement_rows([9103, 1, 9101, 9102])] == [9103, 9101, 9102]
    assert documents.statement_rows([]) == []
