"""Votes in a verbatim record: the lists of ballots and the President's announcement of the result.

    A vote was taken by show of hands.
    In favour:
    Algeria, China, Ecuador, France, Guyana, Japan, Malta, Mozambique, Republic of Korea,
    Sierra Leone, Slovenia, Switzerland, United Kingdom of Great Britain and Northern
    Ireland, United States of America
    Against:
    Russian Federation
    Abstaining:
    None
    The President: The draft resolution received 14 votes in favour, 1 against and no
    abstentions. The draft resolution has not been adopted, owing to the negative vote of a
    permanent member of the Council.

The draft is the last document the President names with the word "draft" (or "amendment")
before the vote. A resolution adopted unanimously with no show of hands ("The draft resolution
has been adopted unanimously as resolution …") gets every member on the front page in favour.
"""

from __future__ import annotations

import re

from statements.records import countries
from statements.records.datatypes import Outcome, Record, Vote

BALLOT_LIST = re.compile(
    r"(In favour|In favor|Against|Abstaining|Abstentions?|Did not participate(?: in the vot(?:e|ing))?"
    r"|Not participating(?: in the vot(?:e|ing))?|Absent)\s*:\s*(.*)",
    re.DOTALL,
)
BALLOT_KEYS = {
    "in favour": "in_favour",
    "in favor": "in_favour",
    "against": "against",
    "abstaining": "abstaining",
    "abstention": "abstaining",
    "abstentions": "abstaining",
}
NONE = re.compile(r"(?:None|Nil|—|-)\.?", re.IGNORECASE)

NUMBER_WORDS = {
    word: value
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen".split()
    )
}
NUMBER_WORDS.update({"none": 0, "no": 0, "nil": 0})

DRAFT_SYMBOL = re.compile(r"\bS/\d{4}/\d+(?:/Rev\.\s?\d+)?(?:/Corr\.\s?\d+)?")
DRAFT_WORDS = re.compile(r"\bdraft\b|\bamendments?\b", re.IGNORECASE)
COUNTS = re.compile(
    r"(?:received|obtained|result of the voting (?:is|was) as follows\s*:?|voting (?:is|was) as follows\s*:?)"
    r"\s*(?P<sentence>[^.]*?\bin favour\b[^.]*)",
    re.IGNORECASE,
)
IN_FAVOUR = re.compile(r"(\w+) votes? in favour", re.IGNORECASE)
AGAINST = re.compile(r"(\w+)(?: votes?)? against", re.IGNORECASE)
ABSTAINING = re.compile(r"(\w+) abstentions?", re.IGNORECASE)
_SUBJECT = r"(?:draft resolution|draft|amendments?|proposal|motion|resolution|text)"
ADOPTED = re.compile(
    _SUBJECT + r"[^.]{0,80}?\b(?:has|have) been adopted(?P<unanimous>,? unanimously,?)?(?:,? as (?:orally )?amended,?)?"
    r"(?:,? as resolution (?P<resolution>\d+\s*\(\d{4}\)))?",
    re.IGNORECASE,
)
NOT_ADOPTED = re.compile(
    _SUBJECT + r"[^.]{0,80}?\b(?:has|have) not been adopted"
    r"(?P<veto>,?\s*owing to the negative votes? of (?:a|one|two|three|\d) permanent members?[^.]*)?"
    r"(?P<failed>,?\s*(?:having failed|as it (?:has |did )?not (?:obtain|receive)|not having obtained)[^.]*)?",
    re.IGNORECASE,
)


def ballot_key(heading: str) -> str:
    key = heading.lower()
    if key.startswith(("did not", "not participating", "absent")):
        return "not_participating"
    return BALLOT_KEYS.get(key, "not_participating")


def read_ballots(lines: list[str]) -> tuple[list[str], list[str]]:
    """The alpha-3 codes in lines of comma-separated names, and the names it could not resolve.

    A name may wrap over two lines ("United Kingdom of Great Britain and" / "Northern Ireland");
    a line without a comma at its end is glued to the next one when that makes a known name.
    """
    pieces: list[tuple[str, bool]] = []  # (text, ends a line without a comma)
    for line in lines:
        stripped = line.strip()
        if not stripped:
            continue
        parts = [part.strip() for part in countries._split_outside_parentheses(stripped)]
        ends_open = not stripped.rstrip(" .").endswith(",")
        for index, part in enumerate(parts):
            if part:
                pieces.append((part.strip(" ."), ends_open and index == len(parts) - 1))
    names: list[str] = []
    unknown: list[str] = []
    index = 0
    while index < len(pieces):
        text, open_end = pieces[index]
        index += 1
        if NONE.fullmatch(text):
            continue
        while not countries.party(text) and open_end and index < len(pieces):
            glued = f"{text} {pieces[index][0]}"
            if not countries.party(glued) and not _prefix_of_a_name(glued):
                break
            text, open_end = glued, pieces[index][1]
            index += 1
        for name in countries.split_names(text):
            party = countries.party(name)
            if party:
                names.append(party)
            else:
                unknown.append(name)
    return names, unknown


def _prefix_of_a_name(text: str) -> bool:
    return any(key.startswith(countries.normalise(text) + " ") for key in _known_keys())


_KEYS: list[str] = []


def _known_keys() -> list[str]:
    if not _KEYS:
        _KEYS.extend(countries._index())
    return _KEYS


def number(word: str) -> int | None:
    word = word.lower()
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


