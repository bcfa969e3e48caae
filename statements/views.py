"""HTML pages."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from .models import Body, Delegate, Meeting, Party, Source, Statement, Topic


def statements_in_order():
    return Statement.objects.select_related("speaker", "party", "meeting__body").prefetch_related(
        "topics", "citations__source"
    )


def home(request):
    meetings = (
        Meeting.objects.select_related("body")
        .prefetch_related(
            Prefetch("statements", queryset=statements_in_order().order_by("sequence", "id")),
            "requested_by",
        )
        .order_by("-date", "-id")[:20]
    )
    return render(request, "statements/home.html", {"meetings": meetings})


def meeting_detail(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("body").prefetch_related("requested_by"), pk=pk)
    statements = statements_in_order().filter(meeting=meeting).order_by("sequence", "id")
    return render(request, "statements/meeting.html", {"meeting": meeting, "statements": statements})


def statement_detail(request, pk):
    statement = get_object_or_404(statements_in_order(), pk=pk)
    return render(request, "statements/statement.html", {"statement": statement})


def delegate_detail(request, pk):
    delegate = get_object_or_404(Delegate.objects.prefetch_related("aliases", "positions__party"), pk=pk)
    statements = statements_in_order().filter(speaker=delegate)
    return render(request, "statements/delegate.html", {"delegate": delegate, "statements": statements})


def party_detail(request, code, kind):
    party = get_object_or_404(Party, code=code.upper() if kind == "state" else code, kind=kind)
    statements = statements_in_order().filter(party=party)
    return render(request, "statements/party.html", {"party": party, "statements": statements})


def body_detail(request, slug):
    body = get_object_or_404(Body, slug=slug)
    meetings = body.meetings.order_by("-date")
    return render(request, "statements/body.html", {"body": body, "meetings": meetings})


def topic_detail(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    statements = statements_in_order().filter(topics=topic)
    return render(request, "statements/topic.html", {"topic": topic, "statements": statements})


def source_detail(request, pk):
    source = get_object_or_404(Source, pk=pk)
    statements = statements_in_order().filter(sources=source)
    return render(request, "statements/source.html", {"source": source, "statements": statements})
