"""Names: how the extractor compares them, and which words can be one.

`normalise_name` gives the key every comparison uses; the country tables (built from
`demonyms`) turn "the U.S." or "North Korean" into an alpha-3 code and back; `_KnownIndex`
holds the caller's known speakers under every form of their name; and the patterns for
capitalised words, with the list of words that are never names (titles, places, weekdays,
sentence openers), decide which words may belong to a person's name. The stages that find and
resolve mentions look names up here.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

from statements.extraction import demonyms
from statements.extraction.datatypes import KnownSpeaker

# --------------------------------------------------------------------------------------------
# Comparing names, and countries


@functools.lru_cache(maxsize=65536)
def normalise_name(value: str) -> str:
    """A key for comparing names: no accents, one kind of apostrophe, case-folded, single spaces.

    Cached because the same capitalised words recur throughout an article and a corpus.
    """
    decomposed = unicodedata.normalize("NFKD", value)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = plain.replace("’", "'").replace("‘", "'")
    return " ".join(plain.casefold().split())


_COUNTRY_NOUNS = {normalise_name(form): code for form, code in demonyms.name_forms().items()}
_COUNTRY_ADJECTIVES = {normalise_name(form): code for form, code in demonyms.demonym_forms().items()}
_COUNTRY_DISPLAY = demonyms.country_names()
_ORGANISATIONS = {normalise_name(form) for form in demonyms.ORGANISATIONS}
_ORGANISATION_LAST_WORDS = {key.split()[-1] for key in _ORGANISATIONS if " " in key}
# Organisations and bodies that speak as such ("UNICEF warned", "the IAEA said", "the Security Council
# condemned"); the UN itself is left out, since "UN" opens so many names ("UN envoy") without speaking.
_SPEAKING_ORGANISATIONS = (_ORGANISATIONS | {"security council", "general assembly"}) - {
    normalise_name(form) for form in ("UN", "U.N.", "United Nations")
}
_ORGANISATION_FIRST_WORDS = {key.split()[0] for key in _SPEAKING_ORGANISATIONS if " " in key}
# Longest country phrase in words, to bound the look-ups made for each capitalised sequence.
_MAX_COUNTRY_WORDS = max(len(key.split()) for key in (*_COUNTRY_NOUNS, *_COUNTRY_ADJECTIVES))
# First and last words of the country phrases longer than one word: a longer look-up is only
# worth making from a word that can start one, or back to a word that can end one.
_COUNTRY_FIRST_WORDS = {key.split()[0] for key in (*_COUNTRY_NOUNS, *_COUNTRY_ADJECTIVES) if " " in key}
_COUNTRY_LAST_WORDS = {key.split()[-1] for key in (*_COUNTRY_NOUNS, *_COUNTRY_ADJECTIVES) if " " in key}


def country_name(code: str | None) -> str | None:
    """The common English name for an alpha-3 code; pycountry covers codes the table lacks."""
    if code is None:
        return None
    if code in _COUNTRY_DISPLAY:
        return _COUNTRY_DISPLAY[code]
    try:
        import pycountry
    except ImportError:  # pragma: no cover - pycountry is a project dependency
        return None
    found = pycountry.countries.get(alpha_3=code)
    return getattr(found, "common_name", None) or getattr(found, "name", None)


def country_code(name: str) -> str | None:
    """The alpha-3 code for a country as news copy names it ("U.S.", "the Kremlin", "North Korean")."""
    words = name.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    key = normalise_name(" ".join(words))
    return _COUNTRY_NOUNS.get(key) or _COUNTRY_ADJECTIVES.get(key)


def _government_name(surface: str) -> str:
    """The country as the text names it, without a leading article ("The U.S." → "U.S.")."""
    words = surface.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    return " ".join(words)


# --------------------------------------------------------------------------------------------
# Known speakers


class _KnownIndex:
    """The known speakers by every form of their name the text may use.

    Forms: the full name, each alias, and the reversed order of any two-word form ("Song Kim"
    and "Kim Song"; Korean and Chinese names appear both ways in English copy). Surnames are
    kept apart because a surname alone only counts once the person was named in full.
    """

    def __init__(self, known: Iterable[KnownSpeaker]):
        self.forms: dict[str, KnownSpeaker] = {}
        self.surnames: dict[int, set[str]] = {}
        # words that can start a longer phrase: a country's, an organisation's, a known speaker's name
        self.first_words: set[str] = _COUNTRY_FIRST_WORDS | _ORGANISATION_FIRST_WORDS
        self.max_words = 1
        for speaker in known:
            self._add(speaker)

    def _add(self, speaker: KnownSpeaker) -> None:
        surnames = self.surnames.setdefault(speaker.id, set())
        for name in (speaker.full_name, *speaker.aliases):
            words = normalise_name(name).split()
            if not words:
                continue
            self.forms.setdefault(" ".join(words), speaker)
            self.first_words.add(words[0])
            if len(words) == 2:
                self.forms.setdefault(f"{words[1]} {words[0]}", speaker)
                self.first_words.add(words[1])
            if len(words) >= 2:
                surnames.add(words[-1])
            self.max_words = max(self.max_words, len(words))


# --------------------------------------------------------------------------------------------
# Words of a person's name


_UPPER = "".join(ch for ch in map(chr, range(0x41, 0x250)) if ch.isupper())
# A capitalised word: "Nebenzya", "Thomas-Greenfield", "O'Brien", "Jong-un", or a dotted
# abbreviation ("U.S."). A possessive "'s" is left out of the word.
_WORD = rf"(?:(?:[A-Z]\.){{2,}}|[{_UPPER}](?:[^\W\d_]|[-'’](?![sS]\b)(?=[^\W\d_]))*)"
_PARTICLES = ("de", "da", "del", "della", "der", "di", "du", "dos", "das", "van", "von", "la", "le", "bin", "ibn")
_LINKS = ("of", "and", "the", *_PARTICLES)
_CAPITALISED_SEQUENCE = re.compile(
    rf"(?<![^\W_]){_WORD}(?:(?:[ \t]+(?:(?:{'|'.join(_LINKS)})[ \t]+)*|['’]s[ \t]+){_WORD})*"
)
_SEQUENCE_TOKEN = re.compile(rf"{_WORD}|['’]s\b|\b(?:{'|'.join(_LINKS)})\b")
_PARTICLE_SET = set(_PARTICLES)
_LINK_SET = {*_LINKS, "'s", "’s"}

# Capitalised words that are never part of a person's name in this kind of copy.
_NOT_NAMES = {
    # titles and honorifics
    "Ambassador", "Deputy", "Permanent", "Representative", "Minister", "Foreign", "President", "Prime",
    "Secretary", "Secretary-General", "Under-Secretary-General", "General", "Envoy", "Special", "Spokesperson",
    "Spokesman", "Spokeswoman", "Leader", "Chancellor", "Premier", "King", "Queen", "Prince", "Princess",
    "Mr", "Ms", "Mrs", "Dr", "Sir", "Dame", "Lord", "Senator", "Vice", "Chief", "Acting", "Senior", "Top",
    "Counsellor", "Coordinator", "Director", "Chair", "Chairman", "Chairwoman", "Commissioner", "High",
    "Rapporteur", "Delegate", "Diplomat", "Head", "Spokesmen", "Officials", "Official", "Mission", "Embassy",
    # institutions and places
    "Council", "Security", "Assembly", "Nations", "United", "States", "Kingdom", "Union", "European", "Republic",
    "Democratic", "People", "Peninsula", "Korean", "Korea", "North", "South", "East", "West", "Middle", "Ministry",
    "Affairs", "Defence", "Defense", "State", "Department", "House", "White", "Office", "Agency", "Committee",
    "Commission", "Court", "Sea", "Ocean", "Gulf", "Strait", "New", "York", "Geneva", "Headquarters", "Kremlin",
    "Pentagon", "Parliament", "Congress", "Senate", "Government", "Charter", "Treaty", "Agreement", "Resolution",
    "Western", "Eastern", "Northern", "Southern", "Asia", "Asian", "Africa", "African", "Europe", "Pacific",
    "Atlantic", "Arctic", "Indo-Pacific", "Black", "Red", "Caribbean", "Latin", "America", "Americas",
    "UN", "U.N.", "EU", "NATO", "DPRK", "IAEA", "AU", "ASEAN", "OSCE", "G7", "BRICS",
    # weekdays and months
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February",
    "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    # function words and common sentence openers
    "The", "A", "An", "In", "On", "At", "By", "For", "But", "And", "Or", "If", "As", "After", "Before", "While",
    "When", "Although", "Though", "Speaking", "According", "This", "That", "These", "Those", "It", "Its", "He",
    "She", "We", "They", "Our", "His", "Her", "Their", "I", "You", "Meanwhile", "However", "Asked", "Earlier",
    "Later", "Separately", "Addressing", "Responding", "Despite", "During", "Following", "Under", "With",
    "Without", "Ahead", "Also", "Both", "Many", "Some", "Several", "Other", "Others", "No", "Not", "Any", "All",
    "Each", "Every", "Such", "There", "Here", "Then", "Yet", "So", "Still", "Instead", "Since", "Until",
    "Unlike", "Like", "Amid", "Among", "Across", "Against", "Over", "From", "To", "Of", "Into", "Today",
    "Yesterday", "Tomorrow", "Last", "Next", "What", "Why", "How", "Who", "Where", "Which", "Whether",
    "Nothing", "Everyone", "Nobody", "Someone", "Let", "Thank", "Yes", "Neither", "Either", "One",
    "Two", "Three", "Diplomats", "Analysts", "Experts", "Observers", "Critics", "Members", "Council's",
    "Statement", "Report", "Press", "Release", "Reuters", "Associated", "Agence", "Xinhua", "TASS", "Yonhap",
    "Internet", "Covid-19", "COVID-19", "Christmas", "Easter", "Ramadan",
    # groups, bodies and places that news copy makes the subject of a verb
    "Strip", "Bank", "Heights", "Valley", "Province", "Region", "City", "Plan", "Action", "Programme", "Program",
    "Fund", "Organization", "Organisation", "Forces", "Force", "Army", "Movement", "Front", "Party", "Group",
    "Coalition", "Alliance", "Initiative", "Centre", "Center", "Institute", "Foundation", "University",
    "Hamas", "Hezbollah", "Houthis", "Houthi", "Taliban", "ISIL", "ISIS", "Da'esh", "Daesh", "Al-Shabaab",
    "Gaza", "Twitter", "Facebook", "Telegram", "Muslims", "Christians", "Jews", "Arabs", "Kurds", "Rohingya",
}  # fmt: skip
_NOT_NAMES_FOLDED = {normalise_name(word) for word in _NOT_NAMES}


def _looks_like_name_word(word: str) -> bool:
    """Capitalised, not a title or function word, not an acronym like "UN" or "DPRK"."""
    if word in _NOT_NAMES:
        return False
    if len(word) > 1 and (word.isupper() or "." in word):
        return False
    key = normalise_name(word)
    return key not in _NOT_NAMES_FOLDED and key not in _COUNTRY_NOUNS and key not in _COUNTRY_ADJECTIVES


def _word_before(text: str, pos: int, skip_stop: bool = False) -> tuple[str, int]:
    """The word ending just before `pos` (past spaces, and a full stop if asked), lower-cased, and its start.

    Read by hand rather than with a regex searched backwards, which would try every offset.
    """
    end = pos
    while end > 0 and text[end - 1] in " \t":
        end -= 1
    if skip_stop and end > 0 and text[end - 1] == ".":
        end -= 1
    start = end
    while start > 0 and end - start < 20 and text[start - 1].isalpha():
        start -= 1
    return text[start:end].lower(), start
