"""Atom feeds of the latest statements: overall, per country or organisation, per delegate, per topic, per search."""

import datetime

from django.contrib.syndication.views import Feed
from django.core.exceptions import BadRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from statements.filters import StatementPageFilter
from statements.models import Delegate, Party, Statement, Topic
from statements.search import match_statements

FEED_SIZE = 50


class LatestStatementsFeed(Feed):
    feed_type = Atom1Feed
    title = "Latest statements · Diplomatic statements"
    subtitle = "The latest statements recorded: who said what, where, when and on whose behalf."

    def link(self, obj=None):
        return reverse("home")

    def statements(self, obj):
        return Statement.objects.order_by("-date", "-id")

    def items(self, obj=None):
        return self.statements(obj).select_related("speaker", "party", "meeting__body")[:FEED_SIZE]

    def item_title(self, item):
        text = item.text if len(item.text) <= 100 else item.text[:99] + "…"
        return f"{item.attribution}: “{text}”" if item.is_direct else f"{item.attribution}: {text}"

    def item_description(self, item):
        # Atom content is escaped by the feed generator; the text stays plain.
        kind = {Statement.Kind.DIRECT: "Direct quote", Statement.Kind.SPEECH: "Speech in the official record"}.get(
            item.kind, "Paraphrase"
        )
        where = f", {item.meeting.display_title}" if item.meeting else ""
        return f"{kind}{where}, {item.date.day} {item.date:%B %Y}: {item.text}"

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return datetime.datetime.combine(item.date, datetime.time(), tzinfo=datetime.UTC)

    def item_updateddate(self, item):
        return item.updated

    def item_author_name(self, item):
        return item.speaker.full_name if item.speaker else (item.party.display_name if item.party else None)


class PartyFeed(LatestStatementsFeed):
    def get_object(self, request, code):
        return get_object_or_404(Party.objects.by_codes([code]))

    def title(self, obj):
        return f"Statements by {obj} · Diplomatic statements"

    def subtitle(self, obj):
        return f"The latest statements made on behalf of {obj}."

    def link(self, obj):
        return obj.get_absolute_url()

    def statements(self, obj):
        return obj.statements.order_by("-date", "-id")


class DelegateFeed(LatestStatementsFeed):
    def get_object(self, request, pk):
        return get_object_or_404(Delegate, pk=pk)

    def title(self, obj):
        return f"Statements by {obj} · Diplomatic statements"

    def subtitle(self, obj):
        return f"The latest statements by {obj}."

    def link(self, obj):
        return obj.get_absolute_url()

    def statements(self, obj):
        return obj.statements.order_by("-date", "-id")


class TopicFeed(LatestStatementsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug)

    def title(self, obj):
        return f"Statements on {obj} · Diplomatic statements"

    def subtitle(self, obj):
        return f"The latest statements on the topic {obj}."

    def link(self, obj):
        return obj.get_absolute_url()

    def statements(self, obj):
        return obj.statements.order_by("-date", "-id")


class SearchFeed(LatestStatementsFeed):
    """The newest statements matching a search, with the same parameters as the search page."""

    def get_object(self, request):
        search = StatementPageFilter(request.GET)
        if not search.is_valid():
            errors = "; ".join(error for field_errors in search.errors.values() for error in field_errors)
            raise BadRequest(f"This search feed cannot be built: {errors}")
        return search

    def title(self, obj):
        q = obj.form.cleaned_data.get("q")
        return f"Statements matching “{q}” · Diplomatic statements" if q else "Statements · Diplomatic statements"

    def subtitle(self, obj):
        return "The newest statements matching a search."

    def link(self, obj):
        return reverse("search") + "?" + obj.data.urlencode()

    def statements(self, obj):
        base = obj.qs
        q = obj.form.cleaned_data.get("q")
        if q:
            base = match_statements(base, q)
        return base.order_by("-date", "-id")
