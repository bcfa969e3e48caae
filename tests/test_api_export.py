"""?format=csv and ?format=jsonl: every matching row, streamed, in flat columns."""

import csv
import io
import json

import pytest

from tests.factories import (
    DelegateFactory,
    MeetingFactory,
    PositionFactory,
    SourceFactory,
    StatementFactory,
    TopicFactory,
    country,
)

pytestmark = pytest.mark.django_db


def content(response):
    return b"".join(response.streaming_content).decode()


def read_csv(response):
    assert response.status_code == 200, response.content
    return list(csv.DictReader(io.StringIO(content(response))))


@pytest.fixture
def many():
    meeting = MeetingFactory(record_symbol="S/PV.9669", press_release="SC/15755")
    sanctions = TopicFactory(slug="sanctions", name="Sanctions")
    statements = StatementFactory.create_batch(60, meeting=meeting, party=country("RUS"))
    statements[0].topics.add(sanctions, TopicFactory(slug="korea", name="Korea"))
    StatementFactory(party=country("USA"), text='He said "no", then, twice.\nNew line.')
    return statements


def test_csv_streams_every_matching_row_not_one_page(api_client, many):
    response = api_client.get("/api/v1/statements/?format=csv&country=RUS")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="statements.csv"'
    assert response.streaming
    rows = read_csv(response)
    assert len(rows) == 60


def test_csv_has_flat_columns(api_client, many):
    rows = read_csv(api_client.get("/api/v1/statements/?format=csv&country=RUS"))
    first = next(row for row in rows if row["id"] == str(many[0].pk))
    statement = many[0]
    assert first["speaker_name"] == statement.speaker.full_name
    assert first["party_code"] == "RUS"
    assert first["meeting_symbol"] == "S/PV.9669"
    assert first["press_release"] == "SC/15755"
    assert first["meeting_date"] == statement.meeting.date.isoformat()
    assert first["body"] == "security-council"
    assert first["topics"] == "korea;sanctions"
    assert first["source_urls"] == statement.citations.get().source.url
    assert first["web_url"] == f"http://testserver/statements/{statement.pk}/"
    assert list(rows[0]) == [
        "id", "date", "kind", "language", "speaker_id", "speaker_name", "party_code", "party_name",
        "speaker_title", "meeting_id", "meeting_date", "meeting_symbol", "press_release", "body", "reply_to",
        "sequence", "text", "spoken_language", "label", "role", "record_check_result", "record_check_score",
        "is_interpretation", "topics", "source_urls", "joint_parties", "accuses", "criticises", "rejects",
        "calls_on", "defends", "supports", "mentions_only", "citation_source_ids", "citation_starts", "citation_ends",
        "web_url",
    ]  # fmt: skip


def test_csv_quotes_text_with_commas_quotes_and_newlines(api_client, many):
    rows = read_csv(api_client.get("/api/v1/statements/?format=csv&country=USA"))
    assert rows[0]["text"] == 'He said "no", then, twice.\nNew line.'


def test_jsonl_gives_one_object_per_line(api_client, many):
    response = api_client.get("/api/v1/statements/?format=jsonl&country=RUS")
    assert response["Content-Type"] == "application/jsonl; charset=utf-8"
    lines = [json.loads(line) for line in content(response).splitlines()]
    assert len(lines) == 60
    first = next(line for line in lines if line["id"] == many[0].pk)
    assert first["topics"] == ["korea", "sanctions"]
    assert first["party_code"] == "RUS"


def test_export_runs_a_fixed_number_of_queries(api_client, many, django_assert_num_queries):
    # one query: the rows, with topics and source URLs joined by correlated subqueries (on PostgreSQL
    # a COPY of that query)
    with django_assert_num_queries(1):
        content(api_client.get("/api/v1/statements/?format=csv"))


def test_export_follows_search_and_filters(api_client, many):
    rows = read_csv(api_client.get("/api/v1/statements/?format=csv&q=twice"))
    assert [row["party_code"] for row in rows] == ["USA"]


