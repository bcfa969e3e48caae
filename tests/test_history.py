"""The corrections history: what counts as a correction, the word-level diff, the admin's reasons,
and the statement page's "Corrected on" note and public log."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from statements import history
from statements.editor.importing import Choice, NewMeeting, import_article, import_reason
from statements.models import Delegate, Meeting, Source, Statement
from tests.factories import (
    BodyFactory,
    DelegateFactory,
    MeetingFactory,
    PositionFactory,
    SourceFactory,
    StatementFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

JUNE_28 = datetime.datetime(2024, 6, 28, 15, 0, tzinfo=datetime.UTC)


def correct(obj, reason, when=None, user=None, **fields):
    """Save `fields` on `obj` as an editor would, with a reason (and a date and user when given)."""
    for name, value in fields.items():
        setattr(obj, name, value)
    obj._change_reason = reason
    if when is not None:
        obj._history_date = when
    if user is not None:
        obj._history_user = user
    obj.save()
    for name in ("_change_reason", "_history_date", "_history_user"):
        obj.__dict__.pop(name, None)
    return obj


def corrections_of(statement):
    return history.corrections(Statement, history.records_of(Statement, statement.pk))


# The word-level diff, without a database.


def test_a_changed_word_is_deleted_and_inserted_and_the_rest_kept():
    segments = history.word_diff("We reject these claims.", "We reject those claims.")

    assert [(s.op, s.text) for s in segments] == [
        ("equal", "We reject "),
        ("delete", "these"),
        ("insert", "those"),
        ("equal", " claims."),
    ]


def test_punctuation_changes_on_its_own():
    segments = history.word_diff("completely false.", "completely false!")

    assert [(s.op, s.text) for s in segments] == [("equal", "completely false"), ("delete", "."), ("insert", "!")]


def test_words_added_at_the_end_are_one_insertion():
    segments = history.word_diff("completely false.", "completely false. We reject them.")

    assert [(s.op, s.text) for s in segments] == [("equal", "completely false."), ("insert", " We reject them.")]


def test_the_same_text_is_one_unchanged_segment():
    assert history.word_diff("No change.", "No change.") == [history.Segment("equal", "No change.")]


def test_a_text_given_for_the_first_time_is_all_inserted():
    assert history.word_diff(None, "New text") == [history.Segment("insert", "New text")]


def test_joining_the_segments_gives_back_both_texts():
    old, new = "Russia  rejects\nthe claims, all of them.", "Russia firmly rejects the claims — all of them!"
    segments = history.word_diff(old, new)

    assert "".join(s.text for s in segments if s.op != "insert") == old
    assert "".join(s.text for s in segments if s.op != "delete") == new


def test_a_huge_rewrite_is_shown_as_one_deletion_and_one_insertion_after_the_common_start():
    old = "Preamble. " + " ".join(f"a{i}" for i in range(history.MAX_DIFF_TOKENS))
    new = "Preamble. " + " ".join(f"b{i}" for i in range(history.MAX_DIFF_TOKENS))

    segments = history.word_diff(old, new)

    assert [s.op for s in segments] == ["equal", "delete", "insert"]
    assert segments[0].text == "Preamble. "


# What counts as a correction.


def test_creation_is_not_a_correction():
    statement = StatementFactory()
    statement.topics.add(TopicFactory())

    assert corrections_of(statement) == []


def test_saving_without_changing_anything_visible_is_not_a_correction():
    statement = StatementFactory()

    correct(statement, "Saved again")

    assert Statement.history.filter(id=statement.pk).count() == 2
    assert corrections_of(statement) == []


def test_a_changed_quote_is_a_correction_with_its_reason_and_user():
    editor = get_user_model().objects.create_user("corrector")
    statement = StatementFactory(text="We reject these claims.")

    correct(statement, "Misquoted", user=editor, text="We reject those claims.")

    [revision] = corrections_of(statement)
    assert revision.reason == "Misquoted"
    assert revision.record.history_user == editor
    assert [(c.field, c.old, c.new) for c in revision.changes] == [
        ("text", "We reject these claims.", "We reject those claims.")
    ]


def test_records_saved_together_are_one_revision():
    statement = StatementFactory(text="Old words.")
    topic = TopicFactory()
    statement._change_reason = "Checked against the record"
    statement.text = "New words."
    statement.save()
    # The admin and the API set many-to-many fields after saving, which writes more records.
    statement.topics.add(topic)

    [revision] = corrections_of(statement)

    assert len(revision.records) == 2
    assert [c.field for c in revision.changes] == ["text", "topics"]
    assert revision.changes[1].new == frozenset({topic.pk})


def test_corrections_for_different_reasons_stay_apart_newest_first():
    statement = StatementFactory(text="One.")
    correct(statement, "First", text="Two.")
    correct(statement, "Second", text="Three.")

    assert [revision.reason for revision in corrections_of(statement)] == ["Second", "First"]


def test_the_date_of_the_latest_correction_is_its_local_day():
    statement = StatementFactory(text="One.")
    correct(statement, "Fixed", when=JUNE_28, text="Two.")

    assert history.corrected_on(corrections_of(statement)) == datetime.date(2024, 6, 28)


# The admin asks for a reason.


def admin_form_data(response):
    """The values a browser would post back from an admin change page, inlines included."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for bound in form:
            value = bound.value()
            if value is None or value is False:
                continue
            if isinstance(value, list | tuple):
                data[bound.html_name] = [str(item) for item in value]
            else:
                data[bound.html_name] = "on" if value is True else value
    return data


