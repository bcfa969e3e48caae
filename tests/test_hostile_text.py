"""Hostile text written through the API: HTML and script, direction controls, 100,000 characters.

Each is stored verbatim, returned verbatim as JSON and escaped on every page that shows it.
(NUL and lone surrogates, which cannot be stored, are in test_hostile_refused.py; the admin and
the import screens in test_hostile_admin.py and test_hostile_import.py.)
"""

import xml.etree.ElementTree as ET

import pytest

from statements.models import Delegate, Meeting, Source, Statement
from statements.templatetags.statements_tags import isolate
from tests.factories import BodyFactory

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("owned")</script><img src=x onerror=alert(2)>'
ESCAPED = "&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"
# Searches look for "onerror": PostgreSQL's text search parser reads "<script>…</script>" as
# markup and indexes nothing inside it, while the <img …> with an unquoted attribute is words.
WORD = "onerror"
MARKED = ESCAPED.replace(WORD, f"<mark>{WORD}</mark>")
# RIGHT-TO-LEFT OVERRIDE: without isolation, everything after it on the line displays backwards.
RLO = "\u202e"
# ZERO WIDTH JOINER and NON-JOINER, as in Persian and Indic names: meaningful, never stripped.
JOINERS = "Mo\u200dham\u200cmad"


def created(response):
    assert response.status_code == 201, response.content
    return response.json()


@pytest.fixture
def records(editor_client):
    """A source, a delegate, a meeting and a statement citing the source, every text field hostile."""
    BodyFactory()
    source = created(
        editor_client.post(
            "/api/v1/sources/",
            {"kind": "news", "title": SCRIPT, "publisher": SCRIPT, "text": f"Before. {SCRIPT} After."},
            format="json",
        )
    )
    delegate = created(
        editor_client.post(
            "/api/v1/delegates/",
            {
                "name": SCRIPT,
                "sort_name": SCRIPT,
                "aliases": [{"name": SCRIPT}],
                "positions": [{"party": "FRA", "title": SCRIPT}],
            },
            format="json",
        )
    )
    meeting = created(
        editor_client.post(
            "/api/v1/meetings/",
            {
                "body": "security-council",
                "date": "2024-06-28",
                "title": SCRIPT,
                "summary": SCRIPT,
                "place": SCRIPT,
                "agenda_item": SCRIPT,
            },
            format="json",
        )
    )
    statement = created(
        editor_client.post(
            "/api/v1/statements/",
            {
                "meeting": meeting["id"],
                "date": "2024-06-28",
                "sequence": 1,
                "speaker": delegate["id"],
                "speaker_title": SCRIPT,
                "party": "FRA",
                "text": SCRIPT,
                "citations": [{"source": source["id"], "start": 8, "end": 8 + len(SCRIPT)}],
            },
            format="json",
        )
    )
    return {"source": source, "delegate": delegate, "meeting": meeting, "statement": statement}


# Stored and returned verbatim.


def test_html_is_stored_verbatim_in_every_text_field(records):
    statement = Statement.objects.get(pk=records["statement"]["id"])
    assert (statement.text, statement.speaker_title) == (SCRIPT, SCRIPT)
    delegate = Delegate.objects.get(pk=records["delegate"]["id"])
    assert (delegate.full_name, delegate.sort_name) == (SCRIPT, SCRIPT)
    assert delegate.aliases.get().name == SCRIPT
    assert delegate.positions.get().title == SCRIPT
    meeting = Meeting.objects.get(pk=records["meeting"]["id"])
    assert [meeting.title, meeting.summary, meeting.place, meeting.agenda_item] == [SCRIPT] * 4
    source = Source.objects.get(pk=records["source"]["id"])
    assert (source.title, source.publisher) == (SCRIPT, SCRIPT)
    citation = statement.citations.get()
    assert citation.source.text[citation.start : citation.end] == SCRIPT


def test_the_api_returns_html_verbatim(api_client, records):
    statement = api_client.get(f"/api/v1/statements/{records['statement']['id']}/").json()
    assert statement["text"] == SCRIPT
    assert statement["speaker"]["name"] == SCRIPT
    assert statement["meeting"]["title"] == SCRIPT
    assert statement["citations"][0]["title"] == SCRIPT
    assert api_client.get(f"/api/v1/delegates/{records['delegate']['id']}/").json()["positions"][0]["title"] == SCRIPT
    assert api_client.get(f"/api/v1/meetings/{records['meeting']['id']}/").json()["summary"] == SCRIPT
    assert api_client.get(f"/api/v1/sources/{records['source']['id']}/").json()["publisher"] == SCRIPT


def test_a_search_highlight_in_the_api_is_escaped_and_the_text_is_not(api_client, records):
    [result] = api_client.get("/api/v1/statements/", {"q": WORD}).json()["results"]
    assert result["text"] == SCRIPT
    assert result["highlight"] == MARKED


