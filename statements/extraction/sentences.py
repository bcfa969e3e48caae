"""Stage 2: where the sentences start.

Splits the text at sentence ends, leaving alone full stops inside quotations and after
abbreviations such as "Mr." or "U.S.", so that an attribution and its quotation stay in one
sentence.
"""

from __future__ import annotations

import re

from statements.extraction.deadline import NO_DEADLINE

# A run of stops is matched from its first character only (the look-behind) and never given back
# (possessive quantifiers): otherwise a run of n dots not followed by a capital was tried from each
# of its n offsets, and 40,000 dots took 25 seconds.
_SENTENCE_END = re.compile(r"(?<![.!?…])[.!?…]++[\"”’)\]]*+[ \t]++(?=[\"“‘(\[]?[0-9A-ZÀ-Þ])|\n+")
_WORD_BEFORE_STOP = re.compile(r"([\w.]+)$")
# Abbreviations whose full stop rarely ends a sentence in this kind of copy.
_ABBREVIATIONS = {
    "mr", "ms", "mrs", "dr", "st", "gen", "lt", "col", "maj", "capt", "sgt", "no", "vs", "jan", "feb",
    "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec", "amb", "gov", "sen", "rep", "prof", "rev",
}  # fmt: skip
# After "U.S." or a similar dotted abbreviation, only these words start a new sentence.
_SENTENCE_OPENERS = {
    "He", "She", "It", "They", "We", "The", "This", "That", "These", "Those", "In", "On", "At",
    "But", "And", "A", "An", "Our", "Its", "Their", "His", "Her", "There", "However", "Meanwhile",
}  # fmt: skip


def _sentence_starts(text: str, inside_quote, deadline=NO_DEADLINE) -> list[int]:
    """Offsets where sentences start, in order, always beginning with 0.

    A stop inside a quotation does not end the sentence that frames it ('He said, "It is tense.
    How did this happen?"' is one sentence for attribution), and "U.S." or "Mr." end one only
    when what follows plainly starts a new sentence.
    """
    starts = [0]
    for stop in _SENTENCE_END.finditer(text):
        deadline.tick()
        pos = stop.end()
        if pos >= len(text) or inside_quote(pos):
            continue
        if stop.group()[0] == "." and not _ends_sentence_after_stop(text, stop.start(), pos):
            continue
        starts.append(pos)
    return starts


def _ends_sentence_after_stop(text: str, stop_at: int, next_at: int) -> bool:
    """Whether a full stop at `stop_at` is a sentence end rather than an abbreviation's."""
    word = _WORD_BEFORE_STOP.search(text, max(0, stop_at - 12), stop_at)
    if word is None:
        return True
    token = word.group(1)
    if token.lower() in _ABBREVIATIONS:
        return False
    if "." in token or (len(token) == 1 and token.isupper()):
        following = re.match(r"[\"“]|\w+", text[next_at : next_at + 20])
        return following is not None and (following.group() in _SENTENCE_OPENERS or following.group() in '"“')
    return True
