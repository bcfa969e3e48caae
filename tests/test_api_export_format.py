"""The exports' form: one line ending, one extension, the JSON's names, no JSON in a cell, text as sent."""

import csv
import io
import json

import pytest

from statements.models import Country, Mention, Statement
from tests.factories import CouncilSeatFactory, MentionFactory, SourceFactory, StatementFactory, TopicFactory, country

pytestmark = pytest.mark.django_db

# Every list of the API that can be exported, as a client names it.
LISTS = [
    "statements",
    "meetings",
    "delegates",
    "sources",
    "topics",
    "bodies",
    "countries",
    "organisations",
    "votes",
    "drafts",
    "seats",
    "mentions",
    "citations",
    "ballots",
]


def content(response):
    assert response.status_code == 200, response.content
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def statement():
    Country.objects.filter(code="RUS").update(name="Russian Federation", short_name="Russia")
    statement = StatementFactory(party=country("RUS"), text="We object.\nTwice.")
    statement.topics.add(TopicFactory(slug="sanctions"))
    MentionFactory(statement=statement, party=country("USA"), relation=Mention.Relation.ACCUSES)
    CouncilSeatFactory(country=country("RUS"), body=statement.meeting.body, kind="permanent")
    return statement


@pytest.mark.parametrize("name", LISTS)
def test_every_csv_ends_its_lines_in_lf(api_client, statement, name):
    data = content(api_client.get(f"/api/v1/{name}/?format=csv"))
    assert data.endswith(b"\n")
    assert b"\r" not in data


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/relations/?format=csv",
        "/api/v1/statements/timeline/?format=csv",
        "/api/v1/statements/facets/?format=csv",
        "/api/v1/statements/{pk}/?format=csv",
    ],
)
def test_a_summary_or_one_object_as_csv_ends_its_lines_in_lf_too(api_client, statement, path):
    data = content(api_client.get(path.format(pk=statement.pk)))
    assert data.endswith(b"\n")
    assert b"\r" not in data


def test_a_line_break_inside_a_text_stays_as_it_is(api_client, statement):
    rows = list(csv.DictReader(io.StringIO(content(api_client.get("/api/v1/statements/?format=csv")).decode())))
    assert rows[0]["text"] == "We object.\nTwice."


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("fmt", ["csv", "jsonl", "xlsx"])
def test_every_export_has_a_file_name_with_one_extension(api_client, statement, name, fmt):
    response = api_client.get(f"/api/v1/{name}/?format={fmt}")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{name}.{fmt}"'


def test_a_format_suffix_is_not_a_second_extension(api_client, statement):
    response = api_client.get("/api/v1/statements.csv")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="statements.csv"'


@pytest.mark.parametrize(
    "path, name",
    [
        ("/api/v1/statements/facets/", "statements-facets"),
        ("/api/v1/statements/timeline/", "statements-timeline"),
        ("/api/v1/relations/", "relations"),
        ("/api/v1/statements/{pk}/", "statements-{pk}"),
        ("/api/v1/countries/RUS/", "countries-RUS"),
    ],
)
def test_a_summary_or_one_object_is_a_named_file_too(api_client, statement, path, name):
    for fmt in ["csv", "jsonl", "xlsx"]:
        response = api_client.get(path.format(pk=statement.pk) + f"?format={fmt}")
        assert response.status_code == 200
        assert response["Content-Disposition"] == f'attachment; filename="{name.format(pk=statement.pk)}.{fmt}"'


def test_a_json_answer_is_not_an_attachment(api_client, statement):
    assert "Content-Disposition" not in api_client.get("/api/v1/statements/facets/")


def flat_json(item):
    """The scalar values of a JSON item by the CSV's names: `party.name` as `party_name`."""
    values = {}
    for name, value in item.items():
        if isinstance(value, dict):
            values.update({f"{name}_{field}": inner for field, inner in value.items() if not isinstance(inner, dict)})
        elif not isinstance(value, list):
            values[name] = value
    return values