def test_exports_carry_the_text_verbatim(api_client, records):
    csv = b"".join(api_client.get("/api/v1/statements/", {"format": "csv"}).streaming_content).decode()
    # CSV doubles the quotes inside a quoted field; nothing else changes.
    assert SCRIPT.replace('"', '""') in csv
    jsonl = b"".join(api_client.get("/api/v1/statements/", {"format": "jsonl"}).streaming_content).decode()
    assert '"text": "<script>alert(\\"owned\\")</script><img src=x onerror=alert(2)>"' in jsonl


# Escaped on every page.


def page_paths(records):
    statement, meeting = records["statement"]["id"], records["meeting"]["id"]
    delegate, source = records["delegate"]["id"], records["source"]["id"]
    return [
        "/",
        f"/statements/{statement}/",
        f"/meetings/{meeting}/",
        "/meetings/",
        f"/delegates/{delegate}/",
        "/delegates/",
        f"/sources/{source}/",
        "/countries/FRA/",
        "/bodies/security-council/",
        f"/search/?q={WORD}",
        "/search/?country=FRA",
    ]


def test_every_page_that_shows_the_records_escapes_them(api_client, records):
    for path in page_paths(records):
        response = api_client.get(path)
        content = response.content.decode()
        assert response.status_code == 200, path
        assert "<script>alert" not in content, path
        assert "<img src=x" not in content, path
        assert "&lt;script&gt;alert(" in content, path


def test_the_search_page_marks_the_match_inside_the_escaped_text(api_client, records):
    content = api_client.get("/search/", {"q": WORD}).content.decode()
    assert MARKED in content


def test_the_search_box_gives_back_a_hostile_search_escaped(api_client, records):
    content = api_client.get("/search/", {"q": '"><script>alert(1)</script> owned'}).content.decode()
    assert "<script>alert(1)" not in content
    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt; owned"' in content


ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.mark.parametrize("feed", ["statements", "search", "parties", "delegates"])
def test_feeds_escape_the_records_and_parse_back_to_them(api_client, records, feed):
    path = {
        "statements": "/feeds/statements/",
        "search": f"/feeds/search/?q={WORD}",
        "parties": "/feeds/parties/FRA/",
        "delegates": f"/feeds/delegates/{records['delegate']['id']}/",
    }[feed]
    response = api_client.get(path)
    assert response.status_code == 200
    assert b"<script>" not in response.content
    # Escaped once, as XML wants: a feed reader gets the characters back exactly.
    [entry] = ET.fromstring(response.content).findall(f"{ATOM}entry")
    assert SCRIPT in entry.find(f"{ATOM}title").text
    assert entry.find(f"{ATOM}author/{ATOM}name").text == SCRIPT


def test_the_statement_page_metadata_and_citation_box_are_escaped(api_client, records):
    content = api_client.get(f"/statements/{records['statement']['id']}/").content.decode()
    head = content.split("</head>")[0]
    assert "<script>alert" not in head and "<img" not in head
    assert f'<meta name="description" content="{ESCAPED}' in head
    # The plain-text citation, in a textarea, is escaped too.
    assert f"“{ESCAPED}”" in content.split('id="citation-text"')[1].split("</textarea>")[0]


# Direction controls and joiners.


@pytest.fixture
def rlo_records(editor_client):
    """A delegate whose name ends in a right-to-left override, speaking in a meeting with such a title."""
    BodyFactory()
    delegate = created(editor_client.post("/api/v1/delegates/", {"name": f"Eve{RLO}", "sort_name": f"Eve{RLO}"}))
    meeting = created(
        editor_client.post(
            "/api/v1/meetings/", {"body": "security-council", "date": "2024-06-28", "title": f"Council{RLO}"}
        )
    )
    statement = created(
        editor_client.post(
            "/api/v1/statements/",
            {
                "meeting": meeting["id"],
                "date": "2024-06-28",
                "speaker": delegate["id"],
                "speaker_title": f"Envoy{RLO}",
                "party": "FRA",
                "text": f"We said {JOINERS} {RLO}reversed",
            },
            format="json",
        )
    )
    return {"delegate": delegate, "meeting": meeting, "statement": statement}


def test_direction_controls_and_joiners_are_stored_and_returned_verbatim(api_client, rlo_records):
    statement = Statement.objects.select_related("speaker").get(pk=rlo_records["statement"]["id"])
    assert statement.speaker.full_name == f"Eve{RLO}"
    assert statement.text == f"We said {JOINERS} {RLO}reversed"
    data = api_client.get(f"/api/v1/statements/{statement.pk}/").json()
    assert (data["speaker"]["name"], data["speaker_title"]) == (f"Eve{RLO}", f"Envoy{RLO}")
    assert data["text"] == f"We said {JOINERS} {RLO}reversed"


