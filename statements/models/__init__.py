"""The domain: who said what, where, when, on whose behalf, about whom, according to which source.

A speaker always speaks for a *party*: a state (a row of the ISO 3166 list) or an organisation
(the UN Secretariat, the EU, a research group). Both live in one table so that statements,
positions, mentions, filters and pages treat them alike; `Country` and `Organisation` are
proxies that narrow it to one kind.

One module per subject: `parties` (parties, their kinds and council seats), `delegates` (speakers,
their aliases and positions), `meetings` (bodies and meetings), `sources` (sources and citations),
`statements` (statements, topics and mentions); `dated` holds the queryset of rows with a period.
Import the models from here: `from statements.models import Statement`.
"""

from statements.models.dated import DatedQuerySet
from statements.models.delegates import Alias, Delegate, Position
from statements.models.meetings import Body, Meeting
from statements.models.parties import (
    CouncilSeat,
    Country,
    CountryManager,
    Organisation,
    OrganisationManager,
    Party,
    PartyQuerySet,
    UNStatus,
)
from statements.models.sources import Citation, Source
from statements.models.statements import Mention, Statement, Topic, attribution

__all__ = [
    "Alias",
    "Body",
    "Citation",
    "CouncilSeat",
    "Country",
    "CountryManager",
    "DatedQuerySet",
    "Delegate",
    "Meeting",
    "Mention",
    "Organisation",
    "OrganisationManager",
    "Party",
    "PartyQuerySet",
    "Position",
    "Source",
    "Statement",
    "Topic",
    "UNStatus",
    "attribution",
]
