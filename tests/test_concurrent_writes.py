"""Two editors writing the same statement at the same moment, each on a connection of their own (PostgreSQL).

The reproduction of issue 13: one editor PATCHes the text while another PATCHes the speaker's
title. Before the row lock, the second save wrote back the text it had read before the first
one saved, and the history credited that undoing to the second editor.
"""

import threading
from functools import partial

import pytest
from django.db import connections
from django.test import Client

from tests.api_support import token_client
from tests.factories import StatementFactory, editor_user

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migrated_rows")]

ROUNDS = 40


def at_once(*calls):
    """Run the calls in threads released together; each thread uses, then closes, its own connection."""
    start = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            start.wait()
            results[index] = call()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def post(client, path, data):
    return client.post(path, data).status_code


def patch(client, statement, data, reason):
    response = client.patch(f"/api/v1/statements/{statement.pk}/", data, format="json", HTTP_X_CHANGE_REASON=reason)
    return response.status_code


def test_two_editors_changing_different_fields_both_keep_their_change_and_the_history_is_true():
    statement = StatementFactory(text="Round 0.", speaker_title="Title 0")
    alice, bob = token_client(editor_user("alice")), token_client(editor_user("bob"))

    for round_ in range(1, ROUNDS + 1):
        statuses = at_once(
            partial(patch, alice, statement, {"text": f"Round {round_}."}, f"Text of round {round_}"),
            partial(patch, bob, statement, {"speaker_title": f"Title {round_}"}, f"Title of round {round_}"),
        )
        assert statuses == [200, 200]
        statement.refresh_from_db()
        assert (statement.text, statement.speaker_title) == (f"Round {round_}.", f"Title {round_}"), round_

    records = (
        token_client(editor_user("reader"))
        .get(f"/api/v1/statements/{statement.pk}/history/", {"page_size": 500})
        .json()["results"]
    )
    changed = [record for record in records if record["type"] == "changed"]
    assert len(changed) == 2 * ROUNDS
    for record in changed:
        # Each editor changed one field, from the value before to their own: nothing else.
        round_ = record["reason"].rsplit(" ", 1)[-1]
        if record["user"] == "alice":
            assert [(c["field"], c["new"]) for c in record["changes"]] == [("text", f"Round {round_}.")], record
            assert record["changes"][0]["old"] == f"Round {int(round_) - 1}."
        else:
            assert record["user"] == "bob"
            assert [(c["field"], c["new"]) for c in record["changes"]] == [("speaker_title", f"Title {round_}")], record
            assert record["changes"][0]["old"] == f"Title {int(round_) - 1}"


def test_a_correction_on_the_correction_screen_is_not_undone_by_an_api_patch_of_another_field():
    statement = StatementFactory(text="Round 0.", speaker_title="Title 0")
    screen = Client()
    screen.force_login(editor_user("alice"))
    api = token_client(editor_user("bob"))
    path = f"/editor/statements/{statement.pk}/correct/"

    text = "Round 0."
    for round_ in range(1, 21):
        form = screen.get(path).context["form"]
        data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
        data.update(text=f"Round {round_}.", reason=f"Round {round_}")
        corrected, patched = at_once(
            partial(post, screen, path, data),
            partial(patch, api, statement, {"speaker_title": f"Title {round_}"}, f"Round {round_}"),
        )
        assert patched == 200
        statement.refresh_from_db()
        assert statement.speaker_title == f"Title {round_}"
        # Saved and kept, or refused because the PATCH came first: never saved and then lost.
        if corrected == 302:
            text = f"Round {round_}."
        else:
            assert corrected == 400
        assert statement.text == text, round_


def test_a_write_with_a_stale_if_match_gets_412_while_another_write_commits_first():
    statement = StatementFactory(text="Before.", speaker_title="Ambassador")
    alice, bob = token_client(editor_user("alice")), token_client(editor_user("bob"))
    version = alice.get(f"/api/v1/statements/{statement.pk}/")["ETag"]

    def write(client, data):
        return client.patch(
            f"/api/v1/statements/{statement.pk}/", data, format="json", HTTP_IF_MATCH=version
        ).status_code

    statuses = at_once(lambda: write(alice, {"text": "Alice."}), lambda: write(bob, {"speaker_title": "Envoy"}))

    # Both read the same version; whichever locked the row second found it changed.
    assert sorted(statuses) == [200, 412]
    statement.refresh_from_db()
    assert (statement.text, statement.speaker_title) in [("Alice.", "Ambassador"), ("Before.", "Envoy")]
