"""Scoring the record parsers against the hand-checked corpus in tests/data/records/.

Shared by tests/test_records_corpus.py (which asserts the targets on the test split) and
bench/records.py (which prints the figures), so that both measure the same thing. Plain Python.

A case is `NAME.txt` with `NAME.expected.json` beside it, under `verbatim/{dev,test}/` or
`press/{dev,test}/` (each directory's README describes the format). What is measured:

- turns: a predicted turn matches an expected one when its label (for a press release, its
  party) is the same and its text starts with the expected `text_start` (whitespace
  collapsed); turns are aligned in order (longest common subsequence). Precision is matched /
  predicted, recall matched / expected;
- party and spoken-language accuracy over the matched turns;
- votes: exact when draft, in_favour, against, abstaining, outcome, resolution and vetoed_by
  are all equal; votes are aligned in order, and the accuracy is exact / the larger of the
  expected and predicted counts, so that an invented vote costs as much as a missed one;
- front page: each expected meeting field (symbol, number, date, called_to_order, adjourned,
  president, members, agenda) equal, for verbatim records.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from statements.records.datatypes import Record

REPO_ROOT = Path(__file__).resolve().parents[2]
CORPUS_DIR = REPO_ROOT / "tests" / "data" / "records"
KINDS = ("verbatim", "press")
SPLITS = ("dev", "test")
VOTE_FIELDS = ("draft", "in_favour", "against", "abstaining", "outcome", "resolution", "vetoed_by")
MEETING_FIELDS = ("symbol", "number", "date", "called_to_order", "adjourned", "president", "members", "agenda")
TARGETS = {"turn_precision": 0.98, "turn_recall": 0.98, "party_accuracy": 0.98, "vote_accuracy": 0.95}


@dataclass
class Case:
    name: str
    kind: str  # "verbatim" or "press"
    split: str
    text: str
    expected: dict


@dataclass
class Score:
    predicted_turns: int = 0
    expected_turns: int = 0
    matched_turns: int = 0
    party_correct: int = 0
    language_checked: int = 0
    language_correct: int = 0
    vote_slots: int = 0  # the larger of expected and predicted votes, summed over cases
    votes_exact: int = 0
    fields_checked: int = 0
    fields_correct: int = 0
    cases: int = 0
    characters: int = 0
    failures: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name, value in vars(other).items():
            if isinstance(value, int):
                setattr(self, name, getattr(self, name) + value)
        self.failures.extend(other.failures)

    @property
    def turn_precision(self) -> float:
        return self.matched_turns / self.predicted_turns if self.predicted_turns else 1.0

    @property
    def turn_recall(self) -> float:
        return self.matched_turns / self.expected_turns if self.expected_turns else 1.0

    @property
    def party_accuracy(self) -> float:
        return self.party_correct / self.matched_turns if self.matched_turns else 1.0

    @property
    def language_accuracy(self) -> float:
        return self.language_correct / self.language_checked if self.language_checked else 1.0

    @property
    def vote_accuracy(self) -> float:
        return self.votes_exact / self.vote_slots if self.vote_slots else 1.0

    @property
    def field_accuracy(self) -> float:
        return self.fields_correct / self.fields_checked if self.fields_checked else 1.0

    def misses(self) -> list[str]:
        """The targets this score does not reach, as "name 0.950 < 0.980"."""
        return [
            f"{name} {getattr(self, name):.3f} < {target:.2f}"
            for name, target in TARGETS.items()
            if getattr(self, name) < target
        ]


def load_cases(kind: str, split: str, root: Path = CORPUS_DIR) -> list[Case]:
    """The corpus files of one kind and split, sorted by name; [] when the directory is empty."""
    directory = root / kind / split
    cases = []
    for expected_path in sorted(directory.glob("*.expected.json")):
        name = expected_path.name.removesuffix(".expected.json")
        text_path = directory / f"{name}.txt"
        if not text_path.exists():
            continue
        cases.append(
            Case(
                name=name,
                kind=kind,
                split=split,
                text=text_path.read_text(encoding="utf-8"),
                expected=json.loads(expected_path.read_text(encoding="utf-8")),
            )
        )
    return cases


def _flat(text: str) -> str:
    return " ".join(text.split())


def turn_matches(kind: str, predicted, expected: dict) -> bool:
    """Same label (press release: same party), and the text starts with the expected start."""
    if kind == "press":
        if predicted.party != expected.get("party", ""):
            return False
    elif _flat(predicted.label) != _flat(expected.get("label", "")):
        return False
    return _flat(predicted.text).startswith(_flat(expected.get("text_start", "")))


def align(predicted: list, expected: list, same: Callable[[object, object], bool]) -> list[tuple[int, int]]:
    """The pairs (i, j) of a longest in-order matching of predicted[i] to expected[j]."""
    rows, columns = len(predicted), len(expected)
    table = [[0] * (columns + 1) for _ in range(rows + 1)]
    for i in range(rows - 1, -1, -1):
        for j in range(columns - 1, -1, -1):
            if same(predicted[i], expected[j]):
                table[i][j] = table[i + 1][j + 1] + 1
            else:
                table[i][j] = max(table[i + 1][j], table[i][j + 1])
    pairs, i, j = [], 0, 0
    while i < rows and j < columns:
        if same(predicted[i], expected[j]) and table[i][j] == table[i + 1][j + 1] + 1:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def vote_equal(predicted, expected: dict) -> bool:
    return all(
        getattr(predicted, name) == expected.get(name, [] if name in VOTE_FIELDS[1:4] else "") for name in VOTE_FIELDS
    )


def score_case(case: Case, record: Record) -> Score:
    score = Score(cases=1, characters=len(case.text))
    expected_turns = case.expected.get("turns", [])
    score.predicted_turns = len(record.turns)
    score.expected_turns = len(expected_turns)
    pairs = align(record.turns, expected_turns, lambda p, e: turn_matches(case.kind, p, e))
    score.matched_turns = len(pairs)
    for i, j in pairs:
        turn, wanted = record.turns[i], expected_turns[j]
        if turn.party == wanted.get("party", ""):
            score.party_correct += 1
        else:
            score.failures.append(f"{case.name}: turn {j + 1} party {turn.party!r}, expected {wanted.get('party')!r}")
        if "spoken_language" in wanted:
            score.language_checked += 1
            score.language_correct += turn.spoken_language == wanted["spoken_language"]
    matched = {j for _, j in pairs}
    for j, wanted in enumerate(expected_turns):
        if j not in matched:
            score.failures.append(f"{case.name}: missed turn {j + 1} {wanted.get('label') or wanted.get('party')!r}")
    found = {i for i, _ in pairs}
    for i, turn in enumerate(record.turns):
        if i not in found:
            score.failures.append(f"{case.name}: extra turn {turn.label!r} at {turn.start}: {turn.text[:50]!r}")
    expected_votes = case.expected.get("votes", [])
    score.vote_slots = max(len(expected_votes), len(record.votes))
    exact = align(record.votes, expected_votes, vote_equal)
    score.votes_exact = len(exact)
    if len(exact) < score.vote_slots:
        score.failures.append(f"{case.name}: {len(exact)} of {score.vote_slots} votes exact")
    if case.kind == "verbatim":
        _score_meeting(case, record, score)
    return score


def _score_meeting(case: Case, record: Record, score: Score) -> None:
    wanted = case.expected.get("meeting", {})
    meeting = record.meeting
    for name in MEETING_FIELDS:
        if name not in wanted:
            continue
        value = getattr(meeting, name)
        if name == "president":
            value = {"name": value.name, "party": value.party} if value is not None else None
        elif name == "members":
            value = [{"party": m.party, "representative": m.representative} for m in value]
        score.fields_checked += 1
        if value == wanted[name]:
            score.fields_correct += 1
        else:
            score.failures.append(f"{case.name}: meeting.{name} {value!r}, expected {wanted[name]!r}")


def evaluate(cases: list[Case], parse: Callable[[str], Record]) -> Score:
    total = Score()
    for case in cases:
        try:
            record = parse(case.text)
        except Exception as error:  # a crash scores as nothing found, and is reported
            expected = case.expected
            total.add(
                Score(cases=1, expected_turns=len(expected.get("turns", [])), vote_slots=len(expected.get("votes", [])))
            )
            total.failures.append(f"{case.name}: {type(error).__name__}: {error}")
            continue
        total.add(score_case(case, record))
    return total
