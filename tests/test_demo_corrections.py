"""`load_demo` over a database an earlier version of the demo filled: it corrects the rows, with reasons.

The earlier states are built as the earlier loaders did, by loading with their data: the one
of 17 statements (the accusation once per accuser, the claim about the exercises once per
claimant) and the one of 14 (joint statements, but the observation about China still a statement),
both with normalised titles and the North Korean envoy as "Song Kim".
"""

import copy
import io

import pytest
from django.core.management import call_command
from django.db import transaction

from statements import history
from statements.models import Alias, Delegate, Meeting, Statement
from statements.ops import demo

pytestmark = pytest.mark.django_db


def earlier_delegates():
    delegates = copy.deepcopy(demo.DELEGATES)
    for spec in delegates:
        spec["as_written"] = demo.EARLIER["titles"][spec["key"]]
        if spec["key"] == "kim":
            spec.update(demo.EARLIER["kim"])
    return delegates


def earlier_statements(copies):
    """The statements as the earlier loader held them; with `copies`, one per party of a joint statement."""
    statements = []
    for spec in copy.deepcopy(demo.STATEMENTS):
        joint = spec.get("joint", ())
        if copies:
            spec.pop("joint", None)
        statements.append(spec)
        if copies:
            statements += [{**spec, "key": f"{spec['key']}-{code}", "party": code} for code in joint]
    dropped = demo.EARLIER["dropped"]
    statements.append(
        {
            "key": "china-cautious",
            "kind": "paraphrase",
            "topics": ["military-cooperation"],
            "mentions": [("RUS", "mentions"), ("PRK", "mentions")],
            **dropped,
        }
    )
    return statements


def load_earlier(monkeypatch, copies):
    with monkeypatch.context() as patch:
        patch.setattr(demo, "DELEGATES", earlier_delegates())
        patch.setattr(demo, "STATEMENTS", earlier_statements(copies))
        patch.setattr(demo, "MEETING", {**demo.MEETING, "summary": demo.EARLIER["summary"]})
        demo.load_demo()


def snapshot():
    """What a reader sees of the demo meeting, in plain values."""
    meeting = Meeting.objects.get(press_release=demo.PRESS_RELEASE)
    statements = meeting.statements.select_related("speaker", "party", "reply_to").order_by("sequence")
    return {
        "summary": meeting.summary,
        "statements": [
            (
                s.sequence,
                s.text,
                s.kind,
                s.party.code,
                sorted(s.joint_parties.values_list("code", flat=True)),
                s.speaker.full_name if s.speaker else None,
                s.speaker_title,
                s.reply_to.sequence if s.reply_to else None,
                sorted(s.topics.values_list("slug", flat=True)),
                sorted(s.mentions.values_list("party__code", "relation")),
                list(s.citations.values_list("start", "end")),
            )
            for s in statements
        ],
        "delegates": sorted(
            (d.full_name, d.sort_name, sorted(d.aliases.values_list("name", "kind"))) for d in Delegate.objects.all()
        ),
    }


def fresh_snapshot():
    """The snapshot of a first load into an empty database, which is then rolled back."""
    with transaction.atomic():
        demo.load_demo()
        fresh = snapshot()
        transaction.set_rollback(True)
    return fresh


@pytest.fixture
def fresh():
    return fresh_snapshot()


@pytest.mark.parametrize("copies", [True, False], ids=["17 statements", "14 statements"])
def test_loading_over_an_earlier_demo_gives_what_a_first_load_gives(monkeypatch, fresh, copies):
    load_earlier(monkeypatch, copies)
    assert Statement.objects.count() == (17 if copies else 14)

    loaded = demo.load_demo()

    assert loaded["corrections"] > 0
    assert not any(count for name, count in loaded.items() if name != "corrections")
    assert snapshot() == fresh


def test_the_earlier_demo_held_what_the_issue_reported(monkeypatch):
    load_earlier(monkeypatch, copies=True)

    assert Statement.objects.filter(text=demo.ACCUSATION).count() == 3
    assert Statement.objects.filter(text=demo.EARLIER["dropped"]["text"], party__code="CHN").exists()
    assert Delegate.objects.filter(full_name="Song Kim", sort_name="Kim, Song").exists()


