"""Cursor paging of /api/v1/statements/ while rows are added and deleted at the page boundary.

The cursor is a keyset on the whole sort key: rows present throughout a walk are each seen once,
in order, whatever is inserted or deleted next to the last row shown (same date, same meeting,
ids just below and above it).
"""

import datetime

import pytest

from statements.models import Statement
from tests.factories import DelegateFactory, MeetingFactory, StatementFactory

pytestmark = pytest.mark.django_db

FIRST_DAY = datetime.date(2024, 3, 1)
SECOND_DAY = datetime.date(2024, 3, 2)

# Each ordering the API allows, written out independently of the code under test: (column,
# descending) pairs. A missing meeting or sequence (None) sorts after every value going up and
# before every value going down.
ORDERINGS = {
    "-date": [("date", True), ("id", True)],
    "date": [("date", False), ("id", False)],
    "meeting_order": [("meeting_date", False), ("meeting_id", False), ("sequence", False), ("id", False)],
    "-meeting_order": [("meeting_date", True), ("meeting_id", True), ("sequence", False), ("id", False)],
    "id": [("id", False)],
    "-id": [("id", True)],
}


def sort_key_columns(statement):
    return {
        "date": statement.date,
        "meeting_date": statement.meeting.date if statement.meeting else None,
        "meeting_id": statement.meeting_id,
        "sequence": statement.sequence,
        "id": statement.pk,
    }


def in_order(statements, ordering):
    """`statements` sorted as the API should walk them: stable sorts from the last column to the first."""
    rows = [sort_key_columns(statement) for statement in statements]
    for column, descending in reversed(ORDERINGS[ordering]):
        rows.sort(key=lambda row: (row[column] is None, row[column] or 0), reverse=descending)
    return [row["id"] for row in rows]


@pytest.fixture
def archive():
    """Thirty statements on two days, in three meetings or none, some without a sequence number.

    Ids go by tens, so that rows can be inserted with ids just below and above any of them.
    """
    speaker = DelegateFactory()
    meetings = [
        MeetingFactory(date=FIRST_DAY),
        MeetingFactory(date=FIRST_DAY),
        MeetingFactory(date=SECOND_DAY),
        None,
    ]
    statements = []
    for n in range(30):
        meeting = meetings[n % 4]
        statements.append(
            StatementFactory(
                pk=100 + 10 * n,
                meeting=meeting,
                date=meeting.date if meeting else (FIRST_DAY, SECOND_DAY)[n % 2],
                sequence=None if n % 5 == 0 else n,
                speaker=speaker,
                cite=False,
            )
        )
    return statements


def insert_around(boundary, taken):
    """Two statements with the boundary's date and meeting, the free ids nearest below and above its id."""
    for direction in (-1, 1):
        pk = next(
            pk for pk in range(boundary.pk + direction, boundary.pk + 10 * direction, direction) if pk not in taken
        )
        taken.add(pk)
        StatementFactory(
            pk=pk, meeting=boundary.meeting, date=boundary.date, sequence=None, speaker=boundary.speaker, cite=False
        )


@pytest.mark.parametrize("ordering", ORDERINGS)
def test_a_cursor_walk_sees_every_row_present_throughout_once_while_rows_come_and_go(api_client, archive, ordering):
    initial = {statement.pk for statement in archive}
    taken, deleted, seen = set(initial), set(), []
    url = f"/api/v1/statements/?cursor=&page_size=4&ordering={ordering}"
    while url:
        body = api_client.get(url).json()
        page = [item["id"] for item in body["results"]]
        seen += page
        url = body["next"]
        if not url or len(page) < 3:
            continue
        # At the boundary: rows on the same date and in the same meeting as the last row shown,
        # with ids either side of its id; then the last row itself, the one before it (both shown)
        # and the first one not shown yet are deleted.
        boundary = Statement.objects.select_related("meeting").get(pk=page[-1])
        insert_around(boundary, taken)
        following = in_order(Statement.objects.select_related("meeting"), ordering)
        after = following[following.index(boundary.pk) + 1 :]
        gone = {page[-1], page[-2], *after[:1]}
        Statement.objects.filter(pk__in=gone).delete()
        deleted |= gone

    assert len(seen) == len(set(seen)), "a row was repeated"
    present_throughout = Statement.objects.select_related("meeting").filter(pk__in=initial - deleted)
    assert [pk for pk in seen if pk in initial - deleted] == in_order(present_throughout, ordering)
    # The walk crossed many boundaries, each with insertions and deletions.
    assert len(deleted) >= 10


