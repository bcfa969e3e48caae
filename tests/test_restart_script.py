"""The judgement of bench/restart.py: which failures count as the restart's, which writes are lost.

The script itself restarts a PostgreSQL cluster, so it is run by hand (bench/README.md); these
tests cover the parts that decide its verdict.
"""

import pytest
from django.db import OperationalError

from bench.restart import (
    MARKER_PREFIX,
    Outcome,
    Record,
    cluster_on_port,
    compare_writes,
    delete_probes,
    stored_probes,
)
from statements.api.views import StatementViewSet
from statements.models import Statement
from tests.factories import MeetingFactory, StatementFactory


def outcome(*records):
    # Load from 0 s; the restart issued at 10 s, PostgreSQL back at 12 s.
    return Outcome("restart", list(records), started=0.0, issued=10.0, back=12.0)


def test_failures_overlapping_the_restart_window_or_its_margin_are_the_restarts():
    during = Record("page", 10.5, 10.6, 500)
    cut_off_when_it_began = Record("write", 9.8, 10.2, None, "RemoteDisconnected")
    just_after = Record("api list", 12.4, 12.5, 500)
    later = Record("api list", 13.5, 13.6, 500)
    before = Record("page", 4.0, 4.1, 500)
    succeeded_later = Record("page", 20.0, 20.1, 200)
    result = outcome(during, cut_off_when_it_began, just_after, later, before, succeeded_later)
    assert result.outside(margin=1.0) == [later, before]
    assert result.outside(margin=2.0) == [before]


def test_first_success_after_the_database_is_back_counts_only_requests_started_after():
    result = outcome(
        Record("page", 11.0, 12.3, 200),  # started during the outage
        Record("page", 12.1, 12.2, 500),
        Record("api list", 12.2, 12.5, 200),
        Record("write", 12.4, 12.9, 201),
    )
    assert result.first_success_after(writes=False) == pytest.approx(0.5)
    assert result.first_success_after(writes=True) == pytest.approx(0.9)
    assert outcome(Record("write", 12.4, 12.9, 500)).first_success_after(writes=True) is None
    # After an idle restart, from when the clients resumed.
    result.resumed = 12.3
    assert result.first_success_after(writes=False) is None
    assert result.first_success_after(writes=True) == pytest.approx(0.6)


def test_acknowledged_writes_must_be_stored_under_the_id_returned():
    stored_right = Record("write", 1, 2, 201, marker="m1", statement_id=7)
    not_stored = Record("write", 1, 2, 201, marker="m2", statement_id=8)
    stored_under_another_id = Record("write", 1, 2, 201, marker="m3", statement_id=9)
    failed_but_stored = Record("write", 1, 2, 500, marker="m4")
    no_answer_not_stored = Record("write", 1, 2, None, "ConnectionRefusedError", marker="m5")
    read = Record("page", 1, 2, 200)
    records = [stored_right, not_stored, stored_under_another_id, failed_but_stored, no_answer_not_stored, read]
    acknowledged, missing, ambiguous = compare_writes(records, {"m1": 7, "m3": 10, "m4": 11})
    assert acknowledged == [stored_right, not_stored, stored_under_another_id]
    assert missing == [not_stored, stored_under_another_id]
    assert ambiguous == [failed_but_stored]


@pytest.mark.django_db
def test_stored_probes_finds_this_runs_markers_only():
    mine = StatementFactory(text=f"{MARKER_PREFIX} ab12-restart-1: we object.")
    StatementFactory(text=f"{MARKER_PREFIX} ab12-stop-start-2: we object.")
    StatementFactory(text=f"{MARKER_PREFIX} cd34-restart-1: we object.")  # another run
    StatementFactory(text="We object.")
    stored = stored_probes("ab12")
    assert stored[f"{MARKER_PREFIX} ab12-restart-1"] == mine.pk
    assert sorted(stored) == [f"{MARKER_PREFIX} ab12-restart-1", f"{MARKER_PREFIX} ab12-stop-start-2"]


@pytest.mark.django_db
def test_deleting_the_probes_leaves_no_statement_or_history_row_of_theirs():
    StatementFactory(text=f"{MARKER_PREFIX} ab12-restart-1: we object.")
    other = StatementFactory(text="We object.")
    delete_probes(f"{MARKER_PREFIX} ab12-")
    assert list(Statement.objects.all()) == [other]
    assert list(Statement.history.values_list("text", flat=True)) == ["We object."]


def test_the_cluster_is_found_by_its_port_in_pg_lsclusters_output():
    listing = (
        "15  main    5432 online postgres /var/lib/postgresql/15/main   /var/log/postgresql/postgresql-15-main.log\n"
        "15  faults  5433 down   postgres /var/lib/postgresql/15/faults /var/log/postgresql/postgresql-15-faults.log\n"
    )
    assert cluster_on_port(listing, 5433) == ("15", "faults")
    assert cluster_on_port(listing, 5432) == ("15", "main")
    assert cluster_on_port(listing, 6543) is None


@pytest.mark.django_db
def test_a_write_whose_answer_cannot_be_read_back_is_not_stored(editor_client, monkeypatch):
    # As when PostgreSQL restarts between the insert and the read of the answer: the caller gets an
    # error, so the statement must not be there (a retry would otherwise store it twice).
    def database_gone(self, instance):
        raise OperationalError("server closed the connection unexpectedly")

    meeting = MeetingFactory()
    payload = {"meeting": meeting.pk, "date": meeting.date.isoformat(), "text": "We object.", "kind": "direct"}
    monkeypatch.setattr(StatementViewSet, "read_representation", database_gone)
    # The caller is told to retry (statements/ops/middleware.py), and nothing was stored.
    assert editor_client.post("/api/v1/statements/", payload, format="json").status_code == 503
    assert not Statement.objects.filter(text="We object.").exists()
    monkeypatch.undo()
    assert editor_client.post("/api/v1/statements/", payload, format="json").status_code == 201
    assert Statement.objects.filter(text="We object.").count() == 1
