"""Stage 6: reported speech outside quotation marks.

A sentence with no quotation whose subject was resolved to a speaker and whose verb reports
speech or a position ("Wood said that …", "China firmly rejects …") becomes a PARAPHRASE
candidate: the clause after "that", or the whole sentence for a stance verb.
"""

from __future__ import annotations

import bisect
import re

from statements.extraction.attribution import _WORDS, _Attribution, _candidate, _confidence
from statements.extraction.datatypes import PARAPHRASE, Candidate, _Mention
from statements.extraction.deadline import NO_DEADLINE
from statements.extraction.names import _word_before
from statements.extraction.verbs import _SAY_THAT_VERBS, _STANCE_VERBS

_THAT = re.compile(r"\bthat\b")
_SPEAKING_VERBS = _SAY_THAT_VERBS | {"say"}
_SUBORDINATORS = {
    "that", "whether", "if", "because", "after", "before", "when", "while", "as", "since", "although", "though",
    "unless", "until", "once", "where", "how", "why",
}  # fmt: skip
# "UNITED NATIONS, Nov. 21 (Wire) — ": the place and date that open a wire report's first sentence.
# Possessive quantifiers: the words in capitals split only one way (each word taken whole), since
# "(?:[A-Z][A-Z.'-]+[ \t]*)+" could split a run of capitals in exponentially many ways before failing.
_DATELINE = re.compile(
    r"(?:[A-Z][A-Z.'-]++[ \t]*+)++(?:,[ \t]*[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2})?"
    r"[ \t]*(?:\([^)\n]{1,30}\)[ \t]*)?[—–][ \t]*"
)


def _paraphrases(text, starts, quotes, mentions, deadline=NO_DEADLINE) -> list[Candidate]:
    """Sentences of reported speech ("China firmly rejects …", "Wood said that …").

    A sentence that a quotation opens, or that introduces one ('Nebenzya said: "…"'), is left
    out: the quotation is the better record of it. One whose quotations are only fragments of
    the reported clause ('Nebenzya dismissed the accusations as "completely false"') is kept:
    the fragments are linked to it (see `link_fragments`).
    """
    quote_opens = [q.open for q in quotes]
    mention_starts = [m.start for m in mentions]
    candidates = []
    for index, start in enumerate(starts):
        deadline.tick()
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        inner = _quotes_in(quote_opens, quotes, start, end)
        if inner is None:
            continue
        mention = _first_subject(text, mentions, mention_starts, start, end)
        if mention is None or mention.referent is None:
            continue
        candidate = _reported(text, start, end, mention)
        if candidate is not None and (not inner or _only_fragments(text, candidate, inner)):
            candidates.append(candidate)
    return candidates


def _quotes_in(quote_opens, quotes, start, end) -> list | None:
    """The quotations opening in start–end, or None when one that began earlier runs into it."""
    index = bisect.bisect_left(quote_opens, start)
    if index > 0 and quotes[index - 1].close >= start:
        return None
    inner = []
    while index < len(quotes) and quotes[index].open < end:
        inner.append(quotes[index])
        index += 1
    return inner


def _only_fragments(text: str, candidate: Candidate, inner) -> bool:
    """Whether each quotation sits inside the reported clause as a piece of it, not introduced by
    a colon or a comma, and the clause has words of its own besides (three at least)."""
    quoted_words = 0
    for quote in inner:
        if quote.open <= candidate.start or quote.close >= candidate.end or quote.open_ended:
            return False
        before = quote.open
        while before > candidate.start and text[before - 1] in " \t":
            before -= 1
        if text[before - 1] in ":,":
            return False
        quoted_words += len(_WORDS.findall(text, quote.start, quote.end))
    return len(_WORDS.findall(text, candidate.start, candidate.end)) - quoted_words >= 3


def link_fragments(direct: list[Candidate], paraphrases: list[Candidate]) -> None:
    """Set `within` on each direct quotation lying inside a paraphrase: the clause it is a piece of."""
    starts = [p.start for p in paraphrases]
    for candidate in direct:
        index = bisect.bisect_right(starts, candidate.start) - 1
        if index >= 0 and candidate.end <= paraphrases[index].end:
            candidate.within = (paraphrases[index].start, paraphrases[index].end)


def _first_subject(text, mentions, mention_starts, start, end) -> _Mention | None:
    """The subject of the sentence's main clause: the first subject of a verb of speech, else of a
    stance, else the first subject, leaving out subjects of subordinate clauses.

    'Asked whether Moscow would veto the text, Nebenzya said that …' and '… said that Moscow
    would respond': Moscow is what the claim is about, not who makes it.
    """
    index = bisect.bisect_left(mention_starts, start)
    first = stance = None
    while index < len(mentions) and mentions[index].start < end:
        mention = mentions[index]
        if mention.subject and _word_before(text, mention.start)[0] not in _SUBORDINATORS:
            if mention.verb in _SPEAKING_VERBS and mention.referent is not None:
                return mention
            if mention.verb in _STANCE_VERBS and mention.referent is not None:
                stance = stance or mention
            first = first or mention
        index += 1
    return stance or first


def _reported(text: str, start: int, end: int, mention: _Mention) -> Candidate | None:
    """The paraphrase in one sentence whose subject is `mention`, if its verb reports speech."""
    sentence_end = end
    while sentence_end > start and text[sentence_end - 1].isspace():
        sentence_end -= 1
    that = None
    if mention.verb in _SAY_THAT_VERBS:
        that = _THAT.search(text, mention.verb_end, min(sentence_end, mention.verb_end + 80))
    if that is not None:
        clause_start, base = that.end(), 0.6
    elif mention.verb == "say":
        clause_start, base = mention.verb_end, 0.5
    elif mention.verb in _STANCE_VERBS:
        dateline = _DATELINE.match(text, start, mention.start)
        clause_start, base = (dateline.end() if dateline else start), 0.45
    else:
        return None
    while clause_start < sentence_end and text[clause_start] in " \t,":
        clause_start += 1
    if len(_WORDS.findall(text, clause_start, sentence_end)) < 3:
        return None
    attribution = _Attribution(mention.referent, _confidence(mention, base), "paraphrase")
    return _candidate(text, clause_start, sentence_end, PARAPHRASE, attribution)
