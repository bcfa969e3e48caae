"""Find quotations and reported speech in news articles about diplomats, and who said them.

The extractor is rule-based on purpose. The articles this project imports are wire reports and
UN press releases, whose attribution grammar is narrow and regular ('"…," Nebenzya said';
'Chinese Deputy Ambassador to the UN, Geng Shuang, stated, "…"'). Rules run fast, need no model
download, and every decision can be explained to the editor who reviews the candidates.

`extract()` makes one pass per stage, each linear in the length of the text:

1. quotation spans, paragraph by paragraph, and in single marks in a headline (`_find_quotes`, in `quotes`);
2. sentence starts, ignoring full stops inside quotations (`_sentence_starts`, in `sentences`);
3. mentions of possible speakers: people, titles, pronouns, governments (`_find_mentions`, in
   `mentions`, with `titles` and `verbs`);
4. those mentions resolved in reading order (`_Resolver`, in `speakers`), so that "he", "the
   Chinese envoy" or a bare surname point back at someone already named;
5. each quotation attributed, and labels, scare-quoted words and titles dropped (`_Attributor`, in
   `attribution`);
6. sentences of reported speech reported as paraphrases (`_paraphrases`, in `paraphrase`), and each
   quoted fragment inside one linked to it (`Candidate.within`).

Later stages look things up by offset with `bisect` in the sorted lists the earlier ones made,
so nothing rescans the text from its start for each quotation, and no pattern backtracks more
than a bounded distance (tests/test_extraction_linear.py). A time budget (`deadline`) is checked
inside every stage's loop, for servers that must answer whatever they are sent.

How well it does is measured on real articles (`evaluation`, tests/data/extraction_real/).

The shared types are in `datatypes`, and name and country look-ups in `names`. The package
imports only the standard library and its own modules (and pycountry, lazily, in
`names.country_name`), so it runs without Django.
"""

from __future__ import annotations

from collections.abc import Iterable

from statements.extraction.attribution import _Attributor
from statements.extraction.datatypes import DIRECT, PARAPHRASE, Candidate, KnownSpeaker
from statements.extraction.deadline import ExtractionTimeout, _Deadline
from statements.extraction.mentions import _find_mentions
from statements.extraction.names import _KnownIndex, country_code, country_name, normalise_name
from statements.extraction.paraphrase import _paraphrases, link_fragments
from statements.extraction.quotes import _find_quotes, _inside_quote_test
from statements.extraction.sentences import _sentence_starts
from statements.extraction.speakers import _Resolver

__all__ = [
    "DIRECT",
    "PARAPHRASE",
    "Candidate",
    "ExtractionTimeout",
    "KnownSpeaker",
    "country_code",
    "country_name",
    "normalise_name",
    "extract",
]


def extract(text: str, known: Iterable[KnownSpeaker] = (), *, time_budget: float | None = None) -> list[Candidate]:
    """Statements in `text`, in order of their start offset: direct quotations and paraphrases.

    With `time_budget` (seconds), raises `ExtractionTimeout` once that much time has passed.
    """
    if not text or not text.strip():
        return []
    deadline = _Deadline(time_budget)
    index = _KnownIndex(known)
    quotes = _find_quotes(text, deadline)
    inside_quote = _inside_quote_test(quotes)
    starts = _sentence_starts(text, inside_quote, deadline)
    mentions = _find_mentions(text, index, inside_quote, deadline)
    _Resolver(index).resolve(mentions, text, deadline)
    attributor = _Attributor(text, quotes, starts, mentions, deadline)
    candidates = attributor.run()
    # A sentence whose only quotation is a label or a title ('on behalf of the "Group of 77"')
    # still carries reported speech, so only the quotations kept as statements count there.
    statements = [quote for quote, result in zip(quotes, attributor.results, strict=True) if result is not None]
    paraphrases = _paraphrases(text, starts, statements, mentions, deadline)
    link_fragments(candidates, paraphrases)
    candidates.extend(paraphrases)
    candidates.sort(key=lambda c: (c.start, c.end))
    return candidates
