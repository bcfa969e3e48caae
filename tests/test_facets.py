"""statements/facets.py: counts of a selection of statements."""

import datetime

import pytest
from django.db import connection

from statements.facets import _facets_query_by_query, _postgres_facets, facet_counts
from statements.models import Mention, Statement
from tests.factories import MeetingFactory, MentionFactory, OrganisationFactory, StatementFactory, TopicFactory, country

# The facets are one query on PostgreSQL, one per facet elsewhere (statements/facets.py).
FACET_QUERIES = 1 if connection.vendor == "postgresql" else 8


@pytest.mark.django_db
def test_it_counts_statements_by_country_speaker_topic_body_and_month(django_assert_num_queries):
    sanctions = TopicFactory(slug="sanctions", name="Sanctions")
    june = MeetingFactory(date=datetime.date(2024, 6, 28))
    first = StatementFactory(meeting=june, party=country("RUS"))
    first.topics.add(sanctions)
    StatementFactory(meeting=june, party=country("RUS"), speaker=first.speaker)
    StatementFactory(meeting=MeetingFactory(date=datetime.date(2024, 7, 2)), party=country("USA"))

    # PostgreSQL: one query that reads the selection once. Elsewhere one query per facet: country,
    # speaker, topic, body, mentions, relation, kind, month.
    with django_assert_num_queries(FACET_QUERIES):
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


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_one_query_of_postgresql_gives_what_the_query_per_facet_gives():
    topics = [TopicFactory(slug=slug, name=slug.title()) for slug in ("b-topic", "a-topic", "atopic")]
    union = OrganisationFactory(code="european-union", name="European Union", short_name="EU")
    speakers = [StatementFactory(party=union, cite=False).speaker for _ in range(2)]
    for n in range(12):
        statement = StatementFactory(
            party=country(["RUS", "USA", "CHN"][n % 3]),
            speaker=speakers[n % 2],
            meeting=MeetingFactory(date=datetime.date(2020 + n % 4, 1 + n % 12, 1)),
            kind=[Statement.Kind.DIRECT, Statement.Kind.PARAPHRASE][n % 2],
            cite=False,
        )
        statement.topics.add(*topics[: n % 4])
        for relation in [Mention.Relation.ACCUSES, Mention.Relation.CRITICISES][: n % 3]:
            MentionFactory(statement=statement, party=[union, country("FRA")][n % 2], relation=relation)
    StatementFactory(party=None, speaker=None, meeting=None, date=datetime.date(2019, 5, 5), cite=False)
    selection = Statement.objects.exclude(party__code="CHN")

    for size in (None, 2, 1):
        assert _postgres_facets(selection, size) == _facets_query_by_query(selection, size)
    # The short name where there is one, as elsewhere.
    assert "EU" in [row["name"] for row in _postgres_facets(selection, None)["mentions"]]
