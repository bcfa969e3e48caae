"""Forms of the public pages. All are GET forms, so every result has a shareable URL.

The pages' filters are FilterSets of statements.filters (MeetingPageFilter, StatementPageFilter,
DelegatePageFilter), the API's own with what only a page needs.
"""

from django import forms

from statements.search import MAX_QUERY_LENGTH


class SearchForm(forms.Form):
    """The words of a search, as the search box takes them."""

    q = forms.CharField(label="Search statements", required=False, max_length=MAX_QUERY_LENGTH, strip=True)
