"""A period a page covers, as its query string gives it: a year, or dates from and to (YYYY-MM-DD).

Shared by the relations and compare pages, and links to the search page for one month.
"""

import datetime

from django import forms


def date_field(label):
    return forms.DateField(
        label=label,
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Give a date as year-month-day, e.g. 2024-06-28."},
    )


class PeriodForm(forms.Form):
    """`year`, or `date_from` and/or `date_to`; cleans to `start` and `end` (either may be None)."""

    year = forms.IntegerField(label="Year", required=False, min_value=1900, max_value=2100)
    date_from = date_field("From")
    date_to = date_field("To")

    def clean(self):
        cleaned = super().clean()
        year, start, end = cleaned.get("year"), cleaned.get("date_from"), cleaned.get("date_to")
        if year and (start or end):
            raise forms.ValidationError("Give a year or dates from and to, not both.", code="year_and_dates")
        if start and end and end < start:
            self.add_error("date_to", "The end date is before the start date.")
        if year:
            start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        cleaned["start"], cleaned["end"] = start, end
        return cleaned


def period_parameters(start, end):
    """The search page's parameters for the dates from `start` to `end` (either may be None)."""
    parameters = {}
    if start:
        parameters["date_from"] = start.isoformat()
    if end:
        parameters["date_to"] = end.isoformat()
    return parameters


def month_end(month):
    """The last day of the month of `month`."""
    following = datetime.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


def month_parameters(month):
    """The search page's parameters for the month of `month` (a date)."""
    return period_parameters(datetime.date(month.year, month.month, 1), month_end(month))


def months_between(first, last):
    """The first day of each month from `first`'s to `last`'s, in order."""
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(datetime.date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def describe(start, end):
    """The period in words: "in 2024", "from 1 June 2024 to 30 June 2024", "since …", "until …", ""."""
    if start and end and start == datetime.date(start.year, 1, 1) and end == datetime.date(start.year, 12, 31):
        return f"in {start.year}"
    if start and end:
        return f"from {start:%-d %B %Y} to {end:%-d %B %Y}"
    if start:
        return f"since {start:%-d %B %Y}"
    if end:
        return f"until {end:%-d %B %Y}"
    return ""
