"""The statement card's markup (statements.pages.card_html): every value escaped, names isolated, and
each variant of the card (speech, quote, paraphrase; in a list, on a permalink, in a search)."""

import re

import pytest

from statements.pages.card_html import card_html, check_mark

HOSTILE = "<script>alert(\"x\")</script> & 'quoted'"
RLO = "\u202e"


def card(**values):
    """A paraphrase by a speaker for a party, cited to one source, with nothing else; `values` replace any part."""
    base = {
        "pk": 7,
        "url": "/statements/7/",
        "kind": "paraphrase",
        "kind_label": "paraphrase",
        "is_direct": False,
        "is_speech": False,
        "language": "en",
        "text": "The embargo was broken.",
        "shown": ["The embargo was broken."],
        "rest": [],
        "label": "",
        "role": "",
        "interpretation": "",
        "joint_parties": [],
        "check": None,
        "date": "28 June 2024",
        "speaker": {"url": "/delegates/3/", "name": "Linda Thomas-Greenfield"},
        "speaker_title": "",
        "party": {"url": "/countries/USA/", "name": "United States"},
        "by": "Linda Thomas-Greenfield",
        "meeting": {"url": "/meetings/1/", "title": "Non-proliferation / DPRK"},
        "cite_url": "https://example.org/report",
        "sources": [
            {"url": "/sources/1/", "title": "Report", "publisher": "Example News", "cite": "https://example.org/report"}
        ],
        "topics": [],
        "mentions": [],
        "reply_to": None,
        "replies": [],
    }
    return base | values


def link(name, url="/countries/X/"):
    return {"url": url, "name": name}


def every_text(value):
    """A card with HOSTILE in every field that holds text from the database."""
    party = link(value, url=f"/countries/{value}/")
    return card(
        kind="direct",
        kind_label="direct quote",
        is_direct=True,
        text=value,
        label=value,
        role=value,
        interpretation=value,
        joint_parties=[party, party],
        check={"result": "differs", "label": value, "differs": True, "passage": value, "speech_url": f"/s/{value}"},
        speaker={"url": f"/delegates/{value}/", "name": value},
        speaker_title=value,
        party=party,
        by=value,
        meeting={"url": f"/meetings/{value}/", "title": value},
        cite_url=value,
        sources=[{"url": f"/sources/{value}/", "title": value, "publisher": value, "cite": value}],
        topics=[link(value, url=f"/topics/{value}/")],
        mentions=[(value, [party])],
        reply_to={"url": f"/statements/{value}/", "speaker": value, "party": value, "date": value},
        replies=[{"url": f"/statements/{value}/", "speaker": value, "party": value}],
    )


def test_every_value_of_a_card_is_escaped_in_text_and_in_attributes():
    html = card_html(every_text(HOSTILE), show_meeting=True)

    assert "<script>" not in html
    assert '"x")' not in html
    escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;quoted&#x27;"
    # Shown: the label, the text, the speaker and their title, the party, two joint parties, the
    # meeting, role and interpretation, a topic, a relation and its party, the reply_to's two
    # names and date, the reply's two names, the check's label and passage, the source's title
    # and publisher, the permalink's "by" (23). In attributes: cite, and 11 link targets.
    assert html.count(escaped) == 23 + 1 + 11


def test_a_name_that_could_turn_the_line_is_isolated_and_the_rest_is_left_bare():
    html = card_html(card(speaker={"url": "/delegates/3/", "name": f"Eve {RLO}evE"}, by=f"Eve {RLO}evE"))

    assert f'<a href="/delegates/3/"><bdi>Eve {RLO}evE</bdi></a>, ' in html
    assert '<a href="/countries/USA/">United States</a>' in html
    assert "<bdi>United States</bdi>" not in html


@pytest.mark.parametrize(
    ("names", "written"),
    [
        (["France"], ", jointly with <a>France</a>"),
        (["France", "Japan"], ", jointly with <a>France</a> and <a>Japan</a>"),
        (["France", "Japan", "Malta"], ", jointly with <a>France</a>, <a>Japan</a> and <a>Malta</a>"),
    ],
)
def test_joint_parties_are_listed_after_the_party_with_and_before_the_last(names, written):
    html = card_html(card(joint_parties=[link(name) for name in names]))

    assert written in re.sub(r"<a href=[^>]*>", "<a>", html)


