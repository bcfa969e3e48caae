"""FilterSets only the pages use, built from the filters of `statements.filters` (the API's and the pages')."""

import django_filters as filters
from django import forms

from statements.filters import DateRangeForm, IsoDateFilter, PageFilterMixin, PartyCodeFilter, date_input
from statements.models import Ballot, Vote


class VetoPageFilter(PageFilterMixin, filters.FilterSet):
    """The vetoes list's filters: the vetoing member and the meeting's date range."""

    country = PartyCodeFilter(
        method="filter_country",
        label="Vetoing member",
        help_text="ISO code (RUS) or pick from the list.",
        widget=forms.TextInput(attrs={"list": "veto-codes", "autocomplete": "off"}),
    )
    date_from = IsoDateFilter(field_name="meeting__date", lookup_expr="gte")
    date_to = IsoDateFilter(field_name="meeting__date", lookup_expr="lte")

    page_fields = {"country": {}, "date_from": date_input("From"), "date_to": date_input("To")}

    class Meta:
        model = Vote
        fields = []
        form = DateRangeForm

    def filter_country(self, queryset, name, party):
        # A subquery on the vetoes, so that a vote vetoed by two members appears once.
        return queryset.filter(pk__in=Ballot.objects.vetoes().filter(party=party).values("vote_id"))
