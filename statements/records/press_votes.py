"""Votes as a press release reports them, in words.

    …adopted resolution 2730 (2024) by a vote of 13 in favour to 1 against (Russian Federation),
    with 1 abstention (China).
    …failed to adopt a draft resolution, owing to the negative vote of a permanent member.
    Text Rejected on Account of Veto Cast by Russian Federation
    …Adopting Resolution 2728 (2024) with 14 Members Voting in Favour, United States Abstaining

A release reports one vote several times (headline, lede, body); the mentions are merged when
nothing in them disagrees, and the votes are put in the order of their first mention below the
headline. Counts are what the words say: a count the text does not give is None. The lists
hold only the states the release names for each side.
"""

from __future__ import annotations

import re

from statements.records import countries
from statements.records.datatypes import Outcome, Vote
from statements.records.votes import DRAFT_SYMBOL, number

_NAMES = r"[^)]*(?:\([^)]*\)[^)]*)?"
COUNTS = re.compile(
    rf"(?P<favour>\w+) (?:votes? )?in favou?r(?: \((?P<favour_names>{_NAMES})\))?,?"
    rf"(?: to| and|,)? (?P<against>\w+) (?:votes? )?against(?: \((?P<against_names>{_NAMES})\))?"
    rf"(?:,? (?:with|and) (?P<abstaining>\w+) abstentions?(?: \((?P<abstaining_names>{_NAMES})\))?)?",
    re.IGNORECASE,
)
MEMBERS_IN_FAVOUR = re.compile(r"\b(?P<favour>\w+) (?:Council )?Members? Voting in Favou?r", re.IGNORECASE)
NAMED_ABSTAINING = re.compile(r"(?:^|,|\band) (?P<names>[A-Z][\w ]+?) Abstaining\b")
ADOPTED = re.compile(
    r"\b(?P<unanimous>unanimously )?(?:adopted|adopting|adopts) (?P<unanimous2>unanimously )?"
    r"(?:its |a |the )?resolution (?P<resolution>\d{3,4} \(\d{4}\))"
    r"|\bresolution (?P<resolution2>\d{3,4} \(\d{4}\))(?: \([^)]*\))?,? (?:was |is )?adopted"
    r"(?P<unanimous3> unanimously)?",
    re.IGNORECASE,
)
FAILED = re.compile(
    r"\b(?:failed|fails|failing) to adopt\b|\b(?:was|were) not adopted\b"
    r"|\brejected the (?:draft|amendment|text|proposal)"
    r"|\bText Rejected\b|\bdid not adopt\b",
    re.IGNORECASE,
)
VETO = re.compile(r"negative votes? of (?:a |one |two |three )?permanent members?|\bvetoe?d?\b|\bvetoes\b", re.I)
_WHO = r"(?:the )?[A-Z][\w'’]*(?: [A-Z][\w'’]*| of| and)*?"
VETO_BY = re.compile(
    r"\b(?i:vetoe?s?|negative votes?|vetoed) (?i:cast |exercised |used )?(?i:by) "
    rf"(?P<who>{_WHO}(?:(?:, | and ){_WHO})*)"
    r"(?=\s*[,.;:—–()]| a permanent| an? | which| that| while| in\b| on\b| to\b|$)"
)
SUBJECT = re.compile(r"draft|resolution|amendment|text|proposal", re.IGNORECASE)


def read_votes(mentions: list[tuple[int, str, bool]]) -> list[Vote]:
    """Votes from (paragraph index, paragraph text, in the headline) in order of the text."""
    found: list[tuple[float, Vote]] = []
    for index, flat, headline in mentions:
        for sentence in _sentences(flat):
            vote = _vote_in(sentence, flat)
            if vote is None:
                continue
            key = float("inf") if headline else index
            at = next((i for i, (_, known) in enumerate(found) if _compatible(known, vote)), None)
            if at is None:
                found.append((key, vote))
            else:
                known_key, known = found[at]
                _merge(known, vote)
                found[at] = (min(known_key, key), known)
    found.sort(key=lambda item: item[0])
    votes = [vote for _, vote in found]
    for vote in votes:
        if vote.outcome == Outcome.VETOED and not vote.vetoed_by:
            vote.vetoed_by = [p for p in vote.against if p in countries.PERMANENT_MEMBERS]
    return votes


def reports_a_vote(sentence: str) -> bool:
    return _vote_in(sentence, sentence) is not None


