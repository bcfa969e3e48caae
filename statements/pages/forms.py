"""Search and filter forms of the public pages. All are GET forms, so every result has a shareable URL."""

from django import forms

from statements.models import Body, Delegate, Party, Topic
from statements.search import MAX_QUERY_LENGTH, parse_query


class MeetingFilterForm(forms.Form):
    body = forms.ModelChoiceField(
        queryset=Body.objects.order_by("name"), to_field_name="slug", required=False, empty_label="Any body"
    )
    date_from = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}), help_text="YYYY-MM-DD"
    )
    date_to = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}), help_text="YYYY-MM-DD"
    )
    country = forms.CharField(
        label="Country or organisation",
        required=False,
        max_length=64,
        help_text="Requested the meeting or spoke at it. ISO code (RUS) or pick from the list.",
        widget=forms.TextInput(attrs={"list": "party-codes", "autocomplete": "off"}),
    )
    topic = forms.ModelChoiceField(
        queryset=Topic.objects.order_by("name"), to_field_name="slug", required=False, empty_label="Any topic"
    )

    def clean_country(self):
        code = self.cleaned_data["country"].strip()
        if not code:
            return None
        party = Party.objects.by_codes([code]).first()
        if party is None:
            raise forms.ValidationError(f"No country or organisation has the code “{code}”.")
        return party

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The end date is before the start date.")
        return cleaned


class SearchForm(forms.Form):
    q = forms.CharField(label="Search statements", required=False, max_length=MAX_QUERY_LENGTH, strip=True)
    country = forms.CharField(required=False, max_length=64)
    speaker = forms.IntegerField(required=False, min_value=1)
    topic = forms.SlugField(required=False, max_length=100)
    year = forms.IntegerField(required=False, min_value=1900, max_value=2100)

    def clean_q(self):
        q = self.cleaned_data["q"]
        if q:
            try:
                parse_query(q)
            except ValueError as error:
                raise forms.ValidationError(str(error)) from None
        return q

    def clean_country(self):
        code = self.cleaned_data["country"].strip()
        if not code:
            return None
        party = Party.objects.by_codes([code]).first()
        if party is None:
            raise forms.ValidationError(f"No country or organisation has the code “{code}”.")
        return party

    def clean_speaker(self):
        pk = self.cleaned_data["speaker"]
        if pk is None:
            return None
        delegate = Delegate.objects.filter(pk=pk).first()
        if delegate is None:
            raise forms.ValidationError(f"No speaker has the number {pk}.")
        return delegate

    def clean_topic(self):
        slug = self.cleaned_data["topic"]
        if not slug:
            return None
        topic = Topic.objects.filter(slug=slug).first()
        if topic is None:
            raise forms.ValidationError(f"No topic is called “{slug}”.")
        return topic

    def filter(self, queryset):
        """Apply the valid filters (not the words) to a statement queryset."""
        data = self.cleaned_data
        if data.get("country"):
            queryset = queryset.filter(party=data["country"])
        if data.get("speaker"):
            queryset = queryset.filter(speaker=data["speaker"])
        if data.get("topic"):
            queryset = queryset.filter(topics=data["topic"])
        if data.get("year"):
            queryset = queryset.filter(date__year=data["year"])
        return queryset

    def active_filters(self):
        """(parameter, label) for each filter in use, for "remove this filter" links."""
        data = self.cleaned_data
        filters = []
        if data.get("country"):
            filters.append(("country", data["country"].display_name))
        if data.get("speaker"):
            filters.append(("speaker", data["speaker"].full_name))
        if data.get("topic"):
            filters.append(("topic", data["topic"].name))
        if data.get("year"):
            filters.append(("year", str(data["year"])))
        return filters


class DelegateFilterForm(forms.Form):
    name = forms.CharField(label="Name", required=False, max_length=200)
