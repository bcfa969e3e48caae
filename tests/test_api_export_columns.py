"""The statement export's mention and citation columns, JSON Lines' line breaks, and `Accept`."""

import csv
import io
import json

import pytest

from statements.models import Mention
from tests.factories import CitationFactory, MentionFactory, SourceFactory, StatementFactory, TopicFactory, country

pytestmark = pytest.mark.django_db

RELATIONS = ["accuses", "criticises", "rejects", "calls_on", "defends", "supports", "mentions_only"]


def content(response):
    assert response.status_code == 200, response.content
    return b"".join(response.streaming_content).decode()


def read_csv(response):
    return {row["id"]: row for row in csv.DictReader(io.StringIO(content(response)))}


def read_jsonl(response):
    # Split on "\n" only: that is the line ending; splitlines() is tested on its own below.
    return {line["id"]: line for line in map(json.loads, content(response).split("\n")[:-1])}


@pytest.fixture
def statement():
    statement = StatementFactory(party=country("USA"), cite=False)
    first, second = SourceFactory(), SourceFactory()
    CitationFactory(statement=statement, source=first, start=10, end=42)
    CitationFactory(statement=statement, source=second)  # no offsets
    for code, relation in [
        ("RUS", Mention.Relation.ACCUSES), ("PRK", Mention.Relation.ACCUSES), ("CHN", Mention.Relation.CALLS_ON),
        ("UKR", Mention.Relation.SUPPORTS), ("RUS", Mention.Relation.MENTIONS),
    ]:  # fmt: skip
        MentionFactory(statement=statement, party=country(code), relation=relation)
    statement.cited = [first, second]
    return statement


def test_the_statement_csv_has_a_column_of_party_codes_per_relation(api_client, statement):
    row = read_csv(api_client.get("/api/v1/statements/?format=csv"))[str(statement.pk)]
    assert {relation: row[relation] for relation in RELATIONS} == {
        "accuses": "PRK;RUS", "criticises": "", "rejects": "", "calls_on": "CHN", "defends": "",
        "supports": "UKR", "mentions_only": "RUS",
    }  # fmt: skip


def test_the_statement_csv_has_the_citations_in_parallel_columns(api_client, statement):
    row = read_csv(api_client.get("/api/v1/statements/?format=csv"))[str(statement.pk)]
    first, second = statement.cited
    assert row["citation_source_ids"] == f"{first.pk};{second.pk}"
    assert row["citation_starts"] == "10;"
    assert row["citation_ends"] == "42;"


def test_a_statement_without_mentions_or_citations_has_empty_cells(api_client):
    bare = StatementFactory(cite=False)
    row = read_csv(api_client.get("/api/v1/statements/?format=csv"))[str(bare.pk)]
    assert [row[header] for header in [*RELATIONS, "citation_source_ids", "citation_starts", "citation_ends"]] == [
        ""
    ] * 10


def test_the_statement_jsonl_has_the_same_columns_as_arrays(api_client, statement):
    csv_header = next(csv.reader(io.StringIO(content(api_client.get("/api/v1/statements/?format=csv")))))
    line = read_jsonl(api_client.get("/api/v1/statements/?format=jsonl"))[statement.pk]
    assert list(line) == csv_header
    first, second = statement.cited
    assert (line["accuses"], line["calls_on"], line["criticises"]) == (["PRK", "RUS"], ["CHN"], [])
    assert line["citation_source_ids"] == [first.pk, second.pk]
    assert (line["citation_starts"], line["citation_ends"]) == ([10, None], [42, None])


def test_one_citation_without_offsets_is_one_null_not_none(api_client):
    statement = StatementFactory(cite=False)
    source = CitationFactory(statement=statement).source
    line = read_jsonl(api_client.get("/api/v1/statements/?format=jsonl"))[statement.pk]
    citations = (line["citation_source_ids"], line["citation_starts"], line["citation_ends"])
    assert citations == ([source.pk], [None], [None])


def test_the_export_still_runs_one_query_with_mentions_and_citations(api_client, statement, django_assert_num_queries):
    StatementFactory.create_batch(5)
    # one query: the rows with every many-valued column as a correlated subquery (on PostgreSQL
    # the CSV is a COPY of it); JSON Lines is that one query too
    with django_assert_num_queries(1):
        content(api_client.get("/api/v1/statements/?format=csv"))
    with django_assert_num_queries(1):
        content(api_client.get("/api/v1/statements/?format=jsonl"))


