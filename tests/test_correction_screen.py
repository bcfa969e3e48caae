"""The editors' correction screen at /editor/statements/<id>/correct/."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from statements.models import Statement
from tests.factories import DelegateFactory, StatementFactory, country

pytestmark = pytest.mark.django_db


@pytest.fixture
def statement():
    return StatementFactory(text="We reject these claims.", speaker_title="Ambassador")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def form_data(client, statement, **changes):
    """What the screen posts back when the editor changes nothing but what `changes` says."""
    form = client.get(url(statement)).context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    return {**data, **changes}


def url(statement):
    return f"/editor/statements/{statement.pk}/correct/"


def history_count(statement):
    return Statement.history.filter(id=statement.pk).count()


def test_anonymous_visitors_are_sent_to_the_login_page(client, statement):
    response = client.get(url(statement))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=")


def test_anonymous_posts_change_nothing(client, statement):
    response = client.post(url(statement), {"text": "Changed.", "reason": "Vandalism"})

    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.text == "We reject these claims."


def test_signed_in_users_who_are_not_editors_are_refused(client, statement):
    client.force_login(get_user_model().objects.create_user("reader", password="x"))

    assert client.get(url(statement)).status_code == 403
    assert client.post(url(statement), {"text": "Changed.", "reason": "Mine now"}).status_code == 403
    statement.refresh_from_db()
    assert statement.text == "We reject these claims."


def test_editors_see_the_form_with_the_statement_as_stored(editor_client, statement):
    response = editor_client.get(url(statement))

    assert response.status_code == 200
    html = response.content.decode()
    assert "“We reject these claims.”" in html
    assert 'name="reason"' in html
    # The browser's date input shows only an ISO date; a localised "28/06/2024" would be posted back empty.
    assert f'<input type="date" name="date" value="{statement.date.isoformat()}"' in html
    assert f'action="/editor/statements/{statement.pk}/correct/"' in html


def test_an_unknown_statement_is_a_404(editor_client):
    assert editor_client.get("/editor/statements/424242/correct/").status_code == 404


def test_a_correction_is_saved_with_the_editor_and_reason(editor_client, editor, statement):
    data = form_data(editor_client, statement, text="We reject those claims.", reason="Misquoted: see S/PV.9669")

    response = editor_client.post(url(statement), data, follow=True)

    assert response.redirect_chain == [(f"/statements/{statement.pk}/", 302)]
    statement.refresh_from_db()
    assert statement.text == "We reject those claims."
    latest = Statement.history.filter(id=statement.pk).latest("history_id")
    assert (latest.history_type, latest.history_user, latest.history_change_reason) == (
        "~",
        editor,
        "Misquoted: see S/PV.9669",
    )
    html = response.content.decode()
    assert "The correction is saved" in html
    assert "Corrected on" in html


def test_speaker_party_kind_language_and_date_can_be_corrected(editor_client, statement):
    speaker = DelegateFactory(full_name="Geng Shuang")
    china = country("CHN")
    data = form_data(
        editor_client,
        statement,
        speaker=speaker.pk,
        party=china.pk,
        kind="paraphrase",
        language="fr",
        date="2024-06-27",
        speaker_title="Deputy Ambassador",
        reason="Wrong speaker",
    )

    assert editor_client.post(url(statement), data).status_code == 302

    statement.refresh_from_db()
    assert (statement.speaker, statement.party, statement.kind, statement.language, statement.date) == (
        speaker,
        china,
        "paraphrase",
        "fr",
        datetime.date(2024, 6, 27),
    )
    assert statement.speaker_title == "Deputy Ambassador"


def test_a_blank_reason_is_refused_and_nothing_is_saved(editor_client, statement):
    before = history_count(statement)
    data = form_data(editor_client, statement, text="We reject those claims.", reason="   ")

    response = editor_client.post(url(statement), data)

    assert response.status_code == 400
    assert response.context["form"].errors["reason"] == ["This field is required."]
    statement.refresh_from_db()
    assert statement.text == "We reject these claims."
    assert history_count(statement) == before
    # The page still shows the statement as stored, not the refused text.
    assert "“We reject these claims.”" in response.content.decode()


def test_a_reason_longer_than_the_history_keeps_is_refused(editor_client, statement):
    data = form_data(editor_client, statement, text="We reject those claims.", reason="x" * 101)

    response = editor_client.post(url(statement), data)

    assert response.status_code == 400
    assert "at most 100 characters" in response.context["form"].errors["reason"][0]


def test_a_correction_that_changes_nothing_is_refused(editor_client, statement):
    before = history_count(statement)
    data = form_data(editor_client, statement, reason="Checked")

    response = editor_client.post(url(statement), data)

    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "Nothing was changed: edit at least one field, or go back to the statement."
    ]
    assert history_count(statement) == before


def test_line_breaks_sent_by_the_browser_are_no_change(editor_client):
    statement = StatementFactory(text="First line.\nSecond line.")
    data = form_data(editor_client, statement, text="First line.\r\nSecond line.", reason="Checked")

    response = editor_client.post(url(statement), data)

    assert response.status_code == 400
    assert "Nothing was changed" in response.context["form"].non_field_errors()[0]


def test_an_empty_direct_quote_is_refused_by_the_models_rules(editor_client, statement):
    data = form_data(editor_client, statement, text="", reason="Removed")

    response = editor_client.post(url(statement), data)

    assert response.status_code == 400
    assert response.context["form"].errors["text"]
    statement.refresh_from_db()
    assert statement.text == "We reject these claims."


def test_a_date_before_the_statement_it_answers_is_refused(editor_client):
    earlier = StatementFactory(date=datetime.date(2024, 6, 28))
    reply = StatementFactory(date=datetime.date(2024, 6, 28), reply_to=earlier)
    data = form_data(editor_client, reply, date="2024-06-20", reason="Wrong date")

    response = editor_client.post(url(reply), data)

    assert response.status_code == 400
    [error] = response.context["form"].non_field_errors()
    assert error.startswith("In reply to: A statement cannot reply to a later statement")
    reply.refresh_from_db()
    assert reply.date == datetime.date(2024, 6, 28)


def test_a_correction_based_on_an_outdated_page_is_refused(editor_client, statement):
    data = form_data(editor_client, statement, text="We reject those claims.", reason="Misquoted")
    # Another editor saves meanwhile.
    statement.speaker_title = "Permanent Representative"
    statement._change_reason = "Title"
    statement.save()

    response = editor_client.post(url(statement), data)

    assert response.status_code == 400
    assert "Someone else saved this statement" in response.context["form"].non_field_errors()[0]
    statement.refresh_from_db()
    assert statement.text == "We reject these claims."


def test_text_with_markup_is_stored_verbatim_and_shown_escaped(editor_client, statement):
    text = "We reject <script>alert(1)</script> claims."
    data = form_data(editor_client, statement, text=text, reason="<i>Quoted</i>")

    response = editor_client.post(url(statement), data, follow=True)

    statement.refresh_from_db()
    assert statement.text == text
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "Reason: &lt;i&gt;Quoted&lt;/i&gt;" in html
