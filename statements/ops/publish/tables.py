"""The tables of a release: for each, the API's export that gives its columns and the rows it holds.

The columns are those of the API's CSV and JSON Lines exports (statements/api/export.py), so a
file of a release reads like a download from the API; every row is in primary-key order, so two
releases of the same data are the same files. Nothing private is among them: the exports hold
only what the public pages and the API show (no accounts, tokens, history or editors' notes).
"""

from dataclasses import dataclass

from statements.api import export as exports
from statements.models import (
    Ballot,
    Body,
    Citation,
    CouncilSeat,
    Delegate,
    Meeting,
    Mention,
    Party,
    Source,
    Statement,
    Topic,
    Vote,
)


@dataclass(frozen=True)
class Table:
    """One table of a release: `parts` are (export, rows) pairs whose rows follow each other in
    its files, all with the first export's columns; `rows` is a function giving a queryset, so
    that it is built inside the release's transaction."""

    name: str
    about: str
    parts: tuple

    def headers(self):
        return self.parts[0][0].headers()

    def page_column(self):
        """The column of links to the site's pages (the export's last), or None."""
        return self.headers()[-1] if self.parts[0][0].page else None


def _all(model, *order):
    return lambda: model.objects.order_by(*(order or ["pk"]))


TABLES = (
    Table(
        "statements",
        "Who said what, when, for whom, at which meeting, about whom.",
        ((exports.STATEMENTS, _all(Statement)),),
    ),
    Table("meetings", "The meetings of UN bodies the statements were made at.", ((exports.MEETINGS, _all(Meeting)),)),
    Table("delegates", "The people who speak.", ((exports.DELEGATES, _all(Delegate)),)),
    Table(
        "parties",
        "States and organisations: who speaks, is spoken about, votes and sits on a body. States first.",
        (
            (exports.COUNTRIES, lambda: Party.objects.filter(kind=Party.Kind.STATE).order_by("code")),
            (exports.ORGANISATIONS, lambda: Party.objects.filter(kind=Party.Kind.ORGANISATION).order_by("code")),
        ),
    ),
    Table("bodies", "The UN bodies whose meetings are recorded.", ((exports.BODIES, _all(Body, "slug")),)),
    Table("topics", "What statements are about.", ((exports.TOPICS, _all(Topic, "slug")),)),
    Table("sources", "Where statements are reported.", ((exports.SOURCES, _all(Source)),)),
    Table(
        "mentions",
        "One row per party a statement speaks about, and how: the edges of a network.",
        ((exports.MENTIONS, _all(Mention)),),
    ),
    Table(
        "citations",
        "One row per source that reports a statement, with the excerpt's offsets.",
        ((exports.CITATIONS, _all(Citation)),),
    ),
    Table("votes", "Votes taken at meetings, with their counts and who voted how.", ((exports.VOTES, _all(Vote)),)),
    Table("ballots", "One row per member per vote: how each voted.", ((exports.BALLOTS, _all(Ballot)),)),
    Table(
        "seats",
        "Who sat on which body, permanent or elected, from when to when.",
        ((exports.SEATS, _all(CouncilSeat)),),
    ),
)