def test_the_statement_card_isolates_each_name_so_the_line_keeps_its_direction(api_client, rlo_records):
    statement = rlo_records["statement"]["id"]
    for path in [f"/statements/{statement}/", f"/meetings/{rlo_records['meeting']['id']}/", "/search/?country=FRA"]:
        content = api_client.get(path).content.decode()
        # ", Envoy…, France" after the name would otherwise display right to left.
        assert (
            f'><bdi>Eve{RLO}</bdi></a> <span class="title-as-written">(in the source: “<bdi>Envoy{RLO}</bdi>”)</span>, '
            in content
        ), path
        assert f"<bdi>We said {JOINERS} {RLO}reversed</bdi>" in content, path
        assert f"<bdi>Council{RLO}</bdi>" in content, path


def test_page_headings_isolate_names_and_titles(api_client, rlo_records):
    statement = api_client.get(f"/statements/{rlo_records['statement']['id']}/").content.decode()
    assert f"<h1><bdi>Eve{RLO}</bdi> (France), <bdi>Council{RLO}</bdi></h1>" in statement
    meeting = api_client.get(f"/meetings/{rlo_records['meeting']['id']}/").content.decode()
    assert f"<h1><bdi>Council{RLO}</bdi></h1>" in meeting
    delegate = api_client.get(f"/delegates/{rlo_records['delegate']['id']}/").content.decode()
    assert f"<h1><bdi>Eve{RLO}</bdi></h1>" in delegate
    assert f"<bdi>Eve{RLO}</bdi>" in api_client.get("/delegates/").content.decode()
    assert f"<bdi>Council{RLO}</bdi>" in api_client.get("/meetings/").content.decode()


def test_left_to_right_text_is_shown_without_extra_markup(api_client, rlo_records):
    statement = api_client.get(f"/statements/{rlo_records['statement']['id']}/").content.decode()
    assert ">France</a>" in statement
    assert "<bdi>France</bdi>" not in statement


@pytest.mark.parametrize(
    "text, shown",
    [
        ("France", "France"),
        (JOINERS, JOINERS),
        ("<b>", "&lt;b&gt;"),
        (f"a{RLO}b", f"<bdi>a{RLO}b</bdi>"),
        ("\u2067isolate\u2069", "<bdi>\u2067isolate\u2069</bdi>"),
        ("\u200fmark", "<bdi>\u200fmark</bdi>"),
        ("سمير <b>", "<bdi>سمير &lt;b&gt;</bdi>"),
        ("שלום", "<bdi>שלום</bdi>"),
    ],
)
def test_isolate_wraps_only_text_that_can_turn_the_line_and_always_escapes(text, shown):
    assert isolate(text) == shown


# Long text.


LONG = ("Sanctions must be enforced. " * 4000)[:100_000]


def test_a_100000_character_text_is_stored_and_shown_whole(api_client, editor_client):
    BodyFactory()
    assert len(LONG) == 100_000
    source = created(editor_client.post("/api/v1/sources/", {"kind": "news", "text": LONG}, format="json"))
    meeting = created(
        editor_client.post(
            "/api/v1/meetings/", {"body": "security-council", "date": "2024-06-28", "summary": LONG}, format="json"
        )
    )
    statement = created(
        editor_client.post(
            "/api/v1/statements/",
            {"meeting": meeting["id"], "date": "2024-06-28", "text": LONG, "party": "FRA"},
            format="json",
        )
    )
    assert Statement.objects.get(pk=statement["id"]).text == LONG
    assert Source.objects.get(pk=source["id"]).text == LONG
    assert Meeting.objects.get(pk=meeting["id"]).summary == LONG
    assert api_client.get(f"/api/v1/statements/{statement['id']}/").json()["text"] == LONG
    assert LONG.strip() in api_client.get(f"/statements/{statement['id']}/").content.decode()
    assert LONG.strip() in api_client.get(f"/sources/{source['id']}/").content.decode()


@pytest.mark.parametrize(
    "path, payload, field, limit",
    [
        ("statements", {"date": "2024-06-28", "text": "x", "speaker_title": "t" * 201}, "speaker_title", 200),
        ("statements", {"date": "2024-06-28", "text": "x", "language": "e" * 9}, "language", 8),
        ("delegates", {"name": "n" * 201, "sort_name": "n"}, "name", 200),
        ("meetings", {"body": "security-council", "date": "2024-06-28", "title": "t" * 301}, "title", 300),
        ("sources", {"kind": "news", "publisher": "p" * 201}, "publisher", 200),
        ("topics", {"name": "n" * 101, "slug": "n"}, "name", 100),
    ],
)
def test_a_value_longer_than_its_column_is_refused_naming_the_field(editor_client, path, payload, field, limit):
    BodyFactory()
    response = editor_client.post(f"/api/v1/{path}/", payload, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {field: [f"Ensure this field has no more than {limit} characters."]}
