"""Hostile articles through the editors' import (/editor/import/, then /editor/import/save/).

What the article and the review rows hold is stored verbatim and escaped on every page, or
refused as a form error naming the field; never a 500.
"""

import pytest

import tests.test_import_editor as import_pages
from statements.models import Delegate, Source, Statement
from tests.factories import editor_user

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("owned")</script>'
ESCAPED = "&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt;"
RLO = "\u202e"
# Without double quotes inside: the extractor reads those as the end of the quotation.
INLINE_SCRIPT = "<script>alert(1)</script>"
ARTICLE = f'The envoy said: "We reject {INLINE_SCRIPT} and {RLO}this." He added: "Enough."'


@pytest.fixture
def editor(client, db):
    client.force_login(editor_user())
    return client


def save_first_row(editor, article, **row):
    """Paste `article`, keep only its first candidate with `row`'s changes, and save."""
    review = import_pages.paste(editor, text=article, url="", publisher=SCRIPT, title=SCRIPT)
    assert review.status_code == 200, review.context["form"].errors
    assert import_pages.rows(review), "the extractor found no quote"
    changes = {f"form-{n}-include": None for n in range(len(import_pages.rows(review)))}
    changes.update({"form-0-include": "on", **{f"form-0-{key}": value for key, value in row.items()}})
    return review, editor.post("/editor/import/save/", import_pages.review_data(review, **changes))


def test_the_review_page_escapes_the_article_and_keeps_it_verbatim_in_its_hidden_field(editor):
    review = import_pages.paste(editor, text=ARTICLE, publisher=SCRIPT)
    content = review.content.decode()
    assert review.status_code == 200
    assert "<script>alert" not in content
    assert ESCAPED in content
    assert review.context["form"]["text"].value() == ARTICLE


def test_a_hostile_article_is_saved_verbatim_and_escaped_on_its_pages(editor):
    review, response = save_first_row(editor, ARTICLE, new_delegate=f"Eve {SCRIPT}{RLO}", country="FRA")
    assert response.status_code == 302
    source = Source.objects.get()
    assert (source.text, source.publisher, source.title) == (ARTICLE, SCRIPT, SCRIPT)
    statement = Statement.objects.get()
    assert statement.text == f"We reject {INLINE_SCRIPT} and {RLO}this."
    citation = statement.citations.get()
    assert source.text[citation.start : citation.end] == statement.text
    assert Delegate.objects.get().full_name == f"Eve {SCRIPT}{RLO}"
    for path in [f"/statements/{statement.pk}/", f"/sources/{source.pk}/", f"/delegates/{statement.speaker_id}/"]:
        content = editor.get(path).content.decode()
        assert "<script>alert" not in content, path
        assert ESCAPED in content, path
    page = editor.get(f"/statements/{statement.pk}/").content.decode()
    assert f"<bdi>Eve {ESCAPED}{RLO}</bdi>" in page


@pytest.mark.parametrize(
    "field, value",
    [("publisher", "News\x00"), ("title", "\x00"), ("new_meeting_title", "Debate\x00"), ("url", "https://x.org/\x00")],
)
def test_a_nul_in_a_detail_of_the_article_is_a_form_error(editor, field, value):
    response = import_pages.paste(editor, **{field: value})
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Source.objects.exists()


@pytest.mark.parametrize("field", ["new_delegate", "title", "country"])
def test_a_nul_in_a_review_row_is_shown_as_an_error_and_nothing_is_saved(editor, field):
    _, response = save_first_row(editor, import_pages.ARTICLE, **{field: "x\x00"})
    assert response.status_code == 400
    assert field in response.context["formset"].forms[0].errors
    assert not Statement.objects.exists()


@pytest.mark.parametrize("offsets", [("0", "99999999999999999999"), ("-1", "5"), ("abc", "5"), ("5", "1e3")])
def test_tampered_offsets_in_a_review_row_are_an_error(editor, offsets):
    start, end = offsets
    _, response = save_first_row(editor, import_pages.ARTICLE, start=start, end=end)
    assert response.status_code == 400
    assert not Statement.objects.exists()


def test_a_100000_character_article_is_reviewed_and_saved_whole(editor):
    filler = "The council met and heard briefings on the situation. " * 1900
    article = filler + 'The envoy said: "We object to these transfers."'
    article = article[-100_000:]
    assert len(article) == 100_000
    _, response = save_first_row(editor, article, new_delegate="Ann Lee", country="FRA")
    assert response.status_code == 302
    assert Source.objects.get().text == article
    assert Statement.objects.get().text == "We object to these transfers."


def test_an_article_that_is_not_utf8_is_refused_before_the_form_reads_it(editor):
    response = editor.generic(
        "POST",
        "/editor/import/",
        b"text=caf%e9&published_on=2024-06-28&source_kind=news",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert "The parameter “text” cannot be read." in response.content.decode()
