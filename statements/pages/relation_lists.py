"""A country page's lists of whom it treats how and who treats it how, as HTML written in Python.

A country that speaks often treats hundreds of parties some way: Russia's page in the synthetic
database of 1,000,000 statements lists ~2,300 of them, and the template engine spent about half of
the page's time on those links, node by node (issue 16). The markup is the one the template wrote,
byte for byte (compared on the six countries with most statements at that size and every country
of the demo); every name is escaped and isolated from the direction of the line (statements.bidi).
"""

from django.utils.safestring import SafeString
from django.utils.text import capfirst

from statements.bidi import escape, isolate, without_controls
from statements.pages.card_html import link


def relation_lists(groups, party, *, incoming=False):
    """The <dl> of `groups`, [(relation label, [(party entry, number of statements)])] as
    `views.group_relations` gives them: "Russia accuses A (3), B (1)", or with `incoming`
    "Accuses Russia: …"; a paragraph saying so when there are none."""
    if not groups:
        return SafeString("<p>None recorded.</p>")
    name = isolate(party)
    word = "by" if incoming else "about"
    lists = []
    for label, rows in groups:
        term = f"{escape(capfirst(label))} {name}" if incoming else f"{name} {escape(label)}"
        entries = ", ".join(_entry(other, count, word) for other, count in rows)
        lists.append(f"<div><dt>{term}</dt><dd>{entries}</dd></div>")
    return SafeString(f'<dl class="relations">{"".join(lists)}</dl>')


def _entry(other, count, word):
    """The other party's link, and the number of statements as a link to them on the search page."""
    # The label is plain text for screen readers: the name without direction controls.
    label = f"{count} statement{'' if count == 1 else 's'} {word} {escape(without_controls(other['name']))}"
    number = f'<a href="{escape(other["search"])}" aria-label="{label}">{count}</a>'
    return f"{link(other['url'], isolate(other['name']))} ({number})"
