"""Scoring the quote extractor against annotated articles.

Two corpora. `tests/data/extraction_real/` (REAL_DIR) is the score: real published articles about
Security Council meetings, annotated by hand, each with a fixed "split" — "dev", which rules may be
tuned on, or "test", frozen (see that folder's README.md and TEST_LOG.md). `score_real` gives
precision and recall of direct quotations, embedded fragments included, and speaker accuracy: the
share of the matched quotations whose speaker is right. `tests/data/extraction/` (CORPUS_DIR)
holds short articles written for the extractor; they stay as unit tests of hard cases.

Shared by the tests and bench/extraction.py (which prints the figures), so both measure the same
thing. Plain Python: no Django, no database.

A case is an article `NAME.txt` with `NAME.json` beside it:

    {"case": "what it tests",
     "split": "dev" or "test",                                                      real corpus
     "known": [{"id": 1, "full_name": "…", "aliases": ["…"], "country": "RUS"}],   optional
     "quotes": [{"speaker": "…", "quote": "…", "delegate": 1, "country": "…", "role": "…"}],
     "not_statements": ["…"],                                                      optional
     "paraphrases": [{"speaker": "…", "text": "…"}]}                               optional

"delegate", "country" and "role" in a quote are checked only where given. A case may name its
text with "text_files" (relative to the repository root, the first that exists wins) instead;
it is skipped when none exists. The seed article is read from shared/seed/ beside the
repository when it is there, else from the copy the demo data keeps in statements/data/.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from statements.extraction import DIRECT, PARAPHRASE, Candidate, KnownSpeaker, country_code, normalise_name

REPO_ROOT = Path(__file__).resolve().parents[2]
CORPUS_DIR = REPO_ROOT / "tests" / "data" / "extraction"
REAL_DIR = REPO_ROOT / "tests" / "data" / "extraction_real"
SPLITS = ("dev", "test")

_QUOTE_CHARS = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "…": "..."})
_EDGE_PUNCTUATION = " \t\n\"'.,;:!?-—–"


@dataclass
class Case:
    name: str
    text: str
    quotes: list[dict]
    known: list[KnownSpeaker] = field(default_factory=list)
    not_statements: list[str] = field(default_factory=list)
    paraphrases: list[dict] = field(default_factory=list)
    split: str | None = None


def split_of(name: str) -> str:
    """The part an article of the real corpus belongs to, from its name alone (fixed before any tuning).

    SHA-256 of the file name without extension: a first hex digit 0–7 puts it in the test part.
    """
    return "test" if hashlib.sha256(name.encode("utf-8")).hexdigest()[0] in "01234567" else "dev"


@dataclass
class Score:
    """Counts for one measure, and precision, recall and F1 from them."""

    true_positives: int = 0
    predicted: int = 0
    expected: int = 0

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def add(self, other: Score) -> None:
        self.true_positives += other.true_positives
        self.predicted += other.predicted
        self.expected += other.expected


def normalise_quote(text: str) -> str:
    """Quotation text compared loosely: one kind of mark, single spaces, no edge punctuation, any case."""
    plain = unicodedata.normalize("NFKC", text).translate(_QUOTE_CHARS)
    return " ".join(plain.split()).strip(_EDGE_PUNCTUATION).casefold()


def speaker_matches(predicted: str | None, expected: str | None) -> bool:
    """Same speaker, comparing case-insensitively by full name, by surname, or by the country named.

    "Nebenzya" matches "Vasily Nebenzya", "Kim Song" matches "Song Kim" (the same words), and
    "U.S." matches "United States".
    """
    if predicted is None or expected is None:
        return predicted is expected
    got, want = normalise_name(predicted), normalise_name(expected)
    if got == want:
        return True
    got_words, want_words = got.split(), want.split()
    if sorted(got_words) == sorted(want_words) or got_words[-1] == want_words[-1]:
        return True
    got_country, want_country = country_code(predicted), country_code(expected)
    return got_country is not None and got_country == want_country


def load_case(json_path: Path) -> Case | None:
    """The case described by one JSON file, or None when its text file is missing."""
    spec = json.loads(json_path.read_text(encoding="utf-8"))
    if "text_files" in spec:
        candidates = [(REPO_ROOT / name).resolve() for name in spec["text_files"]]
        text_path = next((path for path in candidates if path.exists()), None)
    else:
        text_path = json_path.with_suffix(".txt")
    if text_path is None or not text_path.exists():
        return None
    known = [
        KnownSpeaker(
            id=entry["id"],
            full_name=entry["full_name"],
            aliases=tuple(entry.get("aliases", ())),
            country=entry.get("country"),
        )
        for entry in spec.get("known", ())
    ]
    return Case(
        name=json_path.stem,
        text=text_path.read_text(encoding="utf-8"),
        quotes=spec.get("quotes", []),
        known=known,
        not_statements=spec.get("not_statements", []),
        paraphrases=spec.get("paraphrases", []),
        split=spec.get("split"),
    )


def load_corpus(directory: Path = CORPUS_DIR) -> list[Case]:
    """Every case in the directory whose text is available, in name order."""
    cases = (load_case(path) for path in sorted(directory.glob("*.json")))
    return [case for case in cases if case is not None]


def load_real_corpus(split: str, directory: Path = REAL_DIR) -> list[Case]:
    """The real articles of one part ("dev" or "test"), in name order.

    Only that part's files are read. An article whose recorded split disagrees with its name's
    (`split_of`) is refused: the split is fixed by rule, never chosen by hand.
    """
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, not {split!r}")
    cases = []
    for path in sorted(directory.glob("*.json")):
        if split_of(path.stem) != split:
            continue
        case = load_case(path)
        if case is None:
            continue
        if case.split != split:
            raise ValueError(f"{path.name} says split {case.split!r}, but its name puts it in {split!r}")
        cases.append(case)
    return cases


def match_quotes(candidates: Iterable[Candidate], expected: list[dict]) -> list[tuple[dict, Candidate | None]]:
    """Pair each expected quotation with the direct candidate of the same (normalised) text, each used once."""
    pool: dict[str, list[Candidate]] = {}
    for candidate in candidates:
        if candidate.kind == DIRECT:
            pool.setdefault(normalise_quote(candidate.quote), []).append(candidate)
    pairs = []
    for item in expected:
        found = pool.get(normalise_quote(item["quote"]))
        pairs.append((item, found.pop(0) if found else None))
    return pairs


def score_case(case: Case, candidates: list[Candidate]) -> tuple[Score, Score]:
    """(quotation spans, speaker attribution) for one case.

    Spans: a direct candidate is right when its text is an expected quotation. Attribution: it
    is right when, besides, its speaker matches; a candidate with no or the wrong speaker counts
    against precision.
    """
    direct = [c for c in candidates if c.kind == DIRECT]
    pairs = match_quotes(direct, case.quotes)
    spans = Score(sum(1 for _, found in pairs if found), len(direct), len(case.quotes))
    attributed = sum(1 for item, found in pairs if found and speaker_matches(found.speaker, item["speaker"]))
    speakers = Score(attributed, len(direct), len(case.quotes))
    return spans, speakers


def paraphrase_found(candidates: Iterable[Candidate], expected: dict) -> Candidate | None:
    """The paraphrase candidate covering the expected text (one contains the other), if any."""
    want = normalise_quote(expected["text"])
    for candidate in candidates:
        if candidate.kind != PARAPHRASE:
            continue
        got = normalise_quote(candidate.quote)
        if want in got or got in want:
            return candidate
    return None


def reported_labels(case: Case, candidates: Iterable[Candidate]) -> list[str]:
    """The case's not-statements that were wrongly reported as direct quotations."""
    reported = {normalise_quote(c.quote) for c in candidates if c.kind == DIRECT}
    return [label for label in case.not_statements if normalise_quote(label) in reported]