@pytest.mark.parametrize("ordering", ORDERINGS)
def test_a_cursor_walk_without_changes_gives_the_same_rows_as_one_big_page(api_client, archive, ordering):
    seen = []
    url = f"/api/v1/statements/?cursor=&page_size=7&ordering={ordering}"
    while url:
        body = api_client.get(url).json()
        seen += [item["id"] for item in body["results"]]
        url = body["next"]
    assert seen == in_order(archive, ordering)


@pytest.mark.parametrize("ordering", ["-date", "meeting_order"])
def test_previous_leads_back_through_the_same_pages(api_client, archive, ordering):
    pages, url = [], f"/api/v1/statements/?cursor=&page_size=8&ordering={ordering}"
    while url:
        body = api_client.get(url).json()
        pages.append([item["id"] for item in body["results"]])
        url = body["next"]
    assert body["previous"] is not None
    back, url = [], body["previous"]
    while url:
        body = api_client.get(url).json()
        back.append([item["id"] for item in body["results"]])
        url = body["previous"]
    assert back == pages[-2::-1]


def test_the_first_page_has_no_previous_link(api_client, archive):
    body = api_client.get("/api/v1/statements/?cursor=&page_size=8").json()
    assert body["previous"] is None
    assert body["next"].startswith("http://testserver/api/v1/statements/?cursor=")


def test_a_walk_past_rows_deleted_at_the_end_ends_with_an_empty_page(api_client, archive):
    body = api_client.get("/api/v1/statements/?cursor=&page_size=29&ordering=id").json()
    Statement.objects.filter(pk=archive[-1].pk).delete()
    last = api_client.get(body["next"]).json()
    assert (last["results"], last["next"]) == ([], None)


def test_it_refuses_a_cursor_that_was_tampered_with(api_client, archive):
    url = api_client.get("/api/v1/statements/?cursor=&page_size=4").json()["next"]
    token = url.split("cursor=")[1].split("&")[0]
    tampered = token[:5] + ("A" if token[5] != "A" else "B") + token[6:]
    response = api_client.get(f"/api/v1/statements/?cursor={tampered}&page_size=4")
    assert response.status_code == 400
    assert response.json()["errors"]["cursor"] == [
        "Not a cursor this API gave out; start with `cursor=` and follow `next`."
    ]


def test_it_refuses_a_cursor_of_another_ordering(api_client, archive):
    url = api_client.get("/api/v1/statements/?cursor=&page_size=4&ordering=date").json()["next"]
    response = api_client.get(url.replace("ordering=date", "ordering=meeting_order"))
    assert response.status_code == 400
    assert "ordering=date" in response.json()["errors"]["cursor"][0]


def test_a_cursor_walks_a_search_in_date_order(api_client, archive):
    Statement.objects.filter(pk__in=[100, 110, 120]).update(text="Sanctions are not the answer.")
    body = api_client.get("/api/v1/statements/?q=sanctions&cursor=&page_size=2").json()
    second = api_client.get(body["next"]).json()
    assert [item["id"] for item in body["results"] + second["results"]] == [120, 110, 100]
    assert second["next"] is None


def test_a_meeting_order_page_runs_a_fixed_number_of_queries(api_client, archive, django_assert_num_queries):
    url = api_client.get("/api/v1/statements/?cursor=&page_size=5&ordering=meeting_order").json()["next"]
    # page, topics, citations with sources, mentions with
    # parties, replies, joint parties, checks against the record (no count)
    with django_assert_num_queries(2):
        api_client.get(url)
