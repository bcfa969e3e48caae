"""Statement cards (statements.pages.cards): each part of a composed label is isolated on its own; speeches,
joint parties and checks against the record are told apart."""

import pytest

from statements.models import Party, Statement
from statements.pages.cards import CARD_JOINS, with_cards
from tests.factories import (
    CitationFactory,
    DelegateFactory,
    RecordCheckFactory,
    SourceFactory,
    StatementFactory,
    country,
)

pytestmark = pytest.mark.django_db

RLO = "\u202e"


def test_a_reply_by_a_speaker_with_an_override_keeps_the_party_outside_its_isolation(client):
    said = StatementFactory()
    StatementFactory(reply_to=said, speaker=DelegateFactory(full_name=f"Eve {RLO}evE"), party=country("FRA"))

    html = client.get(f"/statements/{said.pk}/").content.decode()

    assert f"<bdi>Eve {RLO}evE</bdi> (France)" in html


def test_a_source_title_with_an_override_keeps_the_publisher_outside_its_isolation(client):
    statement = StatementFactory(cite=False)
    CitationFactory(statement=statement, source=SourceFactory(title=f"Report {RLO}tropeR", publisher="Example News"))

    html = client.get("/").content.decode()

    assert f"<bdi>Report {RLO}tropeR</bdi>, Example News" in html


def test_a_reply_without_speaker_or_party_is_called_a_statement(client):
    said = StatementFactory(speaker=None, party=None)
    reply = StatementFactory(reply_to=said, speaker=None, party=None, meeting=said.meeting)

    html = client.get(f"/statements/{reply.pk}/").content.decode()

    assert "In reply to</dt><dd><a" in html
    assert ">a statement, " in html


def test_a_joint_party_with_an_override_is_isolated_from_the_others(client):
    statement = StatementFactory(party=country("USA"))
    statement.joint_parties.add(country("FRA"))
    Party.objects.filter(code="FRA").update(short_name=f"France {RLO}ecnarF")

    html = client.get(f"/statements/{statement.pk}/").content.decode()

    assert f', jointly with <a href="/countries/FRA/"><bdi>France {RLO}ecnarF</bdi></a>' in html


def test_a_speech_in_a_list_is_labelled_as_a_speech_not_a_paraphrase(client):
    StatementFactory(kind="speech", text="We call for a ceasefire.", label="The President:", role="president")

    html = client.get("/").content.decode()

    assert "Speech in the official record</p>" in html
    assert '<p class="speech-label">The President:</p>' in html
    assert '<p class="statement-role">President</p>' in html
    assert "Paraphrase</p>" not in html


def test_a_speech_in_the_language_of_its_text_is_not_called_an_interpretation(client):
    StatementFactory(kind="speech", text="We call for a ceasefire.", spoken_language="en", language="en")

    assert "interpretation" not in client.get("/").content.decode()


def test_a_quote_not_found_in_the_record_says_so_without_a_passage(client):
    check = RecordCheckFactory(result="not-found", speech=None, start=None, end=None)

    html = client.get(f"/statements/{check.statement_id}/").content.decode()

    assert "Not found in the record" in html
    assert "the speech in the record" not in html
    assert "The record reads" not in html


def test_cards_replying_to_different_statements_read_them_in_one_query(django_assert_num_queries):
    first = StatementFactory(speaker=DelegateFactory(full_name="Ann Able"), party=country("FRA"))
    second = StatementFactory(speaker=None, party=country("USA"))
    replies = [StatementFactory(reply_to=first), StatementFactory(reply_to=second), StatementFactory(reply_to=first)]
    listed = Statement.objects.select_related(*CARD_JOINS).filter(pk__in=[reply.pk for reply in replies])

    # The cards, what lies around them, and the two statements they reply to.
    with django_assert_num_queries(3):
        cards = {statement.pk: statement.card for statement in with_cards(listed.order_by("id"))}

    answered = [cards[reply.pk]["reply_to"] for reply in replies]
    assert [(card["url"], card["speaker"], card["party"]) for card in answered] == [
        (f"/statements/{first.pk}/", "Ann Able", "France"),
        (f"/statements/{second.pk}/", None, "United States"),
        (f"/statements/{first.pk}/", "Ann Able", "France"),
    ]


def test_cards_that_reply_to_nothing_send_no_query_for_it(django_assert_num_queries):
    StatementFactory.create_batch(3)

    with django_assert_num_queries(2):
        cards = [statement.card for statement in with_cards(Statement.objects.select_related(*CARD_JOINS))]

    assert [card["reply_to"] for card in cards] == [None, None, None]
