"""Speaker labels of a verbatim record: "Mr. Nebenzia (Russian Federation) (spoke in Russian):".

A turn opens with a label at the start of a paragraph, ended by a colon. A label is either an
office ("The President", "The Secretary-General") or an honorific followed by a name of
capitalised words, then optionally the party and the language in parentheses. Everything else
that ends in a colon ("I have three points:", "In favour:") is not a label: its first word is
neither "The" with an office nor an honorific, or its words are not a name's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pycountry

HONORIFICS = (
    "Mr",
    "Mrs",
    "Ms",
    "Mme",
    "Mlle",
    "Miss",
    "Messrs",
    "Dame",
    "Sir",
    "Lord",
    "Lady",
    "Baroness",
    "Baron",
    "Sheikh",
    "Sheikha",
    "Shaikh",
    "Crown Prince",
    "Prince",
    "Princess",
    "Archbishop",
    "Monsignor",
    "Msgr",
    "Mgr",
    "Cardinal",
    "Bishop",
    "Father",
    "Reverend",
    "Rev",
    "Dr",
    "Professor",
    "Prof",
    "Judge",
    "Justice",
    "General",
    "Lieutenant General",
    "Major General",
    "Brigadier General",
    "Admiral",
    "Ambassador",
    "His Excellency",
    "Her Excellency",
    "His Royal Highness",
    "Her Royal Highness",
    "His Majesty",
    "Her Majesty",
    "His Highness",
    "Her Highness",
    "King",
    "Queen",
    "Emir",
    "Sultan",
    "President",
    "Vice-President",
    "Prime Minister",
    "Deputy Prime Minister",
    "Minister",
    "Senator",
    "Ayatollah",
    "Imam",
    "Rabbi",
    "Datuk",
    "Dato'",
    "Dato",
    "Tan Sri",
    "Count",
    "Countess",
)

# Offices that stand alone after "The": "The President", "The Acting President", "The Secretary-General".
OFFICE_WORDS = ("President", "Secretary", "Chair", "Chef", "Prosecutor", "Commissioner", "Registrar", "Director")

# Lower-case words that may sit inside a name: "Lord Ahmad of Wimbledon", "Mr. de Rivière".
PARTICLES = frozenset(
    "de da das do dos del della der di du la le van von den bin ben ibn al el y e ter zu af of "
    "d' al- el- bint abu".split()
)

_HONORIFIC = "|".join(re.escape(h) + (r"\.?" if not h.endswith("'") else "") for h in HONORIFICS)
_WORD = r"[^\W\d_][\w'’.\-]*"
# Parentheses hold a party ("(Iran (Islamic Republic of))", one level of nesting) or a language.
_PARENS = r"\((?!spoke\b|speaks\b|interpretation\b|translated\b|interpreted\b)(?P<party>[^()]*(?:\([^()]*\)[^()]*)?)\)"
_LANGUAGE = (
    r"\((?:spoke|speaks|interpretation\s+from|interpreted\s+from|translated\s+from)\s+(?:in\s+)?"
    r"(?P<language>[^\W\d_]+)\)"
)
LABEL = re.compile(
    rf"""
    (?:\d{{1,4}}\.\s+)?  # an older record's paragraph number: "1. The PRESIDENT:"
    (?P<label>
      (?P<who>
          (?i:the)\s+(?P<office>{_WORD}(?:\s+{_WORD}){{0,5}}?)
        | (?P<honorific>(?i:{_HONORIFIC}))\s+(?P<name>{_WORD}(?:\s+{_WORD}){{0,7}}?)
      )
      (?:\s*{_PARENS})?
      (?:\s*{_LANGUAGE})?
    )
    \s*:\s*
    """,
    re.VERBOSE,
)


@dataclass
class Label:
    label: str  # as printed, without the colon, on one line
    name: str  # "Mr. Nebenzia", "The President"
    party_text: str  # what the parentheses hold: "Russian Federation", "" when none
    language: str  # ISO 639-1 of "(spoke in …)"; "" when the label gives none
    office: str  # "President", "Secretary-General", … for "The …" labels; "" for a name
    end: int  # where the speech starts in the paragraph: after the colon and its spaces


def match_label(paragraph: str) -> Label | None:
    """The speaker label that opens `paragraph`, or None."""
    match = LABEL.match(paragraph)
    if match is None:
        return None
    if match.group("office") is not None:
        office = " ".join(match.group("office").split())
        if not _is_office(office):
            return None
        name = "The " + office
    else:
        words = match.group("name").split()
        if not _is_name(words):
            return None
        honorific = " ".join(match.group("honorific").split())
        name = f"{honorific} {' '.join(words)}"
    language_name = match.group("language") or ""
    language = language_code(language_name) if language_name else ""
    return Label(
        label=" ".join(match.group("label").split()),
        name=name,
        party_text=" ".join((match.group("party") or "").split()),
        language=language,
        office=" ".join(match.group("office").split()) if match.group("office") else "",
        end=match.end(),
    )


def _is_office(office: str) -> bool:
    words = office.split()
    if not words[-1][0].isupper():
        return False
    if any(not (w[0].isupper() or w in ("of", "the", "for")) for w in words):
        return False
    return any(word.casefold() in office.casefold() for word in OFFICE_WORDS)


def _is_name(words: list[str]) -> bool:
    if not words[-1][0].isupper() or words[-1].endswith(","):
        return False
    for word in words:
        if word[0].isupper():
            continue
        lowered = word.lower()
        if lowered in PARTICLES or lowered.startswith(("al-", "el-", "d'", "d’", "bin-", "ibn-", "ould-")):
            continue
        return False
    return True


LANGUAGE_ALIASES = {
    "english": "en",
    "french": "fr",
    "spanish": "es",
    "russian": "ru",
    "chinese": "zh",
    "arabic": "ar",
    "farsi": "fa",
    "persian": "fa",
    "kiswahili": "sw",
    "swahili": "sw",
    "portuguese": "pt",
    "german": "de",
    "ukrainian": "uk",
    "hebrew": "he",
    "greek": "el",
}


def language_code(name: str) -> str:
    """ISO 639-1 for a language's English name ("Russian" → "ru"); "" when unknown."""
    key = name.strip().lower()
    if key in LANGUAGE_ALIASES:
        return LANGUAGE_ALIASES[key]
    found = pycountry.languages.get(name=key.capitalize())
    return getattr(found, "alpha_2", "") if found is not None else ""