def _sentences(flat: str) -> list[str]:
    return re.split(r"(?<=[.!?])\s+(?=[A-Z“\"])", flat)


def _vote_in(sentence: str, paragraph: str) -> Vote | None:
    counts = COUNTS.search(sentence)
    members = MEMBERS_IN_FAVOUR.search(sentence)
    adopted = ADOPTED.search(sentence)
    failed = FAILED.search(sentence)
    veto_by = VETO_BY.search(sentence)
    if not (counts or members or adopted or failed or veto_by):
        return None
    if not (counts or members or adopted) and not SUBJECT.search(sentence) and not veto_by:
        return None
    vote = Vote(draft="", outcome_sentence=sentence)
    drafts = [d for d in DRAFT_SYMBOL.findall(sentence) if not d.startswith("S/RES/")]
    if drafts:
        vote.draft = re.sub(r"\s+", "", drafts[0])
    if counts is not None:
        favour, against = number(counts.group("favour")), number(counts.group("against"))
        if favour is not None and against is not None:
            abstaining = number(counts.group("abstaining")) if counts.group("abstaining") else 0
            vote.counts = {"in_favour": favour, "against": against, "abstaining": abstaining}
            vote.in_favour = _codes(counts.group("favour_names"))
            vote.against = _codes(counts.group("against_names"))
            vote.abstaining = _codes(counts.group("abstaining_names"))
    elif members is not None and number(members.group("favour")) is not None:
        vote.counts = {"in_favour": number(members.group("favour")), "against": None, "abstaining": None}
        if named := NAMED_ABSTAINING.search(sentence):
            vote.abstaining = _codes(named.group("names"))
            vote.counts["abstaining"] = len(vote.abstaining) or None
    if adopted is not None:
        vote.outcome = Outcome.ADOPTED
        vote.resolution = adopted.group("resolution") or adopted.group("resolution2") or ""
    elif failed is not None or veto_by is not None:
        vote.outcome = Outcome.VETOED if veto_by or VETO.search(sentence) else Outcome.NOT_ADOPTED
    if vote.outcome != Outcome.ADOPTED and vote.counts is not None and vote.counts["in_favour"] is not None:
        vetoers = [p for p in vote.against if p in countries.PERMANENT_MEMBERS]
        if vote.counts["in_favour"] < 9:
            vote.outcome = Outcome.NOT_ADOPTED
        elif vetoers:
            vote.outcome = Outcome.VETOED
    if veto_by is not None:
        vote.vetoed_by = [p for p in _codes(veto_by.group("who")) if p in countries.PERMANENT_MEMBERS]
    elif vote.outcome == Outcome.VETOED:
        vote.vetoed_by = [p for p in vote.against if p in countries.PERMANENT_MEMBERS]
    if not (vote.counts or vote.resolution or vote.draft or vote.vetoed_by or vote.outcome):
        return None
    return vote


def _codes(names: str | None) -> list[str]:
    if not names:
        return []
    return [code for code in (countries.party(name) for name in countries.split_names(names)) if code]


def _compatible(one: Vote, other: Vote) -> bool:
    """Nothing in the two mentions disagrees (and neither is empty)."""
    for name in ("resolution", "draft", "outcome"):
        if getattr(one, name) and getattr(other, name) and getattr(one, name) != getattr(other, name):
            return False
    if one.counts and other.counts:
        for key, value in one.counts.items():
            if value is not None and other.counts.get(key) is not None and other.counts[key] != value:
                return False
    for name in ("in_favour", "against", "abstaining", "vetoed_by"):
        if getattr(one, name) and getattr(other, name) and getattr(one, name) != getattr(other, name):
            return False
    return True


def _merge(into: Vote, other: Vote) -> None:
    for name in ("draft", "resolution", "outcome"):
        if not getattr(into, name):
            setattr(into, name, getattr(other, name))
    if other.counts:
        merged = dict(into.counts or {})
        for key, value in other.counts.items():
            if merged.get(key) is None:
                merged[key] = value
        into.counts = merged
    for name in ("in_favour", "against", "abstaining", "vetoed_by"):
        if not getattr(into, name):
            setattr(into, name, list(getattr(other, name)))
    if other.outcome_sentence and other.outcome_sentence not in into.outcome_sentence:
        into.outcome_sentence = f"{into.outcome_sentence} {other.outcome_sentence}".strip()
