"""The official record on the pages: language names, speeches cut into paragraphs, votes as ballot tables.

Plain values for the templates, built from rows the views have already fetched: nothing here
queries the database except `ballots_of()`, one query whatever the number of votes.
"""

import functools

import pycountry
from django.db.models import Exists, OuterRef

from statements import links
from statements.models import Ballot, RecordCheck

# A speech longer than this many characters shows its first paragraph and folds the rest.
FOLD_AFTER = 600


@functools.lru_cache(maxsize=256)
def language_name(code):
    """The English name of an ISO 639-1 code ("ru" → "Russian"); the code itself when unknown."""
    if not code:
        return ""
    language = pycountry.languages.get(alpha_2=code.split("-")[0].lower())
    return language.name if language else code


def interpretation_note(statement):
    """ "Spoken in Russian; English interpretation" when the text interprets words spoken in another language."""
    if not statement.is_interpretation:
        return ""
    return f"Spoken in {language_name(statement.spoken_language)}; {language_name(statement.language)} interpretation"


def paragraphs(text):
    """The text's paragraphs: its non-empty lines, stripped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def folded(text):
    """(shown, rest): the paragraphs shown at once, and those folded under "Read the full speech"."""
    parts = paragraphs(text) or [text]
    if len(text) <= FOLD_AFTER or len(parts) == 1:
        return parts, []
    return parts[:1], parts[1:]


def ballots_of(votes):
    """{vote id: {party id: ballot}} for `votes`, each ballot with its party and `is_veto`. One query.

    A veto is a ballot in `Ballot.objects.vetoes()`: the test (a permanent seat on the day) stays
    in the model, here a correlated EXISTS on each row.
    """
    ids = [vote.pk for vote in votes]
    if not ids:
        return {}
    rows = (
        Ballot.objects.filter(vote_id__in=ids)
        .select_related("party")
        .annotate(is_veto=Exists(Ballot.objects.vetoes().filter(pk=OuterRef("pk"))))
        .order_by("party__short_name", "party__name", "id")
    )
    by_vote = {}
    for ballot in rows:
        by_vote.setdefault(ballot.vote_id, {})[ballot.party_id] = ballot
    return by_vote


def ballot_table(votes, ballots, column=None):
    """The members × votes table of `votes`: (columns, rows).

    `ballots` is `ballots_of(votes)`; `column(vote)` heads each column (by default its draft,
    which `votes` should join). Rows follow the members' names; a member with no ballot on a
    vote gets an empty cell, which the template says is not recorded.
    """
    column = column or vote_column
    members = {}
    for vote in votes:
        for ballot in ballots.get(vote.pk, {}).values():
            members.setdefault(ballot.party_id, ballot.party)
    ordered = sorted(members.values(), key=lambda party: party.display_name)
    columns = [column(vote) for vote in votes]
    rows = []
    for party in ordered:
        cells = []
        for vote in votes:
            ballot = ballots.get(vote.pk, {}).get(party.pk)
            cells.append(ballot_cell(ballot) if ballot else None)
        party_cell = {"url": links.party_page(party.kind, party.code), "name": party.display_name}
        rows.append({"party": party_cell, "cells": cells})
    return columns, rows


def ballot_cell(ballot):
    return {"choice": ballot.choice, "label": ballot.get_choice_display(), "is_veto": ballot.is_veto}


def vote_column(vote):
    """A vote's heading in a ballot table: its draft (linked) or "Procedural vote"."""
    if vote.draft_id:
        return {"title": vote.draft.symbol, "url": links.link("draft", vote.draft.symbol)}
    return {"title": f"Procedural vote {vote.sequence}", "url": ""}


def meeting_column(vote):
    """A vote's heading in a draft's ballot table: the meeting it was taken at (which `vote` should join)."""
    return {
        "title": f"{vote.meeting.display_title}, {vote.meeting.date.day} {vote.meeting.date:%B %Y}",
        "url": links.link("meeting", vote.meeting_id),
    }


def vetoers(vote, ballots):
    """The parties whose ballots on `vote` are vetoes, by name."""
    return [ballot.party for ballot in ballots.get(vote.pk, {}).values() if ballot.is_veto]


def check_mark(result, passage, speech_id, speech_label=""):
    """A news quote's check against the record, as a card and the meeting page show it."""
    return {
        "result": result,
        "label": RecordCheck.Result(result).label if result in RecordCheck.Result.values else result,
        "differs": result == RecordCheck.Result.DIFFERS,
        "passage": passage,
        "speech_url": links.link("statement", speech_id) if speech_id else "",
        "speech_label": speech_label,
    }
