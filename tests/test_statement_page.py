import pytest

from statements.models import Statement
from statements.ops.demo import load_demo
from tests.factories import CitationFactory, SourceFactory, StatementFactory
from tests.test_meeting_page import SPEECH_TEXT, official_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def quote():
    load_demo()
    return Statement.objects.get(text="completely false.")


def test_it_shows_the_quote_in_full_with_its_speaker(client, quote):
    response = client.get(f"/statements/{quote.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Vasily Nebenzya (Russia), Security Council meeting</h1>" in html
    assert "“completely false.”" in html


def test_it_gives_a_ready_citation_in_plain_text(client, quote):
    response = client.get(f"/statements/{quote.pk}/")
    assert response.context["citation_text"] == (
        "Vasily Nebenzya (Russia), Security Council meeting, 28 June 2024: “completely false.” "
        f"Reported by news report. Permalink: http://testserver/statements/{quote.pk}/"
    )
    html = response.content.decode()
    assert '<textarea id="citation-text" class="citation-text" readonly' in html
    assert '<label for="citation-text">' in html
    # The copy button is hidden until the script shows it, so no dead button without JavaScript.
    assert 'class="copy-button" data-copy-target="citation-text" hidden' in html


def test_a_citation_names_the_publisher_and_address_when_known(client):
    statement = StatementFactory(kind="paraphrase", text="France supports the resolution.", cite=False)
    CitationFactory(statement=statement, source=SourceFactory(publisher="Reuters", url="https://example.org/a"))

    text = client.get(f"/statements/{statement.pk}/").context["citation_text"]

    assert "(paraphrase): France supports the resolution." in text
    assert "Reported by Reuters, https://example.org/a." in text


def test_it_has_open_graph_and_twitter_tags_with_the_quote(client, quote):
    html = client.get(f"/statements/{quote.pk}/").content.decode()
    assert '<meta property="og:title" content="Vasily Nebenzya (Russia), 28 June 2024">' in html
    assert '<meta property="og:description" content="“completely false.”">' in html
    assert f'<meta property="og:url" content="http://testserver/statements/{quote.pk}/">' in html
    assert '<meta name="twitter:card" content="summary">' in html


def test_it_highlights_the_excerpt_within_the_source_text(client, quote):
    html = client.get(f"/statements/{quote.pk}/").content.decode()
    assert "calling them &quot;<mark>completely false.</mark>&quot;" in html


def test_it_links_the_statements_before_and_after_in_the_meeting(client, quote):
    response = client.get(f"/statements/{quote.pk}/")
    assert response.context["previous"].sequence == quote.sequence - 1
    assert response.context["following"].sequence == quote.sequence + 1
    html = response.content.decode()
    assert f'href="/statements/{response.context["previous"].pk}/" rel="prev"' in html


def test_it_answers_404_for_an_unknown_statement(client):
    response = client.get("/statements/424242/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_it_runs_a_fixed_number_of_queries(client, django_assert_num_queries, quote):
    # 1 statement with speaker, party, meeting and body, 2 its citations with the sources' text (for
    # the excerpts and the citation), 3 the speaker's positions in the archive, with their parties;
    # its card: 4 what lies around it (topics, sources, replies, mentions, joint parties, its check
    # against the record: statements.rows), 5 the statement it answers, with its speaker and party;
    # 6 the statement before, 7 the statement after; 8 its history records, for corrections
    # (test_history.py counts a corrected statement's).
    with django_assert_num_queries(8):
        assert client.get(f"/statements/{quote.pk}/").status_code == 200


@pytest.fixture
def record():
    return official_record()


def test_a_speech_shows_its_label_role_and_interpretation(client, record):
    speech = record["speeches"][0]
    html = client.get(f"/statements/{speech.pk}/").content.decode()
    assert "Speech in the official record" in html
    assert '<p class="speech-label">Speaker 1 (Russia) (spoke in Russian):</p>' in html
    assert 'Council member · <span class="interpretation">Spoken in Russian; English interpretation</span>' in html


def test_a_speech_links_the_previous_and_next_speakers(client, record):
    first, second, third = record["speeches"]
    html = client.get(f"/statements/{second.pk}/").content.decode()
    assert f'Previous speaker: <a href="/statements/{first.pk}/" rel="prev">{first.label}</a>' in html
    assert f'Next speaker: <a href="/statements/{third.pk}/" rel="next">{third.label}</a>' in html
    assert f'href="/meetings/{record["meeting"].pk}/#s{second.pk}"' in html
    # The news quote of the same meeting is not a speaker.
    assert "this draft will not bring peace" not in html


def test_a_speech_lists_the_news_quotes_checked_against_it(client, record):
    html = client.get(f"/statements/{record['speeches'][0].pk}/").content.decode()
    checks = html.split('id="checks-heading"')[1].split("</section>")[0]
    assert "Wording differs" in checks
    assert f'href="/statements/{record["quote"].pk}/">“this draft will not bring peace”' in checks
    assert "The record:</span> “The draft before us today would not bring peace”" in checks


def test_a_joint_statement_names_all_its_parties(client, record):
    html = client.get(f"/statements/{record['speeches'][1].pk}/").content.decode()
    assert (
        '<a href="/countries/USA/">United States</a>, jointly with <a href="/countries/GBR/">United Kingdom</a> '
        'and <a href="/countries/FRA/">France</a>'
    ) in html


def test_a_checked_quote_shows_its_mark_and_the_records_wording(client, record):
    html = client.get(f"/statements/{record['quote'].pk}/").content.decode()
    assert "Official record</dt>" in html
    assert "Wording differs" in html
    assert f'<a href="/statements/{record["speeches"][0].pk}/">the speech in the record</a>' in html
    assert "The record reads: <q>The draft before us today would not bring peace</q>" in html


def test_a_speech_is_cited_by_its_record_rather_than_quoted_whole(client, record):
    speech = record["speeches"][0]
    text = client.get(f"/statements/{speech.pk}/").context["citation_text"]
    assert "speech in the verbatim record S/PV.9999." in text
    assert SPEECH_TEXT not in text


def test_a_speech_runs_a_fixed_number_of_queries(client, django_assert_num_queries, record):
    speech = record["speeches"][1]
    # The 12 of any statement (see above), and 13 the news quotes checked against it.
    with django_assert_num_queries(8):
        assert client.get(f"/statements/{speech.pk}/").status_code == 200
