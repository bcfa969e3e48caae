"""Finding the passage of a speech that a news quote renders.

News agencies quote from the interpretation, trim, and translate differently, so an exact
substring test finds little. The passage is the window of the speech, as many words long as the
quote, that shares the most words with it (counting repeats, ignoring case, punctuation and the
shape of quotation marks and dashes), trimmed to its first and last shared word.
"""

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

WORD = re.compile(r"\w+(?:['’]\w+)*")

# At or above this share of the quote's words, the passage is the one quoted, in other words.
DIFFERS_AT = 0.6


@dataclass(frozen=True)
class Passage:
    start: int  # offsets in the speech's text
    end: int
    score: float  # the share of the quote's words found in the passage, 0 to 1
    exact: bool  # the quote's words, in order, are the passage's words


def words(text):
    """(normalised word, start, end) for each word of `text`."""
    folded = unicodedata.normalize("NFKC", text)
    if len(folded) != len(text):
        # Offsets must point into the original: fold character by character instead.
        folded = "".join(unicodedata.normalize("NFKC", char)[:1] or char for char in text)
    return [
        (match.group().casefold().replace("’", "'"), match.start(), match.end()) for match in WORD.finditer(folded)
    ]


def find_passage(quote, speech):
    """The best passage of `speech` for `quote`, or None when they share no word.

    Linear in the speech's length: the window slides one word at a time, updating its counts.
    """
    quoted = [word for word, _, _ in words(quote)]
    spoken = words(speech)
    if not quoted or not spoken:
        return None
    wanted = Counter(quoted)
    size = min(len(quoted), len(spoken))
    window = Counter(word for word, _, _ in spoken[:size])
    shared = sum(min(count, window[word]) for word, count in wanted.items())
    best, best_at = shared, 0
    for at in range(1, len(spoken) - size + 1):
        leaving, entering = spoken[at - 1][0], spoken[at + size - 1][0]
        if window[leaving] <= wanted[leaving]:
            shared -= 1
        window[leaving] -= 1
        window[entering] += 1
        if window[entering] <= wanted[entering]:
            shared += 1
        if shared > best:
            best, best_at = shared, at
    if best == 0:
        return None
    inside = spoken[best_at : best_at + size]
    hits = [i for i, (word, _, _) in enumerate(inside) if word in wanted]
    first, last = inside[hits[0]], inside[hits[-1]]
    exact = best == len(quoted) and [word for word, _, _ in inside] == quoted
    return Passage(start=first[1], end=last[2], score=best / len(quoted), exact=exact)