def test_a_long_speech_shows_its_first_paragraph_and_folds_the_rest_with_their_number():
    speech = card(
        kind="speech",
        kind_label="speech",
        is_speech=True,
        label="The President:",
        shown=["I thank the Council."],
        rest=["Second paragraph.", "Third paragraph."],
    )

    html = card_html(speech)

    assert "Speech in the official record" in html
    assert '<p class="speech-label">The President:</p>' in html
    assert '<div class="speech-text"><p>I thank the Council.</p>' in html
    assert '<details class="speech-rest"><summary>Read the full speech' in html
    assert "by Linda Thomas-Greenfield</span> (3 paragraphs)</summary>" in html
    assert "<p>Second paragraph.</p><p>Third paragraph.</p></details></div>" in html


def test_a_search_marks_its_words_and_opens_a_folded_speech_so_they_can_be_seen():
    speech = card(is_speech=True, kind="speech", shown=["Security first."], rest=["The security of all."])

    html = card_html(speech, q="security")

    assert "<p><mark>Security</mark> first.</p>" in html
    assert '<details class="speech-rest" open>' in html
    assert "<p>The <mark>security</mark> of all.</p>" in html


def test_a_direct_quote_is_in_quotation_marks_and_a_paraphrase_is_not():
    quote = card_html(card(kind="direct", is_direct=True, text="We will not."))
    paraphrase = card_html(card(text="They would not."))

    assert '<p class="quote">“We will not.”</p>' in quote
    assert "Direct quote" in quote
    assert '<p class="paraphrase">They would not.</p>' in paraphrase
    assert "Paraphrase" in paraphrase


def test_the_meeting_is_shown_only_in_lists_across_meetings_and_the_permalink_only_off_its_page():
    in_meeting = card_html(card())
    in_list = card_html(card(), show_meeting=True)
    on_permalink = card_html(card(), on_permalink=True)

    assert "Non-proliferation" not in in_meeting
    assert '— <a href="/meetings/1/">Non-proliferation / DPRK</a>, 28 June 2024</span>' in in_list
    assert 'class="permalink"' in in_meeting
    assert 'class="permalink"' not in on_permalink


def test_a_card_without_speaker_party_or_source_says_so():
    html = card_html(card(speaker=None, party=None, by=None, sources=[], cite_url=""))

    assert "Speaker not recorded" in html
    assert "No source recorded" in html
    assert "cite=" not in html
    assert "for this paraphrase</span>" in html


def test_facts_are_listed_only_when_the_card_has_some():
    bare = card_html(card())
    with_facts = card_html(
        card(
            topics=[link("Sanctions", "/topics/sanctions/")],
            mentions=[("accuses", [link("Russia"), link("DPRK")]), ("mentions", [link("Ukraine")])],
            reply_to={"url": "/statements/2/", "speaker": None, "party": None, "date": "1 May 2024"},
            replies=[{"url": "/statements/9/", "speaker": "Vassily Nebenzia", "party": "Russia"}],
        )
    )

    assert "statement-facts" not in bare
    text = re.sub(r"<a[^>]*>|</a>", "", with_facts)
    assert "<dt>About</dt><dd>accuses Russia, DPRK; mentions Ukraine</dd>" in text
    assert "<dt>In reply to</dt><dd>a statement, 1 May 2024</dd>" in text
    assert "<dt>Answered by</dt><dd>Vassily Nebenzia (Russia)</dd>" in text


@pytest.mark.parametrize(("result", "sign"), [("matches", "✓"), ("differs", "≠"), ("unclear", "?")])
def test_a_check_against_the_record_has_a_sign_as_well_as_words(result, sign):
    html = check_mark({"result": result, "label": "Label", "differs": False, "passage": "", "speech_url": ""})

    assert html == (
        f'<span class="check check--{result}"><span class="check-sign" aria-hidden="true">{sign}</span> Label</span>'
    )