@dataclass
class RealScore:
    """Direct quotations (fragments included) found, and whose speaker is right among those found."""

    spans: Score = field(default_factory=Score)
    right_speaker: int = 0
    fragments_expected: int = 0
    fragments_found: int = 0

    @property
    def speaker_accuracy(self) -> float:
        return self.right_speaker / self.spans.true_positives if self.spans.true_positives else 1.0

    def add(self, other: RealScore) -> None:
        self.spans.add(other.spans)
        self.right_speaker += other.right_speaker
        self.fragments_expected += other.fragments_expected
        self.fragments_found += other.fragments_found


def right_speaker(candidate: Candidate, item: dict) -> bool:
    """The candidate's speaker is the annotated one.

    Where the annotators name a country as the speaker (only its government or delegation speaks,
    "Iran’s representative" with no name), a candidate with no name and that country is right.
    """
    if speaker_matches(candidate.speaker, item["speaker"]):
        return True
    country = country_code(item["speaker"])
    return candidate.speaker is None and country is not None and candidate.country == country


def score_real_case(case: Case, candidates: list[Candidate]) -> RealScore:
    """One real article: every annotated quotation, whole or fragment, against the direct candidates."""
    direct = [c for c in candidates if c.kind == DIRECT]
    pairs = match_quotes(direct, case.quotes)
    found = [(item, candidate) for item, candidate in pairs if candidate is not None]
    return RealScore(
        spans=Score(len(found), len(direct), len(case.quotes)),
        right_speaker=sum(1 for item, candidate in found if right_speaker(candidate, item)),
        fragments_expected=sum(1 for item in case.quotes if item.get("fragment")),
        fragments_found=sum(1 for item, _ in found if item.get("fragment")),
    )


def score_real(cases: list[Case], extract: Callable[..., list[Candidate]]) -> tuple[RealScore, dict[str, RealScore]]:
    """The total over `cases` and each case's own score."""
    total, per_case = RealScore(), {}
    for case in cases:
        per_case[case.name] = score_real_case(case, extract(case.text, case.known))
        total.add(per_case[case.name])
    return total, per_case


@dataclass
class Report:
    spans: Score
    speakers: Score
    per_case: dict[str, tuple[Score, Score]]


def evaluate(cases: list[Case], extract: Callable[..., list[Candidate]]) -> Report:
    """Run `extract` on every case and add up the scores."""
    spans, speakers = Score(), Score()
    per_case = {}
    for case in cases:
        case_spans, case_speakers = score_case(case, extract(case.text, case.known))
        spans.add(case_spans)
        speakers.add(case_speakers)
        per_case[case.name] = (case_spans, case_speakers)
    return Report(spans, speakers, per_case)
