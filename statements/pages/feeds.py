"""Atom feeds of the latest statements: overall, per country or organisation, per delegate, per topic, per search.

Each feed names an XSL stylesheet (static/feeds.xsl), so that a browser opening it shows a page
that says what a feed is, lists the entries and links to the follow page, instead of raw XML.
"""

import datetime
from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.core.exceptions import BadRequest
from django.shortcuts import get_object_or_404
from django.templatetags.static import static
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Stylesheet
from django.utils.xmlutils import SimplerXMLGenerator

from statements.alerts.matching import followed_query
from statements.filters import StatementPageFilter
from statements.models import Delegate, Party, Statement, Topic
from statements.search import match_statements

FEED_SIZE = 50


class ReadableAtom1Feed(Atom1Feed):
    """Atom with its stylesheets (Django 5.2 writes them for RSS only), served as application/xml.

    Chromium shows a document served as application/atom+xml as plain text, stylesheet or not;
    as application/xml it applies the stylesheet. Feed readers know Atom by its root element, and
    the pages still announce the feeds as application/atom+xml.
    """

    content_type = "application/xml; charset=utf-8"

    def write(self, outfile, encoding):
        handler = SimplerXMLGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        for stylesheet in self.feed["stylesheets"] or []:
            handler.processingInstruction("xml-stylesheet", stylesheet)
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        # The follow page of what the feed holds, which the stylesheet links to.
        handler.addQuickElement("link", "", {"rel": "related", "href": self.feed["follow_url"]})


class LatestStatementsFeed(Feed):
    feed_type = ReadableAtom1Feed
    title = "Latest statements · Diplomatic statements"
    subtitle = "The latest statements recorded: who said what, where, when and on whose behalf."

    def link(self, obj=None):
        return reverse("home")

    def stylesheets(self, obj=None):
        return [Stylesheet(static("feeds.xsl"), mimetype="text/xsl")]

    def follow_query(self, obj):
        """The follow page's parameters for what this feed holds."""
        return ""

    def feed_extra_kwargs(self, obj):
        query = self.follow_query(obj)
        return {"follow_url": reverse("follow") + (f"?{query}" if query else "")}

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

    def follow_query(self, obj):
        return urlencode({"country": obj.code})


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

    def follow_query(self, obj):
        return urlencode({"speaker": obj.pk})


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

    def follow_query(self, obj):
        return urlencode({"topic": obj.slug})


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

    def follow_query(self, obj):
        return followed_query(obj)

    def statements(self, obj):
        base = obj.qs
        q = obj.form.cleaned_data.get("q")
        if q:
            base = match_statements(base, q)
        return base.order_by("-date", "-id")
