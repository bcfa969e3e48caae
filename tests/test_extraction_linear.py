"""The extractor takes time in proportion to the length of its text, whatever the text (issue 15).

Pathological inputs: runs of stops ("…" or 200,000 dots), thousands of quotation marks of every kind
Unicode has, text with no spaces, quotations nested deep, one endless sentence of quotations, names
in capitals. Hypothesis builds many such texts from a short repeated unit; each is timed at two
lengths ten times apart, and the longer may take at most about ten times as long (the bound is
loose: a quadratic cost would take a hundred times as long). The complexity test measures the same
at 10,000, 100,000 and 1,000,000 characters. CPU time, the fairest measure on a shared machine.
Pure Python: no database.
"""

import gc
import time
import unicodedata
from types import SimpleNamespace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statements.extraction import ExtractionTimeout, deadline, extract

# Every character Unicode classes as an opening or closing quotation mark, and the ones it files
# elsewhere that still quote text: straight marks, low-9 marks, CJK corner brackets, fullwidth.
QUOTATION_MARKS = (
    "".join(chr(code) for code in range(0x10000) if unicodedata.category(chr(code)) in ("Pi", "Pf"))
    + "\"'„‚「」『』〝〞〟＂＇‹›«»"
)
PIECES = [
    ".", "…", "!", "?", ". ", "...", " ", "\t", "\n", "\n\n", "(", ")", ",", ":", "—", "-", "'", "’s",
    "A", "a", "Mr. ", "U.S. ", "He ", "she ", "said ", " said", "Nebenzya ", "Ambassador ", "the Chinese envoy ",
    "that ", "so-called ", "report ", "UNITED NATIONS ", "FU CONG (China) ", "de ", "Russia ", "and ",
    *QUOTATION_MARKS,
]  # fmt: skip
units = st.lists(st.sampled_from(PIECES), min_size=1, max_size=12).map("".join)


def cpu_seconds(text, repeats=1):
    """The least CPU time of `repeats` extractions of `text` (the garbage collector paused)."""
    best = float("inf")
    gc.disable()
    try:
        for _ in range(repeats):
            started = time.process_time()
            extract(text)
            best = min(best, time.process_time() - started)
    finally:
        gc.enable()
    return best


def repeated(unit, length):
    return (unit * (length // len(unit) + 1))[:length]


def linear(short, long, factor, slack):
    """`long` is `factor` times as much text as `short`: allow a bit over `factor` times the time.

    `slack` seconds absorb the timer's grain and the fixed costs that dominate small texts.
    """
    return long <= 2.5 * factor * short + slack


def assert_linear_growth(unit, lengths, slack):
    """Time `unit` repeated to each of `lengths` (each ten times the one before) and check the growth.

    Measured once more before failing: on a machine shared with other work, one reading in a few
    hundred is off by more than the slack, while a quadratic cost fails every time.
    """
    for _attempt in range(2):
        times = [cpu_seconds(repeated(unit, length), repeats=3 if length <= 100_000 else 1) for length in lengths]
        if all(linear(short, long, 10, slack) for short, long in zip(times[:-1], times[1:], strict=True)):
            return
    raise AssertionError(f"{unit[:40]!r}: {', '.join(f'{t:.4f} s' for t in times)} for {lengths}")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(units)
def test_any_repeated_unit_takes_time_in_proportion_to_its_length(unit):
    assert_linear_growth(unit, (4_000, 40_000), slack=0.1)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=200).map("".join))
def test_offsets_always_point_at_the_quote_and_candidates_stay_in_order(text):
    candidates = extract(text)
    for candidate in candidates:
        assert text[candidate.start : candidate.end] == candidate.quote
        assert candidate.quote.strip()
    assert [c.start for c in candidates] == sorted(c.start for c in candidates)


PATHOLOGICAL = {
    "dots": ".",
    "ellipses": "…",
    "stops and a space": "?! ",
    "straight quotation marks": '"',
    "every quotation mark": QUOTATION_MARKS,
    "no spaces": "NebenzyasaidthattheCouncilmust",
    "nested quotations": "“a “b ‘c “d",
    "labels in one sentence": 'Nebenzya "x y" ',
    "short quotations, then their speakers": '"We reject this," Nebenzya said, "and that." ',
    "names in capitals": "FU CONG (China) said ",
    "capitals before a verb": "UNITEDNATIONSUNITEDNATIONS China rejects it ",
}


def test_pathological_inputs_take_time_in_proportion_to_their_length():
    """10,000, 100,000 and 1,000,000 characters of each: each step ten times the text, about ten times the time."""
    for unit in PATHOLOGICAL.values():
        assert_linear_growth(unit, (10_000, 100_000, 1_000_000), slack=0.2)


def test_200000_dots_take_a_fraction_of_a_second():
    assert cpu_seconds("." * 200_000) < 0.5


class FakeClock:
    """A clock for the deadline that reads `start` once, then `later` ever after, and counts its reads."""

    def __init__(self, later):
        self.reads, self.later = 0, later

    def __call__(self):
        self.reads += 1
        return 0.0 if self.reads == 1 else self.later


def test_a_time_budget_stops_the_extraction_from_inside_its_loops(monkeypatch):
    text = 'Nebenzya "x y" ' * 100_000  # one sentence of 1.5 million characters
    # A clock that never passes the budget: the loops read it many times, not only between stages.
    patient = FakeClock(later=0.0)
    monkeypatch.setattr(deadline, "time", SimpleNamespace(monotonic=patient))
    extract(text[:150_000], time_budget=0.05)
    assert patient.reads > 50
    # A clock past the budget at its second reading: the first check inside a loop stops it.
    expired = FakeClock(later=1.0)
    monkeypatch.setattr(deadline, "time", SimpleNamespace(monotonic=expired))
    try:
        extract(text, time_budget=0.05)
    except ExtractionTimeout as error:
        assert "0.05 seconds" in str(error)
    else:
        raise AssertionError("the budget was not enforced")
    assert expired.reads == 2


def test_a_generous_budget_changes_nothing():
    text = 'Russian Ambassador Vasily Nebenzya said: "We reject this." He added that the vote was wrong.'
    assert [c.as_dict() for c in extract(text, time_budget=60)] == [c.as_dict() for c in extract(text)]