def test_export_with_a_bad_filter_answers_400_in_json(api_client, many):
    response = api_client.get("/api/v1/statements/?format=csv&country=XXZ")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "country" in response.json()["errors"]


def test_an_unknown_format_is_a_400_naming_format(api_client, many):
    response = api_client.get("/api/v1/statements/?format=xml")
    assert response.status_code == 400
    assert "format" in response.json()["errors"]


def test_every_list_exports_csv(api_client, many):
    delegate = DelegateFactory(full_name="Vassily Nebenzia")
    PositionFactory(delegate=delegate, party=country("RUS"))
    SourceFactory()
    for path in [
        "countries", "organisations", "bodies", "delegates", "meetings", "topics", "sources", "relations",
    ]:  # fmt: skip
        response = api_client.get(f"/api/v1/{path}/?format=csv")
        assert response.status_code == 200, path
        body = content(response) if response.streaming else response.content.decode()
        assert len(list(csv.reader(io.StringIO(body)))) >= 1, path
    countries = read_csv(api_client.get("/api/v1/countries/?format=csv"))
    assert len(countries) > 190
    delegates = read_csv(api_client.get("/api/v1/delegates/?format=csv&country=RUS"))
    assert [(row["name"], row["parties"]) for row in delegates] == [("Vassily Nebenzia", "RUS")]


def test_a_meetings_statements_export_in_order(api_client, many):
    meeting = many[0].meeting
    rows = read_csv(api_client.get(f"/api/v1/meetings/{meeting.pk}/statements/?format=csv"))
    assert [row["id"] for row in rows] == [str(s.pk) for s in sorted(many, key=lambda s: s.sequence)]


@pytest.mark.postgres
def test_on_postgresql_csv_comes_from_copy_and_parses_like_the_python_rows(api_client, many):
    from django.test import RequestFactory

    from statements.api import export
    from statements.models import Statement

    queryset = Statement.objects.order_by("-date", "-id")
    request = RequestFactory().get("/")
    python = "".join(export.csv_lines(export.STATEMENTS, export.STATEMENTS.tuples(queryset, request)))
    rows = read_csv(api_client.get("/api/v1/statements/?format=csv"))
    assert rows == list(csv.DictReader(io.StringIO(python)))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)  # the export's own connection, in autocommit as in production
def test_a_csv_export_closed_early_leaves_the_database_usable(api_client, migrated_rows, many):
    from statements.models import Statement

    response = api_client.get("/api/v1/statements/?format=csv")
    next(iter(response.streaming_content))
    response.close()
    assert Statement.objects.count() == 61


def test_the_statement_export_has_what_the_record_says(api_client, many):
    from statements.models import RecordCheck, Role
    from tests.factories import RecordCheckFactory

    speech = StatementFactory(
        party=country("FRA"), kind="speech", language="en", spoken_language="fr", label="Mr. De Rivière (France)",
        role=Role.MEMBER, text="Je parle au nom de la France et de l'Allemagne.",
    )  # fmt: skip
    speech.joint_parties.add(country("DEU"))
    quote = StatementFactory(party=country("USA"), text="in the name of France")
    RecordCheckFactory(statement=quote, speech=speech, result=RecordCheck.Result.NOT_FOUND, score=0.25)
    rows = {row["id"]: row for row in read_csv(api_client.get("/api/v1/statements/?format=csv&country=DEU,USA"))}
    row = rows[str(speech.pk)]
    assert (row["kind"], row["spoken_language"], row["is_interpretation"]) == ("speech", "fr", "true")
    assert (row["label"], row["role"], row["joint_parties"]) == ("Mr. De Rivière (France)", "member", "DEU")
    assert rows[str(quote.pk)]["record_check_result"] == "not-found"
    assert rows[str(quote.pk)]["record_check_score"] == "0.25"
    assert rows[str(quote.pk)]["is_interpretation"] == "false"
    lines = [json.loads(line) for line in content(api_client.get("/api/v1/statements/?format=jsonl&country=DEU"))
             .splitlines()]  # fmt: skip
    assert lines[0]["joint_parties"] == ["DEU"]
    assert lines[0]["is_interpretation"] is True
