"""The seed article through the whole editor flow, with the demo meeting and its delegates loaded."""

import pytest

from statements.models import Citation, Delegate, Meeting, Source, Statement
from statements.ops.demo import MEETING_DATE, STATEMENTS, article_text, load_demo
from tests.factories import editor_user
from tests.test_import_editor import review_data, rows

pytestmark = pytest.mark.django_db

URL = "https://news.example.org/2024/06/28/un-security-council-dprk-russia"
ATTRIBUTED = [spec for spec in STATEMENTS if spec["kind"] == "direct" and spec.get("speaker")]


def same_words(a, b):
    return " ".join(a.split()).rstrip(".,") == " ".join(b.split()).rstrip(".,")


@pytest.fixture
def demo(client, db):
    load_demo()
    client.force_login(editor_user())
    return Meeting.objects.get(press_release="SC/15755")


def paste(client, meeting, url):
    return client.post(
        "/editor/import/",
        {"text": article_text(), "url": url, "publisher": "", "title": "", "published_on": "",
         "source_kind": "news", "meeting": str(meeting.pk)},
    )


def row_for(review, text):
    return next((row for row in rows(review) if same_words(row["quote"], text)), None)


def test_every_attributed_quote_is_proposed_with_its_demo_delegate(client, demo):
    delegates = {d.full_name: d.pk for d in Delegate.objects.all()}
    names = {"nebenzya": "Vasily Nebenzya", "geng": "Geng Shuang", "kim": "Kim Song", "wood": "Robert Wood"}

    review = paste(client, demo, URL)

    assert review.status_code == 200
    for spec in ATTRIBUTED:
        row = row_for(review, spec["text"])
        assert row is not None, spec["key"]
        assert row["form"].initial["speaker"] == delegates[names[spec["speaker"]]], spec["key"]
        assert row["form"].initial["country"] == spec["party"], spec["key"]


def test_saving_attaches_the_quotes_to_the_existing_demo_delegates(client, demo):
    delegates = Delegate.objects.count()
    review = paste(client, demo, URL)

    response = client.post("/editor/import/save/", review_data(review))

    assert response.status_code == 302
    assert response["Location"] == f"/meetings/{demo.pk}/"
    assert Delegate.objects.count() == delegates
    source = Source.objects.get(url=URL)
    saved = Statement.objects.filter(citations__source=source).select_related("speaker")
    for spec in ATTRIBUTED:
        statement = next(s for s in saved if same_words(s.text, spec["text"]))
        demo_statement = Statement.objects.get(meeting=demo, sequence=STATEMENTS.index(spec) + 1)
        assert statement.speaker == demo_statement.speaker, spec["key"]
        assert (statement.meeting, statement.date) == (demo, MEETING_DATE)
    for citation in Citation.objects.filter(source=source).select_related("statement"):
        assert source.text[citation.start : citation.end] == citation.statement.text


def test_importing_the_demo_article_again_duplicates_none_of_its_statements(client, demo):
    before = list(Statement.objects.values_list("text", flat=True))
    demo_source = Source.objects.get(text=article_text(), url="")
    review = paste(client, demo, "")
    assert review.context["source"] == demo_source
    for spec in ATTRIBUTED:
        row = row_for(review, spec["text"])
        assert row["duplicate"] is not None, spec["key"]
        assert row["form"].initial["include"] is False
    everything = {f"form-{i}-include": "on" for i in range(len(rows(review)))}

    client.post("/editor/import/save/", review_data(review, **everything))

    assert Source.objects.filter(text=article_text()).count() == 1
    new = Statement.objects.exclude(text__in=before)
    assert not any(same_words(statement.text, text) for statement in new for text in before)
    assert not new.filter(kind="direct").exists()
    for citation in Citation.objects.filter(source=demo_source, statement__in=new):
        assert not Citation.objects.filter(
            source=demo_source, start=citation.start, end=citation.end
        ).exclude(pk=citation.pk).exists()
