"""The FilterSets' own copies of their filters (statements/filters.py, UpdatedSinceFilterSet).

django-filter deep-copies every declared filter per request; here each instance gets a shallow copy
with its own `extra`, and the form class is made once per FilterSet class (issue 16).
"""

import pytest
from django.http import QueryDict

from statements.filters import MeetingFilter, StatementFilter, StatementPageFilter, VoteFilter
from statements.models import Statement
from tests import factories

pytestmark = pytest.mark.django_db


def test_instances_have_their_own_filters_bound_to_themselves():
    one, other = StatementFilter(QueryDict("")), StatementFilter(QueryDict(""))

    for name, declared in StatementFilter.base_filters.items():
        assert one.filters[name] is not declared
        assert one.filters[name] is not other.filters[name]
        assert one.filters[name].parent is one and other.filters[name].parent is other
        assert one.filters[name].extra is not declared.extra
    # A filter with a method calls its own FilterSet's method.
    assert one.filters["topic"].filter.f.parent is one


def test_what_a_page_changes_in_its_filters_stays_in_its_instance():
    page = StatementPageFilter(QueryDict(""))
    api = StatementFilter(QueryDict(""))

    assert page.filters["country"].extra["help_text"] == "A country or organisation: its name or code."
    assert "help_text" not in StatementPageFilter.base_filters["country"].extra
    assert api.filters["country"].extra.get("help_text") != page.filters["country"].extra["help_text"]
    assert list(page.form.fields) == list(StatementPageFilter.page_fields)
    assert "mentions" in api.form.fields


def test_one_form_class_per_filterset_class_and_fresh_forms():
    first, second = StatementFilter(QueryDict("country=RUS")), StatementFilter(QueryDict("country=nowhere"))

    assert type(first.form) is type(second.form)
    assert type(first.form) is not type(StatementPageFilter(QueryDict("")).form)
    assert first.form is not second.form
    assert first.is_valid() and not second.is_valid()
    assert "country" in second.errors and "country" not in first.errors


def test_filtering_still_filters():
    queryset = StatementFilter(QueryDict("kind=speech"), queryset=Statement.objects.all()).qs

    assert "kind" in str(queryset.query)


# Only the given parameters (GivenFieldsForm, issue 16).


def api_filterset(query, filterset_class=StatementFilter):
    filterset = filterset_class(QueryDict(query), queryset=filterset_class._meta.model.objects.all())
    filterset.only_given = True
    return filterset


def test_the_api_checks_only_the_parameters_given_and_pages_every_one():
    filterset = api_filterset("country=RUS&ordering=-date&q=")

    # "q=" is given, though empty: it is checked like the others.
    assert set(filterset.form.fields) == {"country", "ordering", "q"}
    # The class keeps every field, and a filter set not told otherwise shows them all.
    assert set(type(filterset.form).base_fields) == set(StatementFilter.base_filters)
    assert set(StatementFilter(QueryDict("country=RUS")).form.fields) == set(StatementFilter.base_filters)
    assert set(api_filterset("", MeetingFilter).form.fields) == set()


@pytest.mark.parametrize(
    "query",
    [
        "",
        "kind=direct",
        "country=RUS&kind=paraphrase",
        "mentions=UKR",
        "relation=criticises",
        "mentions=UKR&relation=criticises",
        "has_replies=false&ordering=id",
        "date_from=2024-01-01&date_to=2024-12-31",
        "topic=peacekeeping&language=en",
    ],
)
def test_only_the_given_parameters_select_the_same_rows_as_the_whole_form(query):
    ukraine, russia = factories.country("UKR"), factories.country("RUS")
    topic = factories.TopicFactory(slug="peacekeeping")
    statements = [
        factories.StatementFactory(party=russia, kind=Statement.Kind.DIRECT, date="2024-03-01"),
        factories.StatementFactory(party=russia, kind=Statement.Kind.PARAPHRASE, date="2025-03-01"),
        factories.StatementFactory(party=ukraine, kind=Statement.Kind.DIRECT, date="2024-06-01"),
    ]
    statements[0].topics.add(topic)
    factories.MentionFactory(statement=statements[0], party=ukraine, relation="criticises")
    factories.MentionFactory(statement=statements[2], party=russia, relation="supports")
    factories.StatementFactory(party=ukraine, reply_to=statements[1])
    whole = StatementFilter(QueryDict(query), queryset=Statement.objects.all())
    given = api_filterset(query)

    assert whole.is_valid() and given.is_valid()
    assert list(given.qs.values_list("id", flat=True)) == list(whole.qs.values_list("id", flat=True))


def test_only_the_given_parameters_still_report_every_error_and_cross_checks():
    filterset = api_filterset("country=nowhere&kind=shouted&date_from=2024-13-01")

    assert not filterset.is_valid()
    assert set(filterset.errors) == {"country", "kind", "date_from"}
    # The form's own check across fields (VoteFilterForm: `ballot` needs `country`).
    votes = api_filterset("ballot=yes", VoteFilter)
    assert not votes.is_valid() and "ballot" in votes.errors


def test_the_browsable_api_form_shows_every_filter(client):
    answer = client.get("/api/v1/statements/?country=RUS&format=api")

    assert answer.status_code == 200
    html = answer.content.decode()
    for name in ("mentions", "relation", "has_replies", "updated_since"):
        assert f'name="{name}"' in html