def read_counts(sentence: str) -> dict | None:
    favour = IN_FAVOUR.search(sentence)
    if favour is None or number(favour.group(1)) is None:
        return None
    against = AGAINST.search(sentence)
    abstaining = ABSTAINING.search(sentence)
    return {
        "in_favour": number(favour.group(1)),
        "against": (number(against.group(1)) or 0) if against else 0,
        "abstaining": (number(abstaining.group(1)) or 0) if abstaining else 0,
    }


class OutcomeReader:
    """Collects the votes of one record as its paragraphs are read in order."""

    def __init__(self, record: Record, members: list[str]):
        self.record = record
        self.members = members
        self.current: Vote | None = None
        self.last_draft = ""

    def vote_taken(self) -> Vote:
        self.current = Vote(draft=self.last_draft)
        self.record.votes.append(self.current)
        return self.current

    def add_ballots(self, key: str | None, names: list[str], unknown: list[str]) -> None:
        vote = self.current
        if vote is None or vote.outcome:
            vote = self.vote_taken()
        getattr(vote, key or "not_participating").extend(names)
        for name in unknown:
            self.record.warnings.append(f"Vote on {vote.draft or 'a procedural matter'}: unknown country {name!r}")

    def read_speech(self, speech: str, is_president: bool) -> None:
        """Take drafts, counts and outcomes from a speech, in the order they occur in it."""
        if not is_president:
            return
        events = []
        for match in DRAFT_SYMBOL.finditer(speech):
            window = speech[max(0, match.start() - 250) : match.end() + 250]
            if DRAFT_WORDS.search(window):
                events.append((match.start(), "draft", match))
        for match in COUNTS.finditer(speech):
            events.append((match.start(), "counts", match))
        for match in ADOPTED.finditer(speech):
            events.append((match.start(), "adopted", match))
        for match in NOT_ADOPTED.finditer(speech):
            events.append((match.start(), "not-adopted", match))
        events.sort(key=lambda event: event[0])
        for _, what, match in events:
            if what == "draft":
                self.last_draft = re.sub(r"\s+", "", match.group(0))
                continue
            vote = self._vote_for_result(what)
            vote.draft = vote.draft or self.last_draft
            sentence = _sentence(speech, match)
            vote.outcome_sentence = f"{vote.outcome_sentence} {sentence}".strip()
            if what == "counts":
                vote.counts = read_counts(match.group("sentence"))
            elif what == "adopted":
                vote.outcome = Outcome.ADOPTED
                if match.group("resolution"):
                    vote.resolution = " ".join(match.group("resolution").split())
                if match.group("unanimous") and not (vote.in_favour or vote.against or vote.abstaining):
                    vote.in_favour = list(self.members)
            else:
                vote.outcome = Outcome.VETOED if match.group("veto") else Outcome.NOT_ADOPTED
                if not match.group("veto") and not match.group("failed"):
                    vote.outcome = ""  # decided in `finish` from the ballots
                    vote.outcome_sentence += " "  # marks "not adopted, reason unstated"

    def _vote_for_result(self, what: str) -> Vote:
        vote = self.current
        if vote is None or vote.outcome or (what == "counts" and vote.counts is not None):
            vote = self.vote_taken()
        return vote

    def finish(self) -> None:
        for vote in self.record.votes:
            undecided = vote.outcome_sentence.endswith(" ")
            vote.outcome_sentence = vote.outcome_sentence.strip()
            if undecided and not vote.outcome:
                vetoers = [party for party in vote.against if party in countries.PERMANENT_MEMBERS]
                favour = vote.counts["in_favour"] if vote.counts else len(vote.in_favour)
                vote.outcome = Outcome.VETOED if vetoers and favour >= 9 else Outcome.NOT_ADOPTED
            if vote.outcome == Outcome.VETOED:
                vote.vetoed_by = [party for party in vote.against if party in countries.PERMANENT_MEMBERS]
            self._check(vote)

    def _check(self, vote: Vote) -> None:
        warnings = self.record.warnings
        what = f"Vote on {vote.draft or 'a procedural matter'}"
        cast = vote.in_favour + vote.against + vote.abstaining
        if vote.counts is not None and cast:
            listed = {
                "in_favour": len(vote.in_favour),
                "against": len(vote.against),
                "abstaining": len(vote.abstaining),
            }
            if listed != vote.counts:
                warnings.append(
                    f"{what}: the announced result ({_figures(vote.counts)}) "
                    f"disagrees with the lists ({_figures(listed)})"
                )
        if not cast or not self.members:
            return
        present = len(self.members) - len([p for p in vote.not_participating if p in self.members])
        if len(cast) != present:
            warnings.append(f"{what}: {len(cast)} ballots for {present} members present")
        voted = set(cast) | set(vote.not_participating)
        for member in self.members:
            if member not in voted:
                warnings.append(f"{what}: no ballot for {member}")
        for party in sorted(set(cast) - set(self.members)):
            warnings.append(f"{what}: a ballot for {party}, which is not on the list of members")


def _figures(counts: dict) -> str:
    return f"{counts['in_favour']}-{counts['against']}-{counts['abstaining']}"


def _sentence(text: str, match: re.Match) -> str:
    start = text.rfind(". ", 0, match.start())
    start = 0 if start < 0 else start + 2
    end = text.find(".", match.end())
    return text[start : end + 1 if end >= 0 else len(text)].strip()
