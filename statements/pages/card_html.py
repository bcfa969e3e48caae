"""A statement card as HTML, written in Python from the plain values of `pages.cards`.

A meeting page shows up to hundreds of cards, and the template engine spent about two thirds of
the page's time on them (issue 16: 73 → 45 ms for the meeting page of 200 cards at 1,000,000
statements), resolving variables, evaluating `{% if %}` nodes and calling filters one node at a
time. The markup is the one the template `_statement.html` wrote before it, byte for byte
(compared on 20,000 random cards, every page of the demo, and the meeting and search pages at
1,000,000); a change to the card is made here, and tests/test_card_html.py holds its parts.
Every value is escaped, and every name, title or quote isolated from the direction of the line
around it (`isolate`, see statements.bidi).
"""

from django.utils.safestring import SafeString

from statements.bidi import escape, isolate
from statements.models import attribution
from statements.search import highlight

KIND_MARKS = {
    "speech": '<span class="kind-mark" aria-hidden="true">§</span>Speech in the official record',
    "direct": '<span class="kind-mark" aria-hidden="true">“</span>Direct quote',
    "paraphrase": '<span class="kind-mark" aria-hidden="true">≈</span>Paraphrase',
}
CHECK_SIGNS = {"matches": "✓", "differs": "≠"}


def said_by(speaker, party, fallback):
    """Who said it, "Speaker (Party)", each name isolated (the `said_by` tag)."""
    return attribution(isolate(speaker) if speaker else None, isolate(party) if party else None, escape(fallback))


def _quoted(text, q):
    """A quote or paragraph, with the words of search `q` marked when there is one."""
    return isolate(highlight(text, q) if q else text)


def _kind(card):
    if card["is_speech"]:
        return KIND_MARKS["speech"]
    return KIND_MARKS["direct" if card["is_direct"] else "paraphrase"]


def _text(card, q):
    if not card["is_speech"]:
        text = _quoted(card["text"], q)
        return f'<p class="quote">“{text}”</p>' if card["is_direct"] else f'<p class="paraphrase">{text}</p>'
    shown = "".join(f"<p>{_quoted(paragraph, q)}</p>" for paragraph in card["shown"])
    rest = ""
    if card["rest"]:
        by = f" by {isolate(card['by'])}" if card["by"] else ""
        paragraphs = "".join(f"<p>{_quoted(paragraph, q)}</p>" for paragraph in card["rest"])
        rest = (
            f'<details class="speech-rest"{" open" if q else ""}><summary>Read the full speech'
            f'<span class="visually-hidden">{by}</span> ({len(card["rest"]) + 1} paragraphs)</summary>'
            f"{paragraphs}</details>"
        )
    return f'<div class="speech-text">{shown}\n      {rest}</div>\n    '


def _who(card, show_meeting):
    """The attribution's three lines: the speaker, the party with those it spoke jointly with, and where."""
    speaker, party = card["speaker"], card["party"]
    first = ""
    if speaker:
        first = link(speaker["url"], isolate(speaker["name"]))
        if card["speaker_title"]:
            title = isolate(card["speaker_title"])
            first += f' <span class="title-as-written">(in the source: “{title}”)</span>'
        if party:
            first += ", "
    second = ""
    if party:
        second = link(party["url"], isolate(party["name"]))
    elif not speaker:
        second = "Speaker not recorded"
    joint = card["joint_parties"]
    for index, other in enumerate(joint):
        joiner = ", jointly with " if index == 0 else (" and " if index == len(joint) - 1 else ", ")
        second += joiner + link(other["url"], isolate(other["name"]))
    where = ""
    if show_meeting:
        meeting = card["meeting"]
        place = link(meeting["url"], isolate(meeting["title"])) + ", " if meeting else ""
        where = f'<span class="where">— {place}{escape(card["date"])}</span>'
    return f"    {first}\n    {second}\n    {where}\n"


def _role(card):
    role, interpretation = card["role"], card["interpretation"]
    if not (role or interpretation):
        return ""
    between = " · " if role and interpretation else ""
    note = f'<span class="interpretation">{escape(interpretation)}</span>' if interpretation else ""
    return f'<p class="statement-role">{escape(role)}{between}{note}</p>'


def link(url, inner):
    """A link to `url` around `inner`, which is HTML already (escaped, isolated)."""
    return f'<a href="{escape(url)}">{inner}</a>'


