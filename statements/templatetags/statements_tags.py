"""Template helpers for the public pages: statement cards, highlighted search matches, the statements timeline,
and text isolated from the direction of the line around it (see statements.bidi).

Every name, title, publisher or quote a page prints in its body goes through `isolate` (or
`attribution` for "who said it"); base.html passes its whole <head> through `strip_bidi`, since
plain text cannot isolate. tests/test_bidi_isolation.py reads every page to hold them to it.
"""

from django import template
from django.template.defaultfilters import stringfilter
from django.utils.safestring import mark_safe

from statements.bidi import isolate as isolated
from statements.bidi import without_controls
from statements.pages.card_html import card_html
from statements.pages.card_html import check_mark as check_mark_html
from statements.pages.card_html import said_by as said_by_html
from statements.pages.relation_lists import relation_lists as relation_lists_html
from statements.pages.timeline import timeline_svg as draw_timeline
from statements.search import highlight as highlight_matches

register = template.Library()


@register.filter
def highlight(text, q):
    """The text escaped, with the words of search `q` marked; plain escaped text when there is no search."""
    return highlight_matches(text, q or "")


@register.simple_tag
def timeline_svg(counts, title, ident="timeline", **search):
    """The chart of `counts`; its title is an SVG <title>, plain text, so it is written without direction controls.

    Search parameters (`country=party.code`, `speaker=delegate.pk`) make each month a link to its statements.
    """
    return draw_timeline(counts, title=without_controls(title), ident=ident, search=search or None)


@register.simple_tag
def statement_card(card, show_meeting=False, q="", on_permalink=False):
    """One statement as a card, from the values `pages.cards.with_cards()` sets as `statement.card`.

    `{% statement_card statement.card show_meeting=True q=q %}`; the markup is `pages.card_html`'s.
    """
    return card_html(card, show_meeting=show_meeting, q=q, on_permalink=on_permalink)


@register.simple_tag
def relation_lists(groups, party, incoming=False):
    """A country page's list of whom it treats how (or, `incoming`, who treats it how): `pages.relation_lists`."""
    return relation_lists_html(groups, party, incoming=incoming)


@register.simple_tag
def check_mark(check):
    """A news quote's verdict against the record, from `pages.record.check_mark()`: `{% check_mark check.mark %}`."""
    return mark_safe(check_mark_html(check))  # noqa: S308 - escaped by pages.card_html


@register.filter
def isolate(text):
    """The text escaped, in <bdi> when it could turn the direction of the line around it (see statements.bidi)."""
    return mark_safe(isolated(text))  # noqa: S308 - escaped by statements.bidi.isolate


@register.filter
def attribution(statement):
    """Who said `statement`, worded as `Statement.attribution` ("Speaker (Party)"), each name isolated.

    In plain text (a <title>, a <meta>) print `statement.attribution` itself.
    """
    return said_by(
        statement.speaker.full_name if statement.speaker_id else None,
        statement.party.display_name if statement.party_id else None,
    )


@register.simple_tag
def said_by(speaker_name, party_name, fallback="Unknown speaker"):
    """`attribution()` of plain names (a statement card's reply), each name isolated: "Speaker (Party)"."""
    # Both names and the fallback are escaped there; the brackets around them are attribution()'s.
    return mark_safe(said_by_html(speaker_name, party_name, fallback))  # noqa: S308


@register.filter(is_safe=True)
@stringfilter
def strip_bidi(text):
    """The text without direction controls, for places that cannot hold a <bdi>: <title>, <meta>, <option>."""
    return without_controls(text)
