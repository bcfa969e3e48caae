"""What a statement says of its speaker and its place: the source's title as written, the archive's
position, and the order of the source rather than a speaking order the source does not give."""

import pytest

from statements.models import Statement
from statements.ops.demo import load_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def wood():
    load_demo()
    return Statement.objects.get(speaker__full_name="Robert Wood")


def test_the_permalink_sets_the_sources_title_beside_the_archives_position(client, wood):
    html = client.get(f"/statements/{wood.pk}/").content.decode()

    assert "<dt>Title in the source</dt><dd>“Deputy U.S. Ambassador to the UN”</dd>" in html
    assert "<dt>Position in the archive</dt><dd>Deputy Ambassador to the UN, United States</dd>" in html


def test_a_card_marks_the_title_as_the_sources_words(client, wood):
    html = client.get(f"/meetings/{wood.meeting_id}/").content.decode()

    assert 'Robert Wood</a> <span class="title-as-written">(in the source: “Deputy U.S. Ambassador to the UN”)' in html


def test_a_reported_statement_is_placed_in_the_order_of_the_source_not_numbered_as_a_speaker(client, wood):
    html = client.get(f"/statements/{wood.pk}/").content.decode()

    assert "5th in the order of the source, which is not necessarily the order of speakers" in html
    assert "statement 5" not in html
    assert '<li aria-current="page">Paraphrase</li>' in html


def test_a_statement_without_a_speaker_has_no_speaker_section(client, wood):
    statement = Statement.objects.get(text="this increasingly dangerous military cooperation")

    html = client.get(f"/statements/{statement.pk}/").content.decode()

    assert 'id="speaker-heading"' not in html


def test_a_meeting_without_a_record_lists_its_statements_in_the_order_of_the_sources(client, wood):
    html = client.get(f"/meetings/{wood.meeting_id}/").content.decode()

    assert "Statements in the order of the sources" in html
    assert "No official record gives the order of speakers" in html


def test_the_api_schema_says_what_sequence_is(client):
    schema = client.get("/api/schema/?format=json").json()

    help_text = schema["components"]["schemas"]["Statement"]["properties"]["sequence"]["description"]
    assert "the order of speakers" in help_text and "the order in which the source reports them" in help_text
