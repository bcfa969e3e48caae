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
    assert 'Publisher</dt><dd><span class="unknown">Not recorded</span>' in html
    assert html.count('class="excerpt"') >= 10


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
    # 1 source, 2 its citations with statements, 3 the statements it reports, 4 topics, 5 citations,
    # 6 replies, 7 mentions, 8 joint parties, 9 checks against the record, 10 the meetings it reports on.
    with django_assert_num_queries(10):
        assert client.get(f"/sources/{source.pk}/").status_code == 200
