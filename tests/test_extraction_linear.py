"""The extractor takes time in proportion to the length of its text, whatever the text (issue 15).

Pathological inputs: runs of stops ("…" or 200,000 dots), thousands of quotation marks of every kind
Unicode has, text with no spaces, quotations nested deep, one endless sentence of quotations, names
in capitals. Hypothesis builds many such texts from a short repeated unit; each is timed at two
lengths ten times apart, and the longer may take at most about ten times as long (the bound is
loose: a quadratic cost would take a hundred times as long). The complexity test measures the same
at 10,000, 100,000 and 1,000,000 characters. CPU time, the fairest measure on a shared machine.
Pure Python: no database.
"""

import time
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statements.extraction import ExtractionTimeout, extract

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
    """The least CPU time of `repeats` extractions of `text`."""
    best = float("inf")
    for _ in range(repeats):
        started = time.process_time()
        extract(text)
        best = min(best, time.process_time() - started)
    return best


def repeated(unit, length):
    return (unit * (length // len(unit) + 1))[:length]


def assert_linear(short, long, factor, slack, name=""):
    """`long` is `factor` times as much text as `short`: allow a bit over `factor` times the time.

    `slack` seconds absorb the timer's grain and the fixed costs that dominate small texts.
    """
    assert long <= 2.5 * factor * short + slack, f"{name}: {short:.4f} s, then {long:.4f} s for {factor}× the text"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(units)
def test_any_repeated_unit_takes_time_in_proportion_to_its_length(unit):
    short = cpu_seconds(repeated(unit, 4_000), repeats=3)
    long = cpu_seconds(repeated(unit, 40_000))
    assert_linear(short, long, 10, slack=0.05)


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
    for name, unit in PATHOLOGICAL.items():
        small = cpu_seconds(repeated(unit, 10_000), repeats=5)
        medium = cpu_seconds(repeated(unit, 100_000), repeats=2)
        large = cpu_seconds(repeated(unit, 1_000_000))
        assert_linear(small, medium, 10, slack=0.05, name=name)
        assert_linear(medium, large, 10, slack=0.2, name=name)


def test_200000_dots_take_a_fraction_of_a_second():
    assert cpu_seconds("." * 200_000) < 0.5


def test_a_time_budget_stops_the_extraction_from_inside_its_loops():
    text = 'Nebenzya "x y" ' * 100_000  # one sentence of 1.5 million characters
    started = time.perf_counter()
    try:
        extract(text, time_budget=0.05)
    except ExtractionTimeout as error:
        assert "0.05 seconds" in str(error)
    else:
        raise AssertionError("the budget was not enforced")
    assert time.perf_counter() - started < 0.5


def test_a_generous_budget_changes_nothing():
    text = 'Russian Ambassador Vasily Nebenzya said: "We reject this." He added that the vote was wrong.'
    assert [c.as_dict() for c in extract(text, time_budget=60)] == [c.as_dict() for c in extract(text)]