def test_each_correction_is_in_the_history_with_its_reason(monkeypatch):
    load_earlier(monkeypatch, copies=True)
    copies = list(
        Statement.objects.filter(text=demo.ACCUSATION).exclude(party__code="USA").values_list("pk", flat=True)
    )
    dropped = Statement.objects.get(text=demo.EARLIER["dropped"]["text"]).pk

    demo.load_demo()

    deleted = Statement.history.filter(history_type="-")
    assert set(deleted.filter(id__in=copies).values_list("history_change_reason", flat=True)) == {demo.REASONS["copy"]}
    assert deleted.get(id=dropped).history_change_reason == demo.REASONS["dropped"]
    accusation = Statement.objects.get(text=demo.ACCUSATION)
    reasons = {c.reason: c for c in history.corrections(Statement, history.records_of(Statement, accusation.pk))}
    assert {change.field for change in reasons[demo.REASONS["joint"]].changes} == {"joint_parties"}
    quote = Statement.objects.get(text="completely false.")
    changed = {
        c.reason: {change.field for change in c.changes}
        for c in history.corrections(Statement, history.records_of(Statement, quote.pk))
    }
    assert changed == {demo.REASONS["title"]: {"speaker_title"}, demo.REASONS["sequence"]: {"sequence"}}
    kim = Delegate.objects.get(full_name="Kim Song")
    (renamed,) = history.corrections(Delegate, history.records_of(Delegate, kim.pk))
    assert renamed.reason == demo.REASONS["name"]
    assert {change.field for change in renamed.changes} == {"full_name", "sort_name", "aliases"}
    meeting = Meeting.objects.get()
    (summary,) = history.corrections(Meeting, history.records_of(Meeting, meeting.pk))
    assert summary.reason == demo.REASONS["summary"]


def test_a_load_after_the_corrections_changes_nothing(monkeypatch):
    load_earlier(monkeypatch, copies=True)
    demo.load_demo()
    records = Statement.history.count(), Delegate.history.count(), Meeting.history.count()

    again = demo.load_demo()

    assert not any(again.values()), again
    assert (Statement.history.count(), Delegate.history.count(), Meeting.history.count()) == records


def test_an_editors_changes_to_earlier_rows_are_left_alone(monkeypatch):
    load_earlier(monkeypatch, copies=False)
    Delegate.objects.filter(full_name="Song Kim").update(full_name="KIM Song")
    quote = Statement.objects.get(text="completely false.")
    quote.speaker_title = "Permanent Representative of the Russian Federation"
    quote.save()
    Meeting.objects.update(summary="Edited.")

    demo.load_demo()

    assert Delegate.objects.filter(full_name="KIM Song").exists()
    assert Alias.objects.filter(name="Kim Song").exists()
    assert Statement.objects.get(text="completely false.").speaker_title == quote.speaker_title
    assert Meeting.objects.get().summary == "Edited."
    # What the editor did not touch is corrected.
    assert not Statement.objects.filter(text=demo.EARLIER["dropped"]["text"]).exists()
    assert (
        Statement.objects.get(
            text="there is absolutely no need to worry about the development of our bilateral relations."
        ).speaker_title
        == "North Korean Ambassador to the UN"
    )


def test_a_reply_to_a_removed_copy_now_answers_the_joint_statement(monkeypatch):
    load_earlier(monkeypatch, copies=True)
    british = Statement.objects.get(text=demo.ACCUSATION, party__code="GBR")
    Statement.objects.filter(text="completely false.").update(reply_to=british)

    demo.load_demo()

    assert Statement.objects.get(text="completely false.").reply_to == Statement.objects.get(text=demo.ACCUSATION)


def test_the_command_says_how_many_corrections_it_made(monkeypatch):
    load_earlier(monkeypatch, copies=False)
    out = io.StringIO()

    call_command("load_demo", stdout=out)

    # The observation removed, the note in the summary, the titles of seven statements, the name: 10.
    assert out.getvalue().strip() == (
        "Demo data corrected: 10 changes to rows an earlier version loaded, each in the history with its reason."
    )
