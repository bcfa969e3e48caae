"""The domain: who said what, where, when, on whose behalf, about whom, according to which source.

A speaker always speaks for a *party*: a state (a row of the ISO 3166 list) or an organisation
(the UN Secretariat, the EU, a research group). Both live in one table so that statements,
positions, mentions, filters and pages treat them alike; `Country` and `Organisation` are
proxies that narrow it to one kind.

One module per subject: `parties` (parties, their kinds and council seats), `delegates` (speakers,
their aliases and positions), `meetings` (bodies and meetings), `sources` (sources and citations),
`statements` (statements, topics, mentions and checks against the record), `votes` (drafts, votes
and ballots); `dated` holds the queryset of rows with a period.
Import the models from here: `from statements.models import Statement`.
"""

from statements.models.alerts import Delivery, Subscription
from statements.models.around import KeptAround
from statements.models.dated import DatedQuerySet
from statements.models.delegates import Alias, Delegate, Position
from statements.models.meetings import Body, Meeting, Participant, Role
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
from statements.models.statements import Mention, RecordCheck, Statement, Topic, attribution
from statements.models.votes import Ballot, BallotQuerySet, Draft, Vote, VoteQuerySet

__all__ = [
    "Alias",
    "Ballot",
    "BallotQuerySet",
    "Body",
    "Citation",
    "CouncilSeat",
    "Country",
    "CountryManager",
    "DatedQuerySet",
    "Delivery",
    "Delegate",
    "Draft",
    "KeptAround",
    "Meeting",
    "Mention",
    "Organisation",
    "OrganisationManager",
    "Participant",
    "Party",
    "PartyQuerySet",
    "Position",
    "RecordCheck",
    "Role",
    "Source",
    "Statement",
    "Subscription",
    "Topic",
    "UNStatus",
    "Vote",
    "VoteQuerySet",
    "attribution",
]
