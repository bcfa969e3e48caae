"""statements/facets.py: counts of a selection of statements."""

import datetime

import pytest

from statements.facets import facet_counts
from statements.models import Statement
from tests.factories import MeetingFactory, StatementFactory, TopicFactory, country


@pytest.mark.django_db
def test_it_counts_statements_by_country_speaker_topic_body_and_month(django_assert_num_queries):
    sanctions = TopicFactory(slug="sanctions", name="Sanctions")
    june = MeetingFactory(date=datetime.date(2024, 6, 28))
    first = StatementFactory(meeting=june, party=country("RUS"))
    first.topics.add(sanctions)
    StatementFactory(meeting=june, party=country("RUS"), speaker=first.speaker)
    StatementFactory(meeting=MeetingFactory(date=datetime.date(2024, 7, 2)), party=country("USA"))

    # One query per facet: country, speaker, topic, body, mentions, relation, kind, month.
    with django_assert_num_queries(8):
        facets = facet_counts(Statement.objects.all())

    assert facets["country"] == [
        {"code": "RUS", "name": "Russia", "kind": "state", "count": 2},
        {"code": "USA", "name": facets["country"][1]["name"], "kind": "state", "count": 1},
    ]
    assert facets["speaker"][0] == {"id": first.speaker_id, "name": first.speaker.full_name, "count": 2}
    assert facets["topic"] == [{"slug": "sanctions", "name": "Sanctions", "count": 1}]
    assert facets["body"] == [{"slug": "security-council", "name": "Security Council", "count": 3}]
    assert facets["month"] == [{"month": "2024-06", "count": 2}, {"month": "2024-07", "count": 1}]
    assert facets["year"] == [{"year": 2024, "count": 3}]


@pytest.mark.django_db
def test_it_counts_only_the_selection_and_cuts_each_facet_to_the_limit():
    for code in ["RUS", "USA", "CHN"]:
        StatementFactory(party=country(code))
    facets = facet_counts(Statement.objects.exclude(party__code="CHN"), size=1)
    assert len(facets["country"]) == 1
    assert facets["country"][0]["code"] in {"RUS", "USA"}
    assert sum(row["count"] for row in facets["month"]) == 2


