"""`?format=xlsx`: every list, summary and object as a spreadsheet whose cells are typed."""

import csv
import datetime
import io

import pytest
from openpyxl import load_workbook
from openpyxl.utils.escape import unescape

from statements.api import spreadsheet
from statements.models import Mention
from tests.factories import MentionFactory, StatementFactory, country
from tests.test_api_export_format import LISTS

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(response):
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == XLSX
    data = b"".join(response.streaming_content) if response.streaming else response.content
    return load_workbook(io.BytesIO(data))


def sheet_rows(response):
    sheet = workbook(response).worksheets[0]
    return [list(row) for row in sheet.iter_rows()]


@pytest.fixture
def statements():
    formula = StatementFactory(party=country("RUS"), text="=HYPERLINK(\"http://example.org\",\"x\")")
    MentionFactory(statement=formula, party=country("USA"), relation=Mention.Relation.ACCUSES)
    StatementFactory(party=country("FRA"), text="@SUM(1+1)*cmd|' /C calc'!A0", date=datetime.date(2024, 5, 1))
    return formula


@pytest.mark.parametrize("name", LISTS)
def test_every_list_is_a_spreadsheet_with_the_csv_columns(api_client, statements, name):
    header = sheet_rows(api_client.get(f"/api/v1/{name}/?format=xlsx"))[0]
    data = b"".join(api_client.get(f"/api/v1/{name}/?format=csv").streaming_content).decode()
    assert [cell.value for cell in header] == next(csv.reader(io.StringIO(data)))


def by_header(rows):
    headers = [cell.value for cell in rows[0]]
    return [dict(zip(headers, row, strict=True)) for row in rows[1:]]


def test_a_text_that_starts_like_a_formula_stays_text(api_client, statements):
    rows = by_header(sheet_rows(api_client.get("/api/v1/statements/?format=xlsx")))
    texts = {row["text"].value: row["text"].data_type for row in rows}
    assert texts == {
        '=HYPERLINK("http://example.org","x")': "s",
        "@SUM(1+1)*cmd|' /C calc'!A0": "s",
    }


def test_numbers_dates_and_booleans_are_typed(api_client, statements):
    row = by_header(sheet_rows(api_client.get("/api/v1/statements/?format=xlsx")))[0]
    assert row["id"].data_type == "n" and row["id"].value == statements.pk
    assert row["date"].is_date and row["date"].value.date() == statements.date
    assert row["is_interpretation"].data_type == "b" and row["is_interpretation"].value is False
    assert row["accuses"].value == "USA" and row["accuses"].data_type == "s"
    # An empty column is an empty cell, not an empty text.
    assert row["reply_to"].value is None


def test_a_code_that_looks_like_a_number_stays_text(api_client, statements):
    from tests.factories import OrganisationFactory

    OrganisationFactory(code="1234", name="0012")
    rows = by_header(sheet_rows(api_client.get("/api/v1/organisations/?format=xlsx")))
    row = next(row for row in rows if row["code"].value == "1234")
    assert row["code"].data_type == "s" and row["official_name"].value == "0012"


def test_control_characters_are_written_in_the_formats_escape(api_client):
    StatementFactory(text="Bell\x07 and _x0041_ as typed\x0c.")
    cell = by_header(sheet_rows(api_client.get("/api/v1/statements/?format=xlsx")))[0]["text"]
    assert cell.value == "Bell_x0007_ and _x005F_x0041_ as typed_x000C_."
    # What a spreadsheet program shows: the text as it was sent.
    assert unescape(cell.value) == "Bell\x07 and _x0041_ as typed\x0c."


def test_tabs_and_line_breaks_stay_as_they_are(api_client):
    StatementFactory(text="\tIndented\nand on two lines ")
    cell = by_header(sheet_rows(api_client.get("/api/v1/statements/?format=xlsx")))[0]["text"]
    assert cell.value == "\tIndented\nand on two lines "


def test_accept_xlsx_gives_the_same_file_as_the_format(api_client, statements):
    by_accept = sheet_rows(api_client.get("/api/v1/statements/", HTTP_ACCEPT=XLSX))
    by_format = sheet_rows(api_client.get("/api/v1/statements/?format=xlsx"))
    assert [[cell.value for cell in row] for row in by_accept] == [[cell.value for cell in row] for row in by_format]


def test_rows_past_a_sheets_last_go_on_to_another_sheet(api_client, statements, monkeypatch):
    monkeypatch.setattr(spreadsheet, "MAX_ROWS", 2)  # the header and one row
    book = workbook(api_client.get("/api/v1/statements/?format=xlsx"))
    assert book.sheetnames == ["statements", "statements (2)"]
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][0] == "id" and len(rows) == 2


def test_the_facets_are_a_spreadsheet_of_flat_rows(api_client, statements):
    response = api_client.get("/api/v1/statements/facets/?format=xlsx")
    rows = [[cell.value for cell in row] for row in sheet_rows(response)]
    assert rows[0] == ["facet", "key", "name", "count"]
    assert ["country", "RUS", country("RUS").display_name, 1] in rows


def test_the_relations_are_a_spreadsheet_with_dates(api_client, statements):
    rows = by_header(sheet_rows(api_client.get("/api/v1/relations/?format=xlsx")))
    assert [(row["source_code"].value, row["relation"].value, row["target_code"].value) for row in rows] == [
        ("RUS", "accuses", "USA")
    ]
    assert rows[0]["first_date"].is_date and rows[0]["statements"].value == 1


def test_one_statement_is_a_spreadsheet_of_one_flat_row(api_client, statements):
    rows = by_header(sheet_rows(api_client.get(f"/api/v1/statements/{statements.pk}/?format=xlsx")))
    assert len(rows) == 1
    assert rows[0]["party_code"].value == "RUS"
    assert rows[0]["text"].data_type == "s"


def test_an_unknown_format_names_xlsx_among_the_known(api_client):
    response = api_client.get("/api/v1/statements/?format=xls")
    assert response.status_code == 400
    assert "xlsx" in response.json()["errors"]["format"][0]


def test_an_error_is_still_json(api_client):
    response = api_client.get("/api/v1/statements/?format=xlsx&country=XXX")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "country" in response.json()["errors"]
