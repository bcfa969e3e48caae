"""Template helpers for the public pages: statement cards, highlighted search matches, the statements timeline,
and text isolated from the direction of the line around it."""

from django import template
from django.utils.html import conditional_escape, format_html

from statements.bidi import can_turn_direction
from statements.pages.timeline import timeline_svg as draw_timeline
from statements.search import highlight as highlight_matches

register = template.Library()


@register.filter
def highlight(text, q):
    """The text escaped, with the words of search `q` marked; plain escaped text when there is no search."""
    return highlight_matches(text, q or "")


@register.simple_tag
def timeline_svg(counts, title, ident="timeline"):
    return draw_timeline(counts, title=title, ident=ident)


@register.inclusion_tag("statements/_statement.html")
def statement_card(card, show_meeting=False, q="", on_permalink=False):
    """One statement as a card, from the values `pages.cards.with_cards()` sets as `statement.card`.

    `{% statement_card statement.card show_meeting=True q=q %}`.
    """
    return {"card": card, "show_meeting": show_meeting, "q": q, "on_permalink": on_permalink}


@register.filter
def isolate(text):
    """The text escaped, in <bdi> when it could turn the direction of the line around it (see statements.bidi)."""
    if can_turn_direction(text):
        return format_html("<bdi>{}</bdi>", text)
    return conditional_escape(text)