def check_mark(check):
    """A news quote's verdict against the official record, in words and with a sign (not by colour alone).

    `check` is `pages.record.check_mark()`'s; the meeting page shows it too (`{% check_mark %}`).
    """
    sign = CHECK_SIGNS.get(check["result"], "?")
    return (
        f'<span class="check check--{escape(check["result"])}"><span class="check-sign" aria-hidden="true">{sign}'
        f"</span> {escape(check['label'])}</span>"
    )


def _check(check):
    mark = check_mark(check)
    if check["speech_url"]:
        mark += " · " + link(check["speech_url"], "the speech in the record")
    if check["differs"] and check["passage"]:
        mark += f'<span class="record-wording">The record reads: <q>{isolate(check["passage"])}</q></span>'
    return f"<div><dt>Official record</dt><dd>{mark}</dd></div>"


def _facts(card):
    """The card's list of topics, parties it is about, replies and record check; empty without any.

    Each of the five has its line in the list, an empty one when the card has none of it.
    """
    topics, mentions, reply_to, replies, check = (
        card[key] for key in ("topics", "mentions", "reply_to", "replies", "check")
    )
    if not (topics or reply_to or replies or mentions or check):
        return ""
    tags = " ".join(f'<a class="tag" href="{escape(topic["url"])}">{isolate(topic["name"])}</a>' for topic in topics)
    about = "; ".join(
        f"{escape(relation)} " + ", ".join(link(party["url"], isolate(party["name"])) for party in parties)
        for relation, parties in mentions
    )
    answers = "; ".join(
        link(reply["url"], said_by(reply["speaker"], reply["party"], "a statement")) for reply in replies
    )
    lines = [
        f"<div><dt>Topics</dt><dd>{tags}</dd></div>" if topics else "",
        f"<div><dt>About</dt><dd>{about}</dd></div>" if mentions else "",
        _reply_to(reply_to) if reply_to else "",
        f"<div><dt>Answered by</dt><dd>{answers}</dd></div>" if replies else "",
        _check(check) if check else "",
    ]
    return "\n".join(["", '  <dl class="statement-facts">', *("    " + line for line in lines), "  </dl>", "  "])


def _reply_to(reply_to):
    who = said_by(reply_to["speaker"], reply_to["party"], "a statement")
    answered = link(reply_to["url"], f"{who}, {escape(reply_to['date'])}")
    return f"<div><dt>In reply to</dt><dd>{answered}</dd></div>"


def _sources(card, on_permalink):
    sources = card["sources"]
    if sources:
        # "title, publisher", each part isolated from the other's direction.
        cited = "Source: " + "; ".join(
            link(
                source["url"],
                isolate(source["title"]) + (f", {isolate(source['publisher'])}" if source["publisher"] else ""),
            )
            for source in sources
        )
    else:
        cited = "No source recorded"
    permalink = ""
    if not on_permalink:
        by = f" by {isolate(card['by'])}" if card["speaker"] or card["party"] else ""
        permalink = (
            f'· <a href="{escape(card["url"])}" class="permalink">Permalink and citation'
            f'<span class="visually-hidden"> for this {escape(card["kind_label"])}{by}</span></a>'
        )
    return f"    {cited}\n    {permalink}\n"


def card_html(card, *, show_meeting=False, q="", on_permalink=False):
    """The card of one statement as safe HTML, from the values `pages.cards.statement_card()` gives.

    `show_meeting` adds the meeting and date to the attribution (lists across meetings), `q` marks
    the words of a search in the text, and `on_permalink` leaves out the link to the card's own page.
    """
    language = card["language"]
    lang = f' lang="{escape(language)}"' if language != "en" else ""
    label = f'<p class="speech-label">{isolate(card["label"])}</p>' if card["label"] else ""
    cite = f' cite="{escape(card["cite_url"])}"' if card["cite_url"] else ""
    return SafeString(
        f'\n<article class="statement statement--{escape(card["kind"])}"{lang}>\n'
        f'  <p class="statement-kind">{_kind(card)}</p>\n'
        f"  {label}\n"
        f"  <blockquote{cite}>\n"
        f"    {_text(card, q)}\n"
        "  </blockquote>\n"
        '  <p class="attribution">\n'
        f"{_who(card, show_meeting)}"
        "  </p>\n"
        f"  {_role(card)}\n"
        f"  {_facts(card)}\n"
        '  <p class="statement-links">\n'
        f"{_sources(card, on_permalink)}"
        "  </p>\n"
        "</article>\n"
    )