def as_csv(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@pytest.mark.parametrize("name", ["statements", "meetings", "sources", "delegates", "countries", "seats", "mentions"])
def test_a_column_named_as_a_json_field_holds_the_same_value(api_client, statement, name):
    item = api_client.get(f"/api/v1/{name}/").json()["results"][0]
    row = next(csv.DictReader(io.StringIO(content(api_client.get(f"/api/v1/{name}/?format=csv")).decode())))
    json_values = flat_json(item)
    shared = [header for header in row if header in json_values]
    assert shared, "no column shares a name with the JSON"
    assert {header: row[header] for header in shared} == {header: as_csv(json_values[header]) for header in shared}


def test_party_name_is_the_same_string_in_json_and_csv(api_client, statement):
    item = api_client.get("/api/v1/statements/").json()["results"][0]
    row = next(csv.DictReader(io.StringIO(content(api_client.get("/api/v1/statements/?format=csv")).decode())))
    line = json.loads(content(api_client.get("/api/v1/statements/?format=jsonl")).decode().splitlines()[0])
    assert item["party"]["name"] == row["party_name"] == line["party_name"] == "Russia"


def test_the_country_export_names_a_party_as_the_json_does(api_client, statement):
    item = api_client.get("/api/v1/countries/RUS/").json()
    rows = csv.DictReader(io.StringIO(content(api_client.get("/api/v1/countries/?format=csv")).decode()))
    row = next(row for row in rows if row["code"] == "RUS")
    names = ("Russia", "Russian Federation")
    assert (row["name"], row["official_name"]) == (item["name"], item["official_name"]) == names


def cells(data):
    return [cell for row in csv.reader(io.StringIO(data.decode())) for cell in row]


def test_the_facets_as_csv_are_flat_rows(api_client, statement):
    data = content(api_client.get("/api/v1/statements/facets/?format=csv"))
    rows = list(csv.DictReader(io.StringIO(data.decode())))
    assert list(rows[0]) == ["facet", "key", "name", "count"]
    assert {"facet": "country", "key": "RUS", "name": "Russia", "count": "1"} in rows
    assert {"facet": "topic", "key": "sanctions", "name": statement.topics.get().name, "count": "1"} in rows
    assert not any(cell.startswith(("{", "[")) for cell in cells(data))


def test_one_statement_as_csv_has_no_json_in_a_cell(api_client, statement):
    data = content(api_client.get(f"/api/v1/statements/{statement.pk}/?format=csv"))
    row = next(csv.DictReader(io.StringIO(data.decode())))
    assert row["party_code"] == "RUS" and row["party_name"] == "Russia"
    assert row["mentions_code"] == "USA" and row["mentions_relation"] == "accuses"
    assert not any(cell.startswith(("{", "[")) for cell in cells(data))


QUOTE = "\t  We will not comply. "


def test_a_quote_is_stored_and_exported_as_sent(editor_client, api_client):
    source = SourceFactory(text="He said: we will not comply.")
    payload = {
        "date": "2024-06-28",
        "party": "RUS",
        "kind": "direct",
        "text": QUOTE,
        "citations": [{"source": source.pk}],
    }
    response = editor_client.post("/api/v1/statements/", payload, format="json")
    assert response.status_code == 201, response.content
    assert Statement.objects.get().text == QUOTE
    assert response.json()["text"] == QUOTE
    row = next(csv.DictReader(io.StringIO(content(api_client.get("/api/v1/statements/?format=csv")).decode())))
    assert row["text"] == QUOTE
    line = content(api_client.get("/api/v1/statements/?format=jsonl")).decode().splitlines()[0]
    assert json.loads(line)["text"] == QUOTE


def test_a_blank_quote_is_still_refused(editor_client):
    source = SourceFactory(text="Nothing.")
    payload = {"date": "2024-06-28", "kind": "direct", "text": " \t", "citations": [{"source": source.pk}]}
    response = editor_client.post("/api/v1/statements/", payload, format="json")
    assert response.status_code == 400
    assert "text" in response.json()["errors"]


@pytest.mark.postgres
def test_the_copy_export_and_the_python_export_end_lines_alike(api_client, statement):
    from django.test import RequestFactory

    from statements.api import export

    StatementFactory(party=country("FRA"), text="Line one,\nline \"two\".")
    copied = content(api_client.get("/api/v1/statements/?format=csv")).decode()
    queryset = Statement.objects.order_by("-date", "-id")
    request = RequestFactory().get("/")
    written = "".join(export.csv_lines(export.STATEMENTS, export.STATEMENTS.tuples(queryset, request)))
    assert "\r" not in copied and "\r" not in written
    assert copied.count("\n") == written.count("\n")
    assert list(csv.reader(io.StringIO(copied))) == list(csv.reader(io.StringIO(written)))
