"""Model validation (`full_clean()`): contradictions are rejected with a message naming the field."""

import datetime

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from statements.models import Citation, CouncilSeat, Position, Statement

from .factories import (
    BodyFactory,
    CitationFactory,
    CouncilSeatFactory,
    DelegateFactory,
    PositionFactory,
    SourceFactory,
    StatementFactory,
    country,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def errors_of(instance):
    with pytest.raises(ValidationError) as raised:
        instance.full_clean()
    return raised.value.message_dict


# Positions


def test_it_rejects_a_position_that_ends_before_it_starts():
    position = PositionFactory.build(
        delegate=DelegateFactory(), start=D(2024, 6, 1), end=D(2024, 5, 31)
    )

    assert errors_of(position) == {"end": ["A position cannot end before it starts."]}


def test_it_accepts_a_position_that_starts_and_ends_on_the_same_day():
    PositionFactory.build(delegate=DelegateFactory(), start=D(2024, 6, 1), end=D(2024, 6, 1)).full_clean()


def test_it_accepts_a_position_with_either_date_unknown():
    PositionFactory.build(delegate=DelegateFactory(), start=None, end=D(2024, 6, 1)).full_clean()
    PositionFactory.build(delegate=DelegateFactory(), start=D(2024, 6, 1), end=None).full_clean()


# Direct quotes


def test_it_rejects_an_empty_direct_quote():
    statement = StatementFactory(cite=False)
    statement.text = ""

    assert "text" in errors_of(statement)


@pytest.mark.parametrize("text", [" ", "   \n\t "])
def test_it_rejects_a_direct_quote_of_only_whitespace(text):
    statement = StatementFactory(cite=False)
    statement.text = text

    assert errors_of(statement) == {"text": ["A direct quote cannot be empty."]}


def test_it_accepts_a_paraphrase_of_only_whitespace_as_far_as_the_quote_rule_goes():
    statement = StatementFactory(cite=False, kind=Statement.Kind.PARAPHRASE)
    statement.text = "  "

    # Only the direct-quote rule is relaxed for paraphrases; the field itself is still required.
    statement.clean()


# Replies


def test_it_rejects_a_statement_replying_to_itself():
    statement = StatementFactory(cite=False)
    statement.reply_to = statement

    assert errors_of(statement) == {"reply_to": ["A statement cannot reply to itself."]}


def test_it_rejects_a_reply_to_a_statement_of_a_later_date():
    later = StatementFactory(cite=False, date=D(2024, 7, 1))
    reply = StatementFactory(cite=False, date=D(2024, 6, 28))
    reply.reply_to = later

    assert errors_of(reply) == {
        "reply_to": ["A statement cannot reply to a later statement (that one is dated 2024-07-01)."]
    }


def test_it_accepts_a_reply_on_the_same_day_and_a_reply_on_a_later_day():
    first = StatementFactory(cite=False, date=D(2024, 6, 28))
    same_day = StatementFactory(cite=False, date=D(2024, 6, 28), reply_to=first)
    next_day = StatementFactory(cite=False, date=D(2024, 6, 29), reply_to=first)

    same_day.full_clean()
    next_day.full_clean()


# Citations


@pytest.fixture
def source():
    return SourceFactory(text="Russia called the charge completely false.")  # 42 characters


@pytest.fixture
def statement():
    return StatementFactory(cite=False)


def test_it_accepts_offsets_inside_the_source_text(source, statement):
    citation = Citation(statement=statement, source=source, start=25, end=42)

    citation.full_clean()


def test_it_accepts_a_citation_without_offsets(source, statement):
    Citation(statement=statement, source=source).full_clean()


def test_it_rejects_offsets_past_the_end_of_the_source_text(source, statement):
    citation = Citation(statement=statement, source=source, start=25, end=43)

    assert errors_of(citation) == {
        "end": ["The offsets 25–43 fall outside the source text (42 characters)."]
    }


def test_it_rejects_offsets_into_a_source_without_text(statement):
    citation = Citation(statement=statement, source=SourceFactory(text=""), start=0, end=5)

    assert "end" in errors_of(citation)


def test_it_rejects_an_excerpt_that_ends_before_it_starts(source, statement):
    citation = Citation(statement=statement, source=source, start=30, end=20)

    assert errors_of(citation) == {"end": ["The excerpt cannot end before it starts."]}


def test_it_rejects_a_start_offset_without_an_end(source, statement):
    citation = Citation(statement=statement, source=source, start=3)

    assert errors_of(citation) == {"end": ["Give both offsets of the excerpt, or neither."]}


def test_it_rejects_an_end_offset_without_a_start(source, statement):
    citation = Citation(statement=statement, source=source, end=3)

    assert errors_of(citation) == {"start": ["Give both offsets of the excerpt, or neither."]}


def test_it_rejects_a_negative_offset(source, statement):
    citation = Citation(statement=statement, source=source, start=-1, end=3)

    assert "start" in errors_of(citation)


def test_citation_factory_builds_a_valid_citation():
    CitationFactory().full_clean()


# Council seats: a country holds at most one seat on a body at a time.


@pytest.fixture
def body():
    return BodyFactory()


def seat(body, start, end, code="FRA", **kwargs):
    return CouncilSeat(country=country(code), body=body, kind=CouncilSeat.Kind.ELECTED, start=start, end=end, **kwargs)


def overlap_error(instance):
    errors = errors_of(instance)
    assert list(errors) == [NON_FIELD_ERRORS]
    [message] = errors[NON_FIELD_ERRORS]
    assert message.startswith("This seat overlaps another seat of the same country on this body:")
    return message


def test_it_rejects_a_seat_that_ends_before_it_starts(body):
    assert errors_of(seat(body, D(2025, 1, 1), D(2024, 12, 31))) == {"end": ["A seat cannot end before it starts."]}


def test_it_rejects_a_seat_inside_another_seat(body):
    seat(body, D(2024, 1, 1), D(2025, 12, 31)).save()

    message = overlap_error(seat(body, D(2024, 6, 1), D(2024, 6, 30)))
    assert "France on the Security Council (Elected member, 2024–2025)" in message


def test_it_rejects_a_seat_that_overlaps_the_end_of_another(body):
    seat(body, D(2024, 1, 1), D(2025, 12, 31)).save()

    overlap_error(seat(body, D(2025, 12, 31), D(2027, 12, 31)))


def test_it_rejects_a_seat_that_overlaps_the_start_of_another(body):
    seat(body, D(2024, 1, 1), D(2025, 12, 31)).save()

    overlap_error(seat(body, D(2022, 1, 1), D(2024, 1, 1)))


def test_it_rejects_a_seat_that_covers_another(body):
    seat(body, D(2024, 1, 1), D(2025, 12, 31)).save()

    overlap_error(seat(body, D(2020, 1, 1), D(2030, 12, 31)))


def test_it_rejects_a_seat_after_the_start_of_an_open_ended_seat(body):
    seat(body, D(2024, 1, 1), None).save()

    overlap_error(seat(body, D(2030, 1, 1), D(2031, 12, 31)))


def test_it_rejects_an_open_ended_seat_starting_during_another(body):
    seat(body, D(2024, 1, 1), D(2025, 12, 31)).save()

    overlap_error(seat(body, D(2025, 1, 1), None))


def test_it_rejects_a_seat_before_the_end_of_a_seat_with_an_unknown_start(body):
    seat(body, None, D(2024, 12, 31)).save()

    overlap_error(seat(body, D(1990, 1, 1), D(1991, 12, 31)))


def test_it_rejects_a_second_seat_when_a_seat_has_no_dates_at_all(body):
    CouncilSeat.objects.create(country=country("FRA"), body=body, kind=CouncilSeat.Kind.PERMANENT)

    overlap_error(seat(body, D(2024, 1, 1), D(2025, 12, 31)))


def test_it_accepts_back_to_back_terms(body):
    seat(body, D(2022, 1, 1), D(2023, 12, 31)).save()
    seat(body, D(2026, 1, 1), None).save()

    seat(body, D(2024, 1, 1), D(2025, 12, 31)).full_clean()


def test_it_accepts_a_term_after_a_seat_with_an_unknown_start_has_ended(body):
    seat(body, None, D(2023, 12, 31)).save()

    seat(body, D(2024, 1, 1), D(2025, 12, 31)).full_clean()


def test_it_accepts_overlapping_seats_on_different_bodies(body):
    seat(body, D(2024, 1, 1), D(2025, 12, 31)).save()
    other_body = BodyFactory(name="Human Rights Council", short_name="HRC", slug="human-rights-council")

    seat(other_body, D(2024, 1, 1), D(2025, 12, 31)).full_clean()


def test_it_accepts_overlapping_seats_of_different_countries(body):
    seat(body, D(2024, 1, 1), D(2025, 12, 31)).save()

    seat(body, D(2024, 1, 1), D(2025, 12, 31), code="GUY").full_clean()


def test_a_seat_does_not_overlap_itself_when_edited():
    existing = CouncilSeatFactory()
    existing.end = D(2026, 12, 31)

    existing.full_clean()


def test_position_and_seat_factories_build_valid_rows():
    PositionFactory().full_clean()
    CouncilSeatFactory().full_clean()
    assert Position.objects.count() == 1
