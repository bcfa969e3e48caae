"""The record parsers against the hand-checked corpus in tests/data/records/ (see its READMEs).

Every file of both splits must parse; the targets are asserted on the **test** split, on which no
rule was tuned (bench/records.py prints the same figures for both splits).
"""

import pytest

from statements.records import read
from statements.records.evaluation import KINDS, SPLITS, Score, evaluate, load_cases

ALL = [case for kind in KINDS for split in SPLITS for case in load_cases(kind, split)]
DEV = [case for case in ALL if case.split == "dev"]
TEST = [case for case in ALL if case.split == "test"]


def score(cases):
    total = Score()
    for kind in KINDS:
        total.add(evaluate([case for case in cases if case.kind == kind], read))
    return total


@pytest.mark.parametrize("case", ALL, ids=lambda case: f"{case.kind}/{case.split}/{case.name}")
def test_every_corpus_file_parses(case):
    record = read(case.text)

    assert record.kind == ("verbatim" if case.kind == "verbatim" else "press-release")
    for turn in record.turns:
        assert 0 <= turn.start <= turn.end <= len(case.text)


@pytest.mark.skipif(not DEV, reason="the corpus's dev split (tests/data/records/*/dev/) is still empty")
def test_the_dev_split_meets_the_targets():
    assert not score(DEV).misses()


@pytest.mark.skipif(not TEST, reason="the corpus's test split (tests/data/records/*/test/) is still empty")
@pytest.mark.xfail(
    strict=True,
    reason="not met yet on the frozen test split (27 turns, 4 votes; figures in bench/records.py): "
    "P 0.963, R 0.963, party 0.962, votes 0.75. Strict: this fails once the targets are met, so that the marker goes.",
)
def test_the_test_split_meets_the_targets():
    misses = score(TEST).misses()

    assert not misses, misses
