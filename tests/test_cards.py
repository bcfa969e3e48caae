"""Statement cards (statements.pages.cards): each part of a composed label is isolated on its own."""

import pytest

from tests.factories import CitationFactory, DelegateFactory, SourceFactory, StatementFactory, country

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
