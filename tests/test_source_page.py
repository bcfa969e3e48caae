import datetime

import pytest

from statements.models import Source
from statements.ops.demo import load_demo
from tests.factories import CitationFactory, SourceFactory, StatementFactory

pytestmark = pytest.mark.django_db


def test_it_marks_each_cited_passage_and_links_it_to_its_statement(client):
    load_demo()
    article = Source.objects.get(kind="news")
    html = client.get(f"/sources/{article.pk}/").content.decode()
    assert "<mark>completely false.</mark>" in html
    assert html.count('class="excerpt"') >= 10


def test_it_says_what_the_seed_article_is_and_that_its_publisher_date_and_headline_are_not_known(client):
    load_demo()
    article = Source.objects.get(kind="news")

    html = client.get(f"/sources/{article.pk}/").content.decode()

    assert "What this is: a news report, reporting on <a href=" in html
    assert "Security Council meeting of 28 June 2024</a>. The archive holds its full text, shown below." in html
    assert (
        "Its publisher, date of publication, headline and web address are not known: the archive holds only "
        "what came with the source, and guesses none of it."
    ) in html
    assert "Not recorded" not in html
    assert "<dt>Publisher</dt>" not in html


def test_it_lists_what_it_knows_of_a_source_and_names_only_what_is_missing(client):
    source = SourceFactory(
        kind="news", title="Council clash", publisher="Example Wire", published_on=datetime.date(2024, 6, 29), url=""
    )

    html = client.get(f"/sources/{source.pk}/").content.decode()

    assert "What this is: a news report by Example Wire, published on 29 June 2024." in html
    assert "<dt>Headline</dt><dd>Council clash</dd>" in html
    assert "Its web address is not known" in html


def test_a_source_known_in_full_has_no_sentence_of_unknowns(client):
    source = SourceFactory(title="SC/15755", publisher="United Nations", published_on=datetime.date(2024, 6, 28))

    html = client.get(f"/sources/{source.pk}/").content.decode()

    assert 'class="unknown-facts"' not in html


def test_it_says_when_the_text_is_not_held(client):
    source = SourceFactory(text="")
    html = client.get(f"/sources/{source.pk}/").content.decode()
    assert "We do not hold the text of this source." in html
    assert f'href="{source.url}"' in html


@pytest.mark.parametrize("number", [2, 20])
def test_it_runs_a_fixed_number_of_queries(client, django_assert_num_queries, number):
    source = SourceFactory(text="x" * 100)
    for index in range(number):
        CitationFactory(source=source, statement=StatementFactory(cite=False), start=index, end=index + 1)
    # 1 source, 2 its citations with statements, 3 the statements it reports, 4 what lies around them
    # (statements.rows), 5 the meetings it reports on.
    with django_assert_num_queries(5):
        assert client.get(f"/sources/{source.pk}/").status_code == 200