def a_statement():
    return StatementFactory(text="We reject these claims.")


def a_meeting():
    return MeetingFactory(title="Non-proliferation")


def a_delegate():
    delegate = DelegateFactory(full_name="Vasily Nebenzya", sort_name="Nebenzya, Vasily")
    PositionFactory(delegate=delegate)
    return delegate


def a_source():
    return SourceFactory(title="Security Council meeting coverage")


# Each model whose changes need a reason: its admin path, how to make one, a field to change.
MODELS = [
    pytest.param(Statement, "statement", a_statement, "text", "We reject those claims.", id="statement"),
    pytest.param(Meeting, "meeting", a_meeting, "title", "Non-proliferation (resumed)", id="meeting"),
    pytest.param(Delegate, "delegate", a_delegate, "full_name", "Vassily Nebenzia", id="delegate"),
    pytest.param(Source, "source", a_source, "title", "Coverage of the 9669th meeting", id="source"),
]


@pytest.mark.parametrize("model, path, make, field, value", MODELS)
def test_the_admin_refuses_a_change_without_a_reason(admin_client, model, path, make, field, value):
    obj = make()
    url = f"/admin/statements/{path}/{obj.pk}/change/"
    data = {**admin_form_data(admin_client.get(url)), field: value}

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["change_reason"] == ["This field is required."]
    obj.refresh_from_db()
    assert getattr(obj, field) != value
    assert model.history.filter(id=obj.pk).count() == 1


@pytest.mark.parametrize("model, path, make, field, value", MODELS)
def test_the_admin_records_the_reason_and_user_of_a_change(admin_client, admin_user, model, path, make, field, value):
    obj = make()
    url = f"/admin/statements/{path}/{obj.pk}/change/"
    data = {**admin_form_data(admin_client.get(url)), field: value, "change_reason": "Checked against S/PV.9669"}

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    obj.refresh_from_db()
    assert getattr(obj, field) == value
    latest = model.history.filter(id=obj.pk).latest("history_date", "history_id")
    assert (latest.history_type, latest.history_change_reason, latest.history_user) == (
        "~",
        "Checked against S/PV.9669",
        admin_user,
    )


def test_the_admin_change_page_asks_for_the_reason_in_its_own_section(admin_client):
    statement = a_statement()

    html = admin_client.get(f"/admin/statements/statement/{statement.pk}/change/").content.decode()

    assert "Reason for this change" in html
    assert 'name="change_reason"' in html
    assert 'maxlength="100"' in html


def test_the_admin_adds_without_asking_for_a_reason(admin_client):
    response = admin_client.post(
        "/admin/statements/source/add/", {"kind": "news", "title": "A new report", "publisher": "Reuters"}
    )

    assert response.status_code == 302
    source = Source.objects.get(title="A new report")
    assert source.history.get().history_change_reason is None


def test_the_admin_refuses_a_deletion_without_a_reason(admin_client):
    source = a_source()

    response = admin_client.post(f"/admin/statements/source/{source.pk}/delete/", {"post": "yes"})

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert Source.objects.filter(pk=source.pk).exists()


def test_the_admin_records_the_reason_for_a_deletion(admin_client):
    source = a_source()

    response = admin_client.post(
        f"/admin/statements/source/{source.pk}/delete/", {"post": "yes", "change_reason": "Entered twice"}
    )

    assert response.status_code == 302
    assert not Source.objects.filter(pk=source.pk).exists()
    deleted = Source.history.get(id=source.pk, history_type="-")
    assert deleted.history_change_reason == "Entered twice"


def test_the_admin_offers_no_bulk_deletion_that_would_skip_the_reason(admin_client):
    a_source()

    response = admin_client.get("/admin/statements/source/")

    assert "delete_selected" not in response.content.decode()


def test_statements_changed_inline_on_the_meeting_page_get_the_meetings_reason(admin_client):
    statement = a_statement()
    url = f"/admin/statements/meeting/{statement.meeting_id}/change/"
    data = admin_form_data(admin_client.get(url))
    data["statements-0-text"] = "We reject those claims."
    data["change_reason"] = "Misquoted in the first report"

    response = admin_client.post(url, data)

    assert response.status_code == 302
    latest = Statement.history.filter(id=statement.pk).latest("history_date", "history_id")
    assert (latest.text, latest.history_change_reason) == ("We reject those claims.", "Misquoted in the first report")


# The statement page.


def test_an_uncorrected_statement_says_nothing_about_corrections(client):
    statement = StatementFactory()

    html = client.get(f"/statements/{statement.pk}/").content.decode()

    assert "Corrected on" not in html
    assert 'id="corrections"' not in html


