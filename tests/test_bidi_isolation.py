"""Every name, title, publisher and quote on every page is isolated from the direction of its line.

A RIGHT-TO-LEFT OVERRIDE (U+202E) typed into a delegate's name, a meeting's title or a source's
publisher makes the browser display everything after it backwards until the end of the
paragraph ("Eve, France" as "ecnarF ,evE") unless the value sits in an element that isolates
it: a <bdi> (what the `isolate` filter writes), or an element with a `dir` attribute (HTML's
own stylesheet gives both `unicode-bidi: isolate`). Plain text cannot hold elements, so the
page's <head> (title, meta descriptions, feed titles) and an SVG chart's <title> must hold no
direction control at all.

The data below puts an override into every text an editor or a source supplies; each page type
is read and parsed, and every override in it must be isolated. A new page added to the site's
URLs fails `test_every_page_is_checked` until it is listed here.
"""

import datetime
import re
from html.parser import HTMLParser

import pytest

from statements.editor import urls as editor_urls
from statements.models import Statement
from statements.pages import urls as page_urls
from tests import factories

pytestmark = pytest.mark.django_db

RLO = "\u202e"
# Controls that turn the direction of what follows them: embeddings, overrides, isolates.
CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Elements whose content is plain text: nothing inside them can be isolated.
PLAIN_TEXT = {"title", "desc", "script", "style"}
# Attributes a browser shows or reads aloud as text.
SHOWN_ATTRIBUTES = {"title", "aria-label", "alt", "placeholder", "content", "label"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def hostile(word):
    """A value that turns the rest of its line right to left: "Eve ‮evE"."""
    return f"{word} {RLO}{word[::-1]}"


QUOTE = hostile("We said")
ARTICLE = f'{hostile("Eve")}, for France, said: "{QUOTE}." The meeting ended.'


class Isolation(HTMLParser):
    """Where in a page a direction control escapes isolation: a list of readable problems."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open = []  # (tag, attributes) of the elements around the current position
        self.problems = []
        self.overrides = 0  # overrides found in the body's text

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        inside = [name for name, _ in self.open]
        for name in SHOWN_ATTRIBUTES & attributes.keys():
            if CONTROLS.search(attributes[name] or ""):
                self.problems.append(f"<{tag} {name}={attributes[name]!r}> in {' > '.join(inside)}")
        if tag not in VOID:
            self.open.append((tag, attributes))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.open.pop()

    def handle_endtag(self, tag):
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                del self.open[index:]
                return

    def handle_data(self, data):
        if not CONTROLS.search(data):
            return
        tags = [tag for tag, _ in self.open]
        where = f"{' > '.join(tags)}: {data.strip()[:80]!r}"
        if "head" in tags or PLAIN_TEXT & set(tags):
            self.problems.append(f"plain text holds a direction control: {where}")
        elif RLO not in data:
            return
        elif "option" in tags or any(tag == "textarea" and "name" in attrs for tag, attrs in self.open):
            # A form control's value is laid out in a box of its own and must stay as stored.
            self.overrides += data.count(RLO)
        elif "textarea" in tags:
            self.problems.append(f"a read-only text box holds an override: {where}")
        elif any(tag == "bdi" or "dir" in attrs for tag, attrs in self.open):
            self.overrides += data.count(RLO)
        else:
            self.problems.append(f"not isolated: {where}")


def problems_in(html):
    parser = Isolation()
    parser.feed(html)
    parser.close()
    return parser


@pytest.fixture
def archive():
    """One of everything, every text in it holding an override."""
    body = factories.BodyFactory(slug="assembly", name=hostile("Assembly"), short_name="")
    france = factories.country("FRA")
    france.short_name = hostile("France")
    france.save()
    league = factories.OrganisationFactory(
        code="league", name=hostile("League of Nations"), short_name=hostile("League")
    )
    factories.CouncilSeatFactory(country=france, body=body)
    eve = factories.DelegateFactory(full_name=hostile("Eve"), sort_name=hostile("Eve"))
    factories.AliasFactory(delegate=eve, name=hostile("Evie"))
    factories.PositionFactory(delegate=eve, party=france, title=hostile("Envoy"))
    topic = factories.TopicFactory(name=hostile("Peace"), slug="peace")
    meeting = factories.MeetingFactory(
        body=body,
        title=hostile("Debate"),
        agenda_item=hostile("Item"),
        place=hostile("Geneva"),
        summary=hostile("Summary"),
        record_symbol=hostile("S/PV"),
    )
    meeting.briefers.add(eve)
    meeting.requested_by.add(france)
    source = factories.SourceFactory(
        title=hostile("Report"),
        publisher=hostile("Wire"),
        url="https://news.example.org/rlo",
        published_on=datetime.date(2024, 6, 28),
        text=ARTICLE,
    )
    meeting.sources.add(source)
    common = {"meeting": meeting, "speaker": eve, "party": france, "speaker_title": hostile("Envoy"), "cite": False}
    first = factories.StatementFactory(text=QUOTE, sequence=1, **common)
    second = factories.StatementFactory(text=hostile("We answer"), sequence=2, reply_to=first, **common)
    by_league = factories.StatementFactory(text=hostile("We recall"), sequence=3, **{**common, "party": league})
    start = ARTICLE.index(QUOTE)
    factories.CitationFactory(statement=first, source=source, start=start, end=start + len(QUOTE))
    factories.CitationFactory(statement=second, source=source)
    for statement in (first, second, by_league):
        statement.topics.add(topic)
    factories.MentionFactory(statement=first, party=league)
    # A correction, so that the statement page shows its corrections log.
    first.text = hostile("We said that")
    first.speaker_title = hostile("Ambassador")
    first._change_reason = hostile("Misquoted")
    first.save()
    # A vetoed draft with a subject that overrides direction, on the draft page and the vetoes list.
    draft = factories.DraftFactory(symbol="S/2024/999", subject=hostile("Draft"))
    vote = factories.VoteFactory(meeting=meeting, draft=draft, outcome="vetoed")
    factories.BallotFactory(vote=vote, party=france, choice="against")
    factories.CouncilSeatFactory(country=france, body=body, kind="permanent")
    return {
        "draft": draft,
        "body": body,
        "league": league,
        "eve": eve,
        "topic": topic,
        "meeting": meeting,
        "source": source,
        "statement": first,
        "editor": factories.editor_user(),
    }


PAGES = {
    "home": lambda a: "/",
    "meetings": lambda a: "/meetings/",
    "meetings-filtered": lambda a: f"/meetings/?country=FRA&topic=peace&body={a['body'].slug}",
    "meeting": lambda a: a["meeting"].get_absolute_url(),
    "statement": lambda a: a["statement"].get_absolute_url(),
    "delegates": lambda a: "/delegates/",
    "delegate": lambda a: a["eve"].get_absolute_url(),
    "countries": lambda a: "/countries/",
    "country": lambda a: "/countries/FRA/",
    "organisation": lambda a: a["league"].get_absolute_url(),
    "body": lambda a: a["body"].get_absolute_url(),
    "topics": lambda a: "/topics/",
    "topic": lambda a: a["topic"].get_absolute_url(),
    "source": lambda a: a["source"].get_absolute_url(),
    "search": lambda a: f"/search/?q=said&country=FRA&speaker={a['eve'].pk}&topic=peace",
    "search-facets": lambda a: "/search/?year=2024",
    "correct-statement": lambda a: f"/editor/statements/{a['statement'].pk}/correct/",
    "import": lambda a: "/editor/import/",
    "draft": lambda a: a["draft"].get_absolute_url(),
    "vetoes": lambda a: "/vetoes/",
    "relations": lambda a: "/relations/?party=league",
    "compare": lambda a: "/compare/?parties=FRA,league",
    "follow": lambda a: f"/follow/?speaker={a['eve'].pk}&country=FRA",
}

# URL names that are not HTML pages, or whose HTML is another entry's.
NOT_CHECKED = {
    "feed-latest": "an Atom feed",
    "feed-party": "an Atom feed",
    "feed-delegate": "an Atom feed",
    "feed-topic": "an Atom feed",
    "feed-search": "an Atom feed",
    "import-save": "renders the review page, checked as test_the_import_review_isolates_what_it_found",
    "import-record": "an upload form that shows no stored value",
    "import-record-save": "saves and redirects to the meeting page, which is checked",
    "releases": "lists the releases publish_dataset wrote: dated folder and fixed file names, no stored text",
    "release-file": "a file download, not an HTML page",
    "follow-sent": "says a mail was sent, and shows no stored value",
    "follow-confirm": "a button under what is followed, which the follow page's own test isolates",
    "follow-unsubscribe": "a button under what is followed, which the follow page's own test isolates",
}


def test_every_page_is_checked():
    names = {pattern.name for pattern in [*page_urls.urlpatterns, *editor_urls.urlpatterns]}
    assert names - PAGES.keys() - NOT_CHECKED.keys() == set()


def check(response):
    assert response.status_code == 200, response.status_code
    found = problems_in(response.content.decode())
    assert found.problems == [], "\n".join(found.problems)
    assert found.overrides, "the page shows none of the values it was given"


@pytest.mark.parametrize("name", PAGES)
def test_every_override_on_the_page_is_isolated(client, archive, name):
    client.force_login(archive["editor"])
    check(client.get(PAGES[name](archive)))


def test_the_import_review_isolates_what_it_found(client, archive):
    client.force_login(archive["editor"])
    response = client.post(
        "/editor/import/",
        {"text": ARTICLE, "url": archive["source"].url, "source_kind": "news", "meeting": archive["meeting"].pk},
    )
    assert response.context["rows"], "the extractor found no quote"
    check(response)


def test_the_page_title_and_descriptions_keep_the_words_without_the_controls(client, archive):
    html = client.get(archive["statement"].get_absolute_url()).content.decode()
    head = html.split("</head>")[0]
    assert "<title>Eve evE (France ecnarF), Debate etabeD, 28 June 2024 · Diplomatic statements</title>" in head
    assert '<meta property="og:title" content="Eve evE (France ecnarF), 28 June 2024">' in head


def test_who_said_it_is_written_as_the_model_writes_it_with_each_name_isolated(client, archive):
    statement = Statement.objects.select_related("speaker", "party").get(pk=archive["statement"].pk)
    html = client.get(statement.get_absolute_url()).content.decode()
    name, party = statement.speaker.full_name, statement.party.display_name
    assert statement.attribution == f"{name} ({party})"
    assert f"<h1><bdi>{name}</bdi> (<bdi>{party}</bdi>), <bdi>{statement.meeting.title}</bdi></h1>" in html


def test_the_checker_finds_an_override_outside_isolation():
    assert problems_in(f"<body><p>Eve {RLO}evE, France</p></body>").problems
    assert problems_in(f"<head><title>Eve {RLO}evE</title></head>").problems
    assert problems_in(f'<body><a title="{RLO}x">x</a></body>').problems
    assert not problems_in(f"<body><p><bdi>Eve {RLO}evE</bdi>, France</p></body>").problems
    assert not problems_in(f'<body><div dir="auto">Eve {RLO}evE</div></body>').problems