def test_jsonl_escapes_the_line_separators_that_splitlines_breaks_on(api_client):
    text = "one\u2028two\u2029three\x85four"
    StatementFactory(text=text)
    body = content(api_client.get("/api/v1/statements/?format=jsonl"))
    assert "\u2028" not in body and "\u2029" not in body and "\x85" not in body
    assert "\\u2028" in body and "\\u2029" in body and "\\u0085" in body
    lines = body.splitlines()
    assert len(lines) == 1
    assert json.loads(lines[0])["text"] == text


def test_a_single_object_as_jsonl_escapes_the_line_separators(api_client):
    statement = StatementFactory(text="one\u2028two")
    response = api_client.get(f"/api/v1/statements/{statement.pk}/?format=jsonl")
    assert response.status_code == 200
    body = response.content.decode()
    assert "\u2028" not in body
    assert len(body.splitlines()) == 1
    assert json.loads(body)["text"] == "one\u2028two"


def test_accept_text_csv_gives_the_same_file_as_format_csv(api_client, statement):
    StatementFactory.create_batch(3)
    by_format = api_client.get("/api/v1/statements/?format=csv")
    by_accept = api_client.get("/api/v1/statements/", HTTP_ACCEPT="text/csv")
    assert by_accept["Content-Type"] == by_format["Content-Type"]
    assert by_accept["Content-Disposition"] == by_format["Content-Disposition"]
    assert content(by_accept) == content(by_format)


def test_accept_jsonl_gives_the_same_file_as_format_jsonl(api_client, statement):
    by_format = api_client.get("/api/v1/statements/?format=jsonl")
    by_accept = api_client.get("/api/v1/statements/", HTTP_ACCEPT="application/jsonl")
    assert by_accept["Content-Type"] == by_format["Content-Type"]
    assert content(by_accept) == content(by_format)


@pytest.mark.postgres
def test_on_postgresql_the_copy_csv_has_the_same_mentions_and_citations(api_client, statement):
    from django.test import RequestFactory

    from statements.api import export
    from statements.models import Statement

    lone = StatementFactory(cite=False)
    CitationFactory(statement=lone)  # one citation without offsets: one empty value, not none
    queryset = Statement.objects.order_by("-date", "-id")
    tuples = export.STATEMENTS.tuples(queryset, RequestFactory().get("/"))
    python = "".join(export.csv_lines(export.STATEMENTS, tuples))
    copied = read_csv(api_client.get("/api/v1/statements/?format=csv"))
    assert copied == {row["id"]: row for row in csv.DictReader(io.StringIO(python))}
    assert copied[str(statement.pk)]["accuses"] == "PRK;RUS"
    assert copied[str(statement.pk)]["citation_starts"] == "10;"


@pytest.mark.postgres
def test_on_postgresql_a_whole_table_joins_grouped_rows_and_writes_the_same_file(statement):
    """A whole table's COPY aggregates each related table once (issue 16); a filtered one runs a
    subquery per row. Both must write the same bytes for the same rows, in the same order."""
    from django.db import connection
    from django.test import RequestFactory

    from statements.api import export
    from statements.models import Statement

    lone = StatementFactory(cite=False)
    CitationFactory(statement=lone)
    lone.topics.add(TopicFactory(slug="sanctions"), TopicFactory(slug="korea"))
    StatementFactory(text='He said "no", then, twice.\nNew line.')
    request = RequestFactory().get("/")
    whole = export.STATEMENTS.copy_sql(Statement.objects.order_by("-date", "-id"), request)
    filtered = export.STATEMENTS.copy_sql(Statement.objects.filter(pk__gt=0).order_by("-date", "-id"), request)
    assert " AS m0(k, joined)" in whole and " AS m0(k, joined)" not in filtered

    def copied(sql):
        out = io.StringIO()
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(sql, out)
        return out.getvalue()

    assert copied(whole) == copied(filtered)
    assert len(copied(whole).splitlines()) == Statement.objects.count() + 1  # the text holds one newline