def test_a_corrected_statement_says_when_and_shows_the_word_diff(client):
    statement = StatementFactory(text="We reject these claims.")
    correct(statement, "Misquoted: checked against the verbatim record", when=JUNE_28, text="We reject those claims.")

    html = client.get(f"/statements/{statement.pk}/").content.decode()

    assert 'Corrected on <a href="#corrections">28 June 2024</a>.' in html
    assert '<time datetime="2024-06-28T15:00:00+00:00">28 June 2024</time>: Text corrected.' in html
    assert "Reason: Misquoted: checked against the verbatim record" in html
    assert (
        'We reject <del><span class="visually-hidden">[removed: </span>these<span class="visually-hidden">]</span>'
        '</del><ins><span class="visually-hidden">[added: </span>those<span class="visually-hidden">]</span></ins>'
        " claims."
    ) in html


def test_the_diff_and_the_reason_are_escaped(client):
    statement = StatementFactory(text="Plain words.")
    correct(statement, "<b>bold</b> reason", text="Plain <script>alert(1)</script> words.")

    html = client.get(f"/statements/{statement.pk}/").content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Reason: &lt;b&gt;bold&lt;/b&gt; reason" in html


def test_changed_attribution_is_shown_with_names_not_ids(client):
    statement = StatementFactory(kind="direct")
    new_speaker = DelegateFactory(full_name="Geng Shuang")
    old_name = statement.speaker.full_name
    correct(statement, "Wrong speaker", speaker=new_speaker, kind="paraphrase", date=datetime.date(2024, 6, 27))

    html = client.get(f"/statements/{statement.pk}/").content.decode()

    assert "Date, Speaker, Kind corrected." in html
    assert f'<dt>Speaker</dt><dd><del><span class="visually-hidden">was </span>{old_name}</del>' in html
    assert '<ins><span class="visually-hidden">now </span>Geng Shuang</ins>' in html
    assert 'Direct quote</del> → <ins><span class="visually-hidden">now </span>Paraphrase</ins>' in html
    assert '28 June 2024</del> → <ins><span class="visually-hidden">now </span>27 June 2024</ins>' in html


def test_a_link_to_a_speaker_no_longer_in_the_archive_is_named_so(client):
    statement = StatementFactory()
    gone = DelegateFactory()
    gone_id = gone.pk
    correct(statement, "Wrong speaker", speaker=gone)
    correct(statement, "Speaker removed", speaker=None)
    gone.delete()

    html = client.get(f"/statements/{statement.pk}/").content.decode()

    assert f"a record no longer in the archive (#{gone_id})" in html


def test_editors_see_a_link_to_correct_the_statement_and_readers_do_not(client, admin_user):
    statement = StatementFactory()
    link = f'<a href="/editor/statements/{statement.pk}/correct/">Correct this statement</a>'

    assert link not in client.get(f"/statements/{statement.pk}/").content.decode()
    client.force_login(admin_user)
    assert link in client.get(f"/statements/{statement.pk}/").content.decode()


@pytest.mark.parametrize("count", [1, 4])
def test_the_page_runs_a_fixed_number_of_queries_whatever_the_corrections(client, django_assert_num_queries, count):
    statement = StatementFactory(text="Version 0.")
    for number in range(1, count + 1):
        correct(statement, f"Correction {number}", text=f"Version {number}.", speaker=DelegateFactory())

    # The statement page's queries (see test_statement_page.py), then the statement's history
    # records, their topics and joint parties as each record saw them, and the names of the
    # speakers the corrections changed.
    with django_assert_num_queries(10):
        response = client.get(f"/statements/{statement.pk}/")
    assert len(response.context["corrections"]) == count


# The article import names its source as the reason.


def test_an_import_records_where_its_rows_came_from():
    article = 'Russian Ambassador Vasily Nebenzya called the claims "completely false."'
    start = article.index("completely")
    choice = Choice(
        start=start,
        end=start + len("completely false."),
        kind="direct",
        new_delegate="Vasily Nebenzya",
        party="RUS",
        title="Ambassador",
    )

    result = import_article(
        article,
        url="https://news.example.org/council",
        published_on=datetime.date(2024, 6, 28),
        choices=[choice],
        new_meeting=NewMeeting(body=BodyFactory(), date=datetime.date(2024, 6, 28), title="Non-proliferation"),
    )

    reason = "Imported from https://news.example.org/council"
    [statement] = result.created
    [delegate] = result.new_delegates
    created = [(Statement, statement), (Source, result.source), (Meeting, result.meeting), (Delegate, delegate)]
    for model, obj in created:
        assert [r.history_change_reason for r in model.history.filter(id=obj.pk)] == [reason], model
    assert [r.history_change_reason for r in delegate.positions.get().history.all()] == [reason]


def test_an_import_reason_fits_the_history_column():
    reason = import_reason("https://news.example.org/" + "a" * 200)

    assert len(reason) == history.REASON_MAX_LENGTH
    assert reason.startswith("Imported from https://news.example.org/aaa") and reason.endswith("…")
    assert import_reason("") == "Imported from a pasted article"
