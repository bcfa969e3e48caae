"""The database's own constraints: they hold even when `full_clean()` is bypassed.

Each write that should fail runs inside `transaction.atomic()`, so that PostgreSQL can go on
using the connection after the error.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from statements.models import Citation, CouncilSeat, Meeting, Mention, Party, Position, Source, Statement

from .factories import (
    BodyFactory,
    DelegateFactory,
    MeetingFactory,
    OrganisationFactory,
    SourceFactory,
    StatementFactory,
    country,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def rejected(constraint):
    """Expect an IntegrityError; SQLite and PostgreSQL both name a check constraint in the message."""
    return pytest.raises(IntegrityError, match=constraint)


def test_the_database_rejects_a_position_that_ends_before_it_starts():
    with rejected("position_ends_after_start"), transaction.atomic():
        Position.objects.create(
            delegate=DelegateFactory(), party=country("FRA"), title="Ambassador", start=D(2024, 2, 1), end=D(2024, 1, 1)
        )


def test_the_database_accepts_positions_with_open_dates():
    delegate = DelegateFactory()
    Position.objects.create(delegate=delegate, party=country("FRA"), title="Ambassador", start=None, end=D(2020, 1, 1))
    Position.objects.create(delegate=delegate, party=country("FRA"), title="Ambassador", start=D(2021, 1, 1))

    assert Position.objects.count() == 2


def test_the_database_rejects_a_seat_that_ends_before_it_starts():
    with rejected("seat_ends_after_start"), transaction.atomic():
        CouncilSeat.objects.create(
            country=country("FRA"), body=BodyFactory(), kind="elected", start=D(2025, 1, 1), end=D(2024, 12, 31)
        )


def test_the_database_rejects_an_empty_direct_quote():
    statement = StatementFactory(cite=False)

    with rejected("statement_direct_quote_not_empty"), transaction.atomic():
        Statement.objects.filter(pk=statement.pk).update(text="")


def test_the_database_accepts_an_empty_paraphrase():
    # A paraphrase may be recorded before its wording is written; only quotes must have words.
    statement = StatementFactory(cite=False, kind=Statement.Kind.PARAPHRASE)

    Statement.objects.filter(pk=statement.pk).update(text="")


def test_the_database_rejects_a_statement_replying_to_itself():
    statement = StatementFactory(cite=False)

    with rejected("statement_not_reply_to_itself"), transaction.atomic():
        Statement.objects.filter(pk=statement.pk).update(reply_to=statement.pk)


def test_the_database_accepts_a_reply_to_another_statement():
    first = StatementFactory(cite=False)
    second = StatementFactory(cite=False)

    Statement.objects.filter(pk=second.pk).update(reply_to=first.pk)
    assert list(first.replies.all()) == [second]


def test_the_database_rejects_two_statements_at_the_same_place_in_a_meeting():
    meeting = MeetingFactory()
    StatementFactory(cite=False, meeting=meeting, sequence=1)

    with rejected("statement_sequence_unique|UNIQUE"), transaction.atomic():
        StatementFactory(cite=False, meeting=meeting, sequence=1)


def test_the_database_accepts_statements_without_a_place_in_the_meeting():
    meeting = MeetingFactory()
    StatementFactory(cite=False, meeting=meeting, sequence=None)
    StatementFactory(cite=False, meeting=meeting, sequence=None)
    StatementFactory(cite=False, meeting=MeetingFactory(), sequence=1)
    StatementFactory(cite=False, meeting=meeting, sequence=1)

    assert meeting.statements.count() == 3


def test_the_database_rejects_two_meetings_with_the_same_record_symbol():
    MeetingFactory(record_symbol="S/PV.9669")

    with rejected("meeting_record_symbol_unique|UNIQUE"), transaction.atomic():
        MeetingFactory(record_symbol="S/PV.9669")


def test_the_database_accepts_many_meetings_without_a_record_symbol():
    MeetingFactory(record_symbol="")
    MeetingFactory(record_symbol="")

    assert Meeting.objects.filter(record_symbol="").count() == 2


def test_the_database_rejects_two_sources_with_the_same_url():
    SourceFactory(url="https://press.un.org/en/2024/sc15755.doc.htm")

    with rejected("source_url_unique|UNIQUE"), transaction.atomic():
        SourceFactory(url="https://press.un.org/en/2024/sc15755.doc.htm")


def test_the_database_accepts_many_sources_without_a_url():
    SourceFactory(url="")
    SourceFactory(url="")

    assert Source.objects.filter(url="").count() == 2


@pytest.mark.parametrize(
    "start, end",
    [(10, 5), (None, 5), (5, None)],
    ids=["end-before-start", "end-only", "start-only"],
)
def test_the_database_rejects_disordered_or_half_given_offsets(start, end):
    statement = StatementFactory(cite=False)

    with rejected("citation_offsets_ordered"), transaction.atomic():
        Citation.objects.create(statement=statement, source=SourceFactory(), start=start, end=end)


def test_the_database_accepts_an_empty_excerpt_and_no_offsets():
    statement = StatementFactory(cite=False)
    Citation.objects.create(statement=statement, source=SourceFactory(), start=5, end=5)
    Citation.objects.create(statement=statement, source=SourceFactory())

    assert statement.citations.count() == 2


def test_the_database_rejects_a_state_without_an_iso2_code():
    with rejected("party_codes_match_kind"), transaction.atomic():
        Party.objects.create(kind=Party.Kind.STATE, code="XXA", name="Nowhere")


def test_the_database_rejects_an_organisation_with_an_iso2_code():
    with rejected("party_codes_match_kind"), transaction.atomic():
        Party.objects.create(kind=Party.Kind.ORGANISATION, code="un-secretariat", iso2="UN", name="UN Secretariat")


def test_the_database_rejects_two_parties_with_the_same_iso2_code():
    with rejected("party_iso2_unique|UNIQUE"), transaction.atomic():
        Party.objects.create(kind=Party.Kind.STATE, code="XXF", iso2="FR", name="Another France")


def test_the_database_accepts_many_organisations_without_iso2_codes():
    OrganisationFactory(code="un-secretariat")
    OrganisationFactory(code="european-union")

    assert Party.objects.filter(kind=Party.Kind.ORGANISATION, iso2="").count() == 2


def test_the_database_rejects_the_same_mention_twice():
    statement = StatementFactory(cite=False)
    Mention.objects.create(statement=statement, party=country("RUS"), relation=Mention.Relation.ACCUSES)

    with rejected("mention_unique|UNIQUE"), transaction.atomic():
        Mention.objects.create(statement=statement, party=country("RUS"), relation=Mention.Relation.ACCUSES)


def test_the_database_accepts_one_party_mentioned_in_two_ways():
    statement = StatementFactory(cite=False)
    Mention.objects.create(statement=statement, party=country("CHN"), relation=Mention.Relation.CRITICISES)
    Mention.objects.create(statement=statement, party=country("CHN"), relation=Mention.Relation.CALLS_ON)

    assert statement.mentions.count() == 2


def test_the_database_rejects_a_new_statement_replying_to_itself():
    # The id is only known ahead of the insert when it is given.
    with rejected("statement_not_reply_to_itself"), transaction.atomic():
        StatementFactory(cite=False, id=999_999, reply_to_id=999_999)


# full_clean() reports the unique constraints on the field concerned, in words.


def test_full_clean_reports_a_duplicate_record_symbol_on_its_field():
    MeetingFactory(record_symbol="S/PV.9669")
    duplicate = MeetingFactory.build(body=BodyFactory(), record_symbol="S/PV.9669")

    with pytest.raises(ValidationError) as raised:
        duplicate.full_clean()
    assert raised.value.message_dict == {"record_symbol": ["Another meeting already has this record symbol."]}


def test_full_clean_reports_a_duplicate_source_url_on_its_field():
    SourceFactory(url="https://press.un.org/en/2024/sc15755.doc.htm")
    duplicate = SourceFactory.build(url="https://press.un.org/en/2024/sc15755.doc.htm")

    with pytest.raises(ValidationError) as raised:
        duplicate.full_clean()
    assert raised.value.message_dict == {"url": ["Another source already has this URL."]}


def test_full_clean_reports_a_duplicate_iso2_code_on_its_field():
    duplicate = Party(kind=Party.Kind.STATE, code="XXF", iso2="FR", name="Another France")

    with pytest.raises(ValidationError) as raised:
        duplicate.full_clean()
    assert raised.value.message_dict == {"iso2": ["Another party already has this ISO alpha-2 code."]}


def test_full_clean_explains_that_a_state_needs_an_iso2_code():
    with pytest.raises(ValidationError) as raised:
        Party(kind=Party.Kind.STATE, code="XXA", name="Nowhere").full_clean()
    assert raised.value.messages == ["A state needs its ISO alpha-2 code; an organisation has none."]


def test_full_clean_explains_a_taken_sequence_number():
    meeting = MeetingFactory()
    StatementFactory(cite=False, meeting=meeting, sequence=1)
    duplicate = StatementFactory.build(meeting=meeting, sequence=1, speaker=None, party=country("FRA"))

    with pytest.raises(ValidationError) as raised:
        duplicate.full_clean()
    assert raised.value.messages == ["Another statement of this meeting already has this sequence number."]
