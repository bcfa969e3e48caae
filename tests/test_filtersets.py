"""The FilterSets' own copies of their filters (statements/filters.py, UpdatedSinceFilterSet).

django-filter deep-copies every declared filter per request; here each instance gets a shallow copy
with its own `extra`, and the form class is made once per FilterSet class (issue 16).
"""

import pytest
from django.http import QueryDict

from statements.filters import StatementFilter, StatementPageFilter
from statements.models import Statement

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
