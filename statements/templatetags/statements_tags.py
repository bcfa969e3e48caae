"""Template helpers for the public pages: highlighted search matches and the statements timeline."""

from django import template

from statements.search import highlight as highlight_matches
from statements.timeline import timeline_svg as draw_timeline

register = template.Library()


@register.filter
def highlight(text, q):
    """The text escaped, with the words of search `q` marked; plain escaped text when there is no search."""
    return highlight_matches(text, q or "")


@register.simple_tag
def timeline_svg(counts, title, ident="timeline"):
    return draw_timeline(counts, title=title, ident=ident)


@register.filter
def by_relation(mentions):
    """[(relation label, [party, …])] in order of first appearance: "accuses Russia, China; mentions Japan"."""
    groups = {}
    for mention in mentions:
        groups.setdefault(mention.get_relation_display(), []).append(mention.party)
    return list(groups.items())
