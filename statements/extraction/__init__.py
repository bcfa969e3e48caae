"""Find quotations and reported speech in news articles about diplomats, and who said them.

The extractor is rule-based on purpose. The articles this project imports are wire reports and
UN press releases, whose attribution grammar is narrow and regular ('"…," Nebenzya said';
'Chinese Deputy Ambassador to the UN, Geng Shuang, stated, "…"'). Rules run fast, need no model
download, and every decision can be explained to the editor who reviews the candidates.

`extract()` makes one pass per stage, each linear in the length of the text:

1. quotation spans, paragraph by paragraph (`_find_quotes`);
2. sentence starts, ignoring full stops inside quotations (`_sentence_starts`);
3. mentions of possible speakers: people, titles, pronouns, governments (`_find_mentions`);
4. those mentions resolved in reading order (`_Resolver`), so that "he", "the Chinese envoy" or a
   bare surname point back at someone already named;
5. each quotation attributed, and labels and document titles dropped (`_Attributor`);
6. sentences of reported speech reported as paraphrases (`_paraphrases`).

Later stages look things up by offset with `bisect` in the sorted lists the earlier ones made,
so nothing rescans the text from its start for each quotation.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from statements.extraction import demonyms

DIRECT = "direct"
PARAPHRASE = "paraphrase"


@dataclass(frozen=True)
class KnownSpeaker:
    """A delegate already in the database, passed in as plain data."""

    id: int
    full_name: str
    aliases: tuple[str, ...] = ()
    country: str | None = None


@dataclass
class Candidate:
    """One statement the extractor proposes; `text[start:end] == quote` always holds."""

    quote: str
    start: int
    end: int
    kind: str
    speaker: str | None = None
    delegate: int | None = None
    country: str | None = None
    country_name: str | None = None
    role: str | None = None
    confidence: float = 0.0

    def as_dict(self) -> dict:
        return {
            "quote": self.quote,
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "speaker": self.speaker,
            "delegate": self.delegate,
            "country": self.country,
            "country_name": self.country_name,
            "role": self.role,
            "confidence": self.confidence,
        }


# --------------------------------------------------------------------------------------------
# Names and countries


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


class _KnownIndex:
    """The known speakers by every form of their name the text may use.

    Forms: the full name, each alias, and the reversed order of any two-word form ("Song Kim"
    and "Kim Song"; Korean and Chinese names appear both ways in English copy). Surnames are
    kept apart because a surname alone only counts once the person was named in full.
    """

    def __init__(self, known: Iterable[KnownSpeaker]):
        self.forms: dict[str, KnownSpeaker] = {}
        self.surnames: dict[int, set[str]] = {}
        self.first_words: set[str] = set(_COUNTRY_FIRST_WORDS)  # words that can start a longer phrase
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
# Stage 1: quotation spans


@dataclass
class _Quote:
    """A stretch of text between quotation marks (or from an opening mark to the paragraph end)."""

    open: int  # offset of the opening mark
    close: int  # offset of the closing mark, or of the paragraph end when unclosed
    start: int  # the quoted words, trimmed
    end: int
    open_ended: bool  # the paragraph ended before a closing mark (wire style, continued below)
    continues: int | None  # index of the unclosed quotation this one carries on
    had_comma: bool  # a comma before the closing mark, which links it to an attribution after it


_QUOTE_MARKS = re.compile(r'["“”\n]')


def _find_quotes(text: str) -> list[_Quote]:
    """Quotation spans in order. Paragraphs (lines) bound them, so one missing mark costs one paragraph.

    Straight marks toggle; curly marks nest, so a straight or curly inner quotation inside curly
    marks stays part of the outer one. Single marks are never treated as quotation marks at the top
    level: they double as apostrophes ("last week’s") and only ever quote inside a quotation here.
    """
    quotes: list[_Quote] = []
    open_at = None
    curly = False
    depth = 0
    paragraph_start = 0
    pending = None  # index of an unclosed quotation from the previous paragraph
    for mark in _QUOTE_MARKS.finditer(text):
        char, pos = mark.group(), mark.start()
        if char == "\n":
            if open_at is not None:
                _add_quote(text, quotes, open_at, pos, True, _continuation(text, pending, paragraph_start, open_at))
                pending = len(quotes) - 1 if quotes and quotes[-1].open == open_at else None
                open_at = None
            elif text[paragraph_start:pos].strip():
                pending = None
            paragraph_start = pos + 1
            continue
        if open_at is None:
            if char == "”":
                continue  # a stray closing mark: nothing was opened
            open_at, curly, depth = pos, char == "“", 1
        elif curly:
            depth += 1 if char == "“" else -1 if char == "”" else 0
            if depth == 0:
                _add_quote(text, quotes, open_at, pos, False, _continuation(text, pending, paragraph_start, open_at))
                open_at = None
        elif char in '"”':
            _add_quote(text, quotes, open_at, pos, False, _continuation(text, pending, paragraph_start, open_at))
            open_at = None
    if open_at is not None:
        _add_quote(text, quotes, open_at, len(text), True, _continuation(text, pending, paragraph_start, open_at))
    return quotes


def _continuation(text: str, pending: int | None, paragraph_start: int, open_at: int) -> int | None:
    """The unclosed quotation this one continues, when it opens its paragraph right after one."""
    if pending is None or text[paragraph_start:open_at].strip():
        return None
    return pending


def _add_quote(text, quotes, open_at, close_at, open_ended, continues) -> None:
    """Trim the inside of the marks and keep it unless empty.

    A comma just inside the closing mark belongs to the attribution grammar ('"We reject this,"
    he said'), not to the statement, so it is cut; sentence-final punctuation is kept.
    """
    start, end = open_at + 1, close_at
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    had_comma = end > start and text[end - 1] == ","
    # '"… technology,'" Kariuki said': the comma sits inside an inner quotation but still links
    # the outer one to the attribution after it. It stays, as part of the inner quotation.
    inner_comma = end - start > 1 and text[end - 1] in "'’" and text[end - 2] == ","
    if had_comma:
        end -= 1
        while end > start and text[end - 1].isspace():
            end -= 1
    if end > start:
        quotes.append(_Quote(open_at, close_at, start, end, open_ended, continues, had_comma or inner_comma))


# --------------------------------------------------------------------------------------------
# Stage 2: sentences

_SENTENCE_END = re.compile(r"[.!?…]+[\"”’)\]]*[ \t]+(?=[\"“‘(\[]?[0-9A-ZÀ-Þ])|\n+")
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


def _sentence_starts(text: str, inside_quote) -> list[int]:
    """Offsets where sentences start, in order, always beginning with 0.

    A stop inside a quotation does not end the sentence that frames it ('He said, "It is tense.
    How did this happen?"' is one sentence for attribution), and "U.S." or "Mr." end one only
    when what follows plainly starts a new sentence.
    """
    starts = [0]
    for stop in _SENTENCE_END.finditer(text):
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


# --------------------------------------------------------------------------------------------
# Stage 3: mentions of possible speakers

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
}  # fmt: skip
_NOT_NAMES_FOLDED = {normalise_name(word) for word in _NOT_NAMES}

PERSON = "person"
SURNAME = "surname"
TITLE = "title"
PRONOUN = "pronoun"
COUNTRY = "country"
GROUP = "group"
_PERSON_KINDS = (PERSON, SURNAME, TITLE, PRONOUN)


@dataclass
class _Mention:
    """A phrase that may be who spoke: a name, a title, a pronoun or a government."""

    start: int
    end: int
    kind: str
    surface: str
    name: str | None = None
    known: KnownSpeaker | None = None
    country: str | None = None
    role: str | None = None
    honorific: bool = False
    gender: str | None = None  # "m" or "f", from "he"/"she" or "Mr."/"Ms."
    subject: bool = False  # followed by a verb it is the subject of
    verb: str | None = None  # that verb's lemma
    verb_end: int = -1
    salient: bool = False  # a subject, or named right after a speech verb
    referent: _Entity | None = None


@dataclass
class _Entity:
    """Whom a speaker field is filled from: a person, a government, or a title with no name."""

    kind: str  # "person", "government" or "role"
    name: str | None
    delegate: int | None = None
    country: str | None = None
    role: str | None = None
    gender: str | None = None  # learnt from an honorific or a pronoun that pointed here


def _looks_like_name_word(word: str) -> bool:
    """Capitalised, not a title or function word, not an acronym like "UN" or "DPRK"."""
    if word in _NOT_NAMES:
        return False
    if len(word) > 1 and (word.isupper() or "." in word):
        return False
    key = normalise_name(word)
    return key not in _NOT_NAMES_FOLDED and key not in _COUNTRY_NOUNS and key not in _COUNTRY_ADJECTIVES


_GOVERNMENT_NOUN = re.compile(
    r"(?:['’]s)?[ \t]+(?i:government|foreign[ \t]+ministry|ministry[ \t]+of[ \t]+foreign[ \t]+affairs|"
    r"state[ \t]+department|defen[cs]e[ \t]+ministry|foreign[ \t]+office|"
    r"mission|delegation|embassy|officials?|diplomats?|authorities|side|leadership|administration)\b"
    # "Iran's mission to the United Nations said …": the mission's address belongs to it.
    r"(?:[ \t]+(?:to|at)[ \t]+the[ \t]+(?:United[ \t]+Nations|UN|U\.N\.)(?![\w.]))?"
)
_HONORIFICS = {"mr", "ms", "mrs", "dr", "mme", "madam"}
_FEMALE_HONORIFICS = {"ms", "mrs", "mme", "madam"}


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


def _sequence_mentions(text: str, sequence: re.Match, known: _KnownIndex) -> list[_Mention]:
    """Names and countries inside one run of capitalised words ("Russian Ambassador Vasily Nebenzya")."""
    word = sequence.group()
    if " " in word or "\t" in word or "'s" in word or "’s" in word:
        found = _SEQUENCE_TOKEN.finditer(text, sequence.start(), sequence.end())
        tokens = [(t.group(), t.start(), t.end()) for t in found]
    else:  # one word, by far the most common case: no need to split it
        tokens = [(word, sequence.start(), sequence.end())]
    mentions = []
    i = 0
    while i < len(tokens):
        word = tokens[i][0]
        if word in _LINK_SET:
            i += 1
            continue
        found = _lookup_phrase(text, tokens, i, known)
        if found is not None:
            mentions.append(found)
            while i < len(tokens) and tokens[i][1] < found.end:
                i += 1
            continue
        if not _looks_like_name_word(word):
            i += 1
            continue
        last = _extend_person_run(tokens, i)
        mentions.append(_name_mention(text, tokens[i][1], tokens[last][2]))
        i = last + 1
    return mentions


def _extend_person_run(tokens, first: int) -> int:
    """Index of the last word of a personal name starting at `first` (at most four name words)."""
    last = first
    words = 1
    j = first + 1
    while j < len(tokens) and words < 4:
        word = tokens[j][0]
        if word in _PARTICLE_SET:
            j += 1
            continue
        if word in _LINK_SET or not _looks_like_name_word(word):
            break
        last = j
        words += 1
        j += 1
    return last


def _name_mention(text: str, start: int, end: int) -> _Mention:
    """A person (two words or more) or a lone capitalised word that may be a surname."""
    surface = text[start:end]
    if " " in surface or "\t" in surface:
        return _Mention(start, end, PERSON, surface, name=surface)
    before = _word_before(text, start, skip_stop=True)[0]
    gender = "m" if before == "mr" else "f" if before in _FEMALE_HONORIFICS else None
    return _Mention(start, end, SURNAME, surface, name=surface, honorific=before in _HONORIFICS, gender=gender)


def _lookup_phrase(text: str, tokens, i: int, known: _KnownIndex) -> _Mention | None:
    """The longest known speaker or country starting at token `i`, as a mention."""
    # Links ("of", "'s") are tokens too, hence the margin over the longest phrase in words.
    limit = min(len(tokens), i + max(known.max_words, _MAX_COUNTRY_WORDS) + 2)
    if normalise_name(tokens[i][0]) not in known.first_words:
        limit = i + 1
    for j in range(limit, i, -1):
        if tokens[j - 1][0] in _LINK_SET:
            continue
        start, end = tokens[i][1], tokens[j - 1][2]
        key = normalise_name(text[start:end])
        speaker = known.forms.get(key)
        if speaker is not None:
            return _Mention(start, end, PERSON, text[start:end], name=text[start:end], known=speaker)
        country = _country_mention(text, start, end, key)
        if country is not None:
            return country
    return None


def _country_mention(text: str, start: int, end: int, key: str) -> _Mention | None:
    """A government: a country's name ("Russia", "the U.S.") or a demonym before "government" and the like."""
    code = _COUNTRY_NOUNS.get(key)
    if code is None and key not in _COUNTRY_ADJECTIVES:
        return None
    government = _GOVERNMENT_NOUN.match(text, end)
    if code is not None:
        if government is not None:
            return _Mention(start, government.end(), COUNTRY, text[start:end], country=code)
        return _Mention(start, end, COUNTRY, text[start:end], country=code)
    code = _COUNTRY_ADJECTIVES.get(key)
    if code is not None and government is not None and not government.group().startswith(("'", "’")):
        return _Mention(start, government.end(), COUNTRY, country_name(code) or text[start:end], country=code)
    return None


# Titles are found from their head noun outwards, because the words around it vary freely:
# "Russian Ambassador to the UN, Vasily Nebenzya", "Robert Wood, Deputy U.S. Ambassador to the UN",
# "China's deputy ambassador", "the Chinese envoy", "Secretary-General António Guterres".
_ROLE = re.compile(
    r"(?<![\w-])(?i:under-secretary-general|secretary-general|high[ \t]+representative|high[ \t]+commissioner|"
    r"permanent[ \t]+representative|chargé[ \t]+d['’]affaires|ambassador|envoy|representative|minister|"
    r"vice-president|president|secretary|spokesperson|spokesman|spokeswoman|leader|premier|chancellor|"
    r"diplomat|delegate|negotiator|counsell?or|coordinator|rapporteur|chief)(?![\w-])"
)
_TITLE_MODIFIERS = {
    "deputy", "permanent", "acting", "special", "senior", "chief", "top", "foreign", "defence", "defense",
    "prime", "vice", "first", "alternate", "former", "outgoing", "interim", "ministry", "affairs", "state",
    "department", "presidential", "government", "nuclear", "lead", "political", "humanitarian", "assistant",
}  # fmt: skip
_TITLE_TAIL = re.compile(
    r"(?:[ \t]+(?:to|at)[ \t]+the[ \t]+(?:UN|U\.N\.|United[ \t]+Nations|Security[ \t]+Council|European[ \t]+Union)"
    r"|[ \t]+(?:of|for)[ \t]+(?:State|Foreign[ \t]+Affairs|Political[ \t]+(?:and[ \t]+Peacebuilding[ \t]+)?Affairs"
    r"|Disarmament[ \t]+Affairs|Humanitarian[ \t]+Affairs|Defen[cs]e|Human[ \t]+Rights"
    r"|the[ \t]+(?:Security[ \t]+Council|General[ \t]+Assembly)))?"
)
_NAME_PHRASE = rf"{_WORD}(?:[ \t]+(?:(?:{'|'.join(_PARTICLES)})[ \t]+)*{_WORD}){{0,3}}"
_NAME_AFTER_TITLE = re.compile(rf",?[ \t]+(?P<name>{_NAME_PHRASE})")
_NAME_BEFORE_TITLE = re.compile(rf"(?<![^\W_])(?P<name>{_NAME_PHRASE}),[ \t]+$")
_LEFT_WORD = re.compile(r"[^\s]+")
_ARTICLES = {"the", "a", "an"}


def _strip_possessive(word: str) -> str:
    return word[:-2] if word.endswith(("'s", "’s")) else word


@dataclass
class _TitleLeft:
    """What stands before a title's head noun: modifiers, a country, an article."""

    start: int
    country: str | None
    modifiers: list[str]
    determined: bool  # "the …", "a …" or "China's …": a reference even without a name


def _title_mentions(text: str, inside_quote) -> list[_Mention]:
    mentions = []
    for role in _ROLE.finditer(text):
        if inside_quote(role.start()):
            continue
        mention = _parse_title(text, role)
        if mention is not None:
            mentions.append(mention)
    return mentions


def _parse_title(text: str, role: re.Match) -> _Mention | None:
    """A title with its person: name after it, name before it in an appositive, or the title alone."""
    left = _walk_title_left(text, role.start())
    tail = _TITLE_TAIL.match(text, role.end())
    title_end = tail.end()
    role_text = " ".join(" ".join([*left.modifiers, role.group()]).split() + text[role.end() : title_end].split())
    after = _NAME_AFTER_TITLE.match(text, title_end)
    name = _trim_name(after.group("name")) if after else None
    if name and _name_closes_appositive(text, after, name):
        name_start = after.start("name")
        return _titled(text, left.start, name_start + len(name), name, left.country, role_text)
    before = None
    if text[max(0, left.start - 3) : left.start].rstrip(" \t").endswith(","):
        before = _NAME_BEFORE_TITLE.search(text, max(0, left.start - 60), left.start)
    if before is not None:
        name = _trim_name_left(before.group("name"))
        if name:
            name_start = before.end("name") - len(name)
            return _titled(text, name_start, title_end, name, left.country, role_text)
    delegation = _delegation_of(text, role, title_end, left.start, role_text)
    if delegation is not None:
        return delegation
    if left.determined:
        surface = text[left.start : title_end]
        return _Mention(left.start, title_end, TITLE, surface, country=left.country, role=role_text)
    return None


_OF_COUNTRY = re.compile(
    r"[ \t]+of[ \t]+(?P<country>(?:the[ \t]+)?[A-Z][\w.'’-]*(?:[ \t]+(?:and[ \t]+|of[ \t]+)?[A-Z][\w.'’-]*){0,3})"
)
_DELEGATE_ROLES = {"representative", "ambassador", "envoy", "delegate"}


def _delegation_of(text: str, role: re.Match, title_end: int, start: int, role_text: str) -> _Mention | None:
    """'the representative of the Russian Federation': the delegation speaks, named by its country.

    UN meetings coverage names delegates this way throughout, and a pronoun after it points back
    to that delegate, so the mention stands for a person called by the country's name.
    """
    if role.group().lower().split()[-1] not in _DELEGATE_ROLES:
        return None
    found = _OF_COUNTRY.match(text, title_end)
    if found is None:
        return None
    words = found.group("country").split()
    while words:
        phrase = " ".join(words)
        code = country_code(phrase)
        if code is not None:
            end = found.start("country") + len(phrase)
            # "Deputy Permanent Representative of the United States Robert Wood": a name may follow.
            after = _NAME_AFTER_TITLE.match(text, end)
            person = _trim_name(after.group("name")) if after else None
            if person and _name_closes_appositive(text, after, person):
                return _titled(text, start, after.start("name") + len(person), person, code, role_text)
            name = _government_name(phrase)
            return _Mention(start, end, PERSON, name, name=name, country=code, role=role.group())
        words.pop()
    return None


def _name_closes_appositive(text: str, after: re.Match, name: str) -> bool:
    """After a comma ("Russian Ambassador to the UN, Vasily Nebenzya,") the name must be closed off.

    Without that check "Speaking after the U.S. envoy, Nebenzya said" would make Nebenzya the
    U.S. envoy; with it, only a name followed by a comma, a full stop or a bracket counts.
    """
    if not after.group().startswith(","):
        return True
    following = text[after.start("name") + len(name) : after.start("name") + len(name) + 1]
    return following in ("", ",", ".", ")", ";")


def _titled(text, start, end, name, country, role) -> _Mention:
    kind = PERSON if " " in name else SURNAME
    return _Mention(start, end, kind, text[start:end], name=name, country=country, role=role)


def _trim_name(name: str) -> str | None:
    """Cut a name after a title at the first word that cannot be part of a name."""
    kept = []
    for word in name.split():
        if word not in _PARTICLE_SET and not _looks_like_name_word(word):
            break
        kept.append(word)
    while kept and kept[-1] in _PARTICLE_SET:
        kept.pop()
    return " ".join(kept) or None


def _trim_name_left(name: str) -> str | None:
    """Drop leading words that cannot be part of a name ("Speaking Tuesday Robert Wood" → "Robert Wood")."""
    words = name.split()
    while words and (words[0] in _PARTICLE_SET or not _looks_like_name_word(words[0])):
        words.pop(0)
    if any(word not in _PARTICLE_SET and not _looks_like_name_word(word) for word in words):
        return None
    return " ".join(words) or None


def _walk_title_left(text: str, role_start: int) -> _TitleLeft:
    """Collect modifiers ("Deputy"), a country ("U.S.", "China's", "North Korean") and an article.

    Words are taken right to left while they are title words, each separated from the next by
    spaces only, so the walk never crosses a comma, a line or a sentence.
    """
    window_start = max(0, role_start - 60)
    words = [(w.group(), w.start()) for w in _LEFT_WORD.finditer(text, window_start, role_start)]
    start = role_start
    country = None
    determined = False
    modifiers: list[str] = []
    idx = len(words) - 1
    while idx >= 0:
        step = _title_word_at(text, words, idx, start)
        if step is None:
            break
        size, kind, code, possessive, phrase = step
        start = words[idx - size + 1][1]
        idx -= size
        if kind == "modifier":
            modifiers.insert(0, phrase)
        elif kind == "country" and country is None:
            country = code
        determined = determined or possessive
    article_end = words[idx][1] + len(words[idx][0]) if idx >= 0 else -1
    if idx >= 0 and words[idx][0].lower() in _ARTICLES and _only_spaces(text, article_end, start):
        start = words[idx][1]
        determined = True
    return _TitleLeft(start, country, modifiers, determined)


def _only_spaces(text: str, start: int, end: int) -> bool:
    return start <= end and not text[start:end].strip(" \t")


def _title_word_at(text, words, idx, right_edge):
    """The title word or country phrase (up to four words) ending at word `idx`, or None."""
    last_word = normalise_name(_strip_possessive(words[idx][0]))
    sizes = (4, 3, 2, 1) if last_word in _COUNTRY_LAST_WORDS or last_word in _ORGANISATION_LAST_WORDS else (1,)
    for size in sizes:
        first = idx - size + 1
        if first < 0:
            continue
        phrase_start = words[first][1]
        phrase_end = words[idx][1] + len(words[idx][0])
        if not _only_spaces(text, phrase_end, right_edge) or "\n" in text[phrase_start:phrase_end]:
            continue
        phrase = text[phrase_start:phrase_end]
        bare = _strip_possessive(phrase)
        possessive = bare != phrase
        key = normalise_name(bare)
        code = _COUNTRY_NOUNS.get(key) or _COUNTRY_ADJECTIVES.get(key)
        if code is not None:
            return size, "country", code, possessive, phrase
        if key in _ORGANISATIONS:
            return size, "organisation", None, possessive, phrase
        if size == 1 and not possessive and key in _TITLE_MODIFIERS:
            return size, "modifier", None, False, phrase
    return None


_PRONOUN = re.compile(r"\b(?:he|she|He|She)\b")


def _pronoun_mentions(text: str, inside_quote) -> list[_Mention]:
    return [
        _Mention(m.start(), m.end(), PRONOUN, m.group())
        for m in _PRONOUN.finditer(text)
        if not inside_quote(m.start())
    ]


# UN press releases open a speaker's paragraph with the name in capitals and the delegation in
# brackets: "VASSILY NEBENZIA (Russian Federation) said …"; in running text the name is in mixed
# case: "Mr. Nebenzia (Russian Federation) said …".
_BRACKETED_DELEGATION = re.compile(r"[ \t]*\((?P<country>[^()\n]{2,60})\)")
_CAPITALS_NAME = re.compile(
    r"^[ \t]*(?:(?P<honorific>Mr|Ms|Mrs|Mme|Dr)\.?[ \t]+)?"
    r"(?P<name>[A-ZÀ-Þ][A-ZÀ-Þ'’-]+(?:[ \t]+(?:[A-ZÀ-Þ][A-ZÀ-Þ'’.-]*|de|da|del|van|von|al|bin|ibn)){0,4})"
    r"(?=[ \t]*\([^()\n]{2,60}\))",
    re.MULTILINE,
)


def _capitals_mentions(text: str) -> list[_Mention]:
    """Names in capitals before a bracketed delegation ("FU CONG (China)"), as people of that country."""
    mentions = []
    for match in _CAPITALS_NAME.finditer(text):
        bracket = _BRACKETED_DELEGATION.match(text, match.end())
        code = country_code(bracket.group("country"))
        honorific = (match.group("honorific") or "").lower()
        words = [word if word in _PARTICLE_SET else word.title() for word in match.group("name").split()]
        if code is None or (len(words) == 1 and not honorific):  # one word in capitals may be a heading
            continue
        name = " ".join(words)
        kind = PERSON if len(words) > 1 else SURNAME
        gender = "m" if honorific == "mr" else "f" if honorific in _FEMALE_HONORIFICS else None
        mention = _Mention(match.start("name"), bracket.end(), kind, name, name=name, country=code, gender=gender)
        mention.honorific = bool(honorific)
        mentions.append(mention)
    return mentions


def _attach_delegation(text: str, mention: _Mention) -> None:
    """'Mr. Nebenzia (Russian Federation)': the bracket gives the person's country and is part of the mention."""
    if mention.kind not in (PERSON, SURNAME) or text[mention.end : mention.end + 2].strip(" \t")[:1] != "(":
        return
    bracket = _BRACKETED_DELEGATION.match(text, mention.end)
    code = country_code(bracket.group("country")) if bracket else None
    if code is not None:
        mention.end = bracket.end()
        mention.country = mention.country or code


def _find_mentions(text: str, known: _KnownIndex, inside_quote) -> list[_Mention]:
    """Every mention outside quotations, in order, the longest winning where two overlap."""
    found = _title_mentions(text, inside_quote) + _pronoun_mentions(text, inside_quote)
    if "(" in text:
        found.extend(m for m in _capitals_mentions(text) if not inside_quote(m.start))
    for sequence in _CAPITALISED_SEQUENCE.finditer(text):
        if not inside_quote(sequence.start()):
            found.extend(_sequence_mentions(text, sequence, known))
    found.sort(key=lambda m: (m.start, -m.end))
    kept: list[_Mention] = []
    last_end = -1
    for mention in found:
        if mention.start >= last_end:
            kept.append(mention)
            last_end = mention.end
    kept = _merge_country_lists(text, kept)
    for index, mention in enumerate(kept):
        _attach_delegation(text, mention)
        if index + 1 < len(kept) and kept[index + 1].start < mention.end:  # the bracketed country
            kept[index + 1].start = -1
    kept = [mention for mention in kept if mention.start >= 0]
    for mention in kept:
        _mark_subject(text, mention)
    return kept


_LIST_GAP = re.compile(r"(?:[ \t]*,[ \t]*(?:and[ \t]+)?|[ \t]+and[ \t]+)(?:the[ \t]+)?")


def _merge_country_lists(text: str, mentions: list[_Mention]) -> list[_Mention]:
    """Join "China and Russia" or "the U.S., France and Britain" into one plural mention."""
    merged: list[_Mention] = []
    for mention in mentions:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and mention.kind == COUNTRY
            and previous.kind in (COUNTRY, GROUP)
            and _LIST_GAP.fullmatch(text, previous.end, mention.start)
        ):
            merged[-1] = _Mention(previous.start, mention.end, GROUP, text[previous.start : mention.end])
            continue
        merged.append(mention)
    return merged


# --------------------------------------------------------------------------------------------
# Verbs: whether a mention is the subject of a clause, and of what verb


def _inflections(base: str) -> tuple[str, str]:
    """Third person singular and past tense of a regular verb."""
    if base.endswith("y") and base[-2:-1] not in "aeiou":
        return base[:-1] + "ies", base[:-1] + "ied"
    if base.endswith("e"):
        return base + "s", base + "d"
    if base.endswith(("s", "sh", "ch", "x", "z")):
        return base + "es", base + "ed"
    return base + "s", base + "ed"


# Verbs that introduce a quotation or reported speech.
_SPEECH_VERBS = {
    "say", "tell", "state", "add", "note", "stress", "emphasize", "emphasise", "insist", "argue", "claim",
    "warn", "reply", "respond", "remark", "observe", "ask", "write", "comment", "continue", "conclude",
    "caution", "counter", "declare", "explain", "acknowledge", "reiterate", "affirm", "describe", "call",
    "speak", "assert", "contend", "recall", "point", "urge", "concede", "admit", "maintain", "suggest",
    "announce", "retort", "underline", "underscore", "highlight", "charge", "allege", "predict", "promise",
    "go",  # "he went on"
}  # fmt: skip
# Verbs whose clause reports a position: the whole sentence is the paraphrase.
_STANCE_VERBS = {
    "reject", "deny", "accuse", "urge", "condemn", "criticize", "criticise", "dismiss", "call", "demand",
    "blame", "vow", "pledge", "promise", "refuse", "question", "oppose", "welcome", "express", "voice",
    "deplore", "denounce", "decry", "rebuff", "slam", "appeal", "protest", "object", "praise", "warn",
    "defend", "support", "back", "reaffirm", "regret", "applaud", "veto", "threaten",
}  # fmt: skip
# Verbs whose object clause (after "that") is the paraphrase.
_SAY_THAT_VERBS = {
    "say", "state", "tell", "add", "note", "stress", "emphasize", "emphasise", "insist", "argue", "claim",
    "maintain", "reiterate", "affirm", "assert", "contend", "explain", "acknowledge", "suggest", "declare",
    "announce", "concede", "admit", "allege", "point", "underline", "underscore", "believe", "predict", "charge",
    "reply", "respond", "counter", "warn", "observe", "remark", "recall", "caution", "conclude",
}  # fmt: skip
_OTHER_VERBS = {
    "want", "hope", "think", "see", "remain", "seek", "plan", "intend", "consider", "expect", "agree",
    "disagree", "confirm", "thank", "invite", "sign", "confront", "host", "chair", "vote", "abstain",
    "propose", "raise", "use", "shield", "violate", "supply", "provide", "send", "invade", "attack",
    "launch", "fire", "test", "view", "regard", "reassure", "assure", "justify", "brief", "inform", "meet",
    "hold", "lead", "keep", "give", "make", "take", "go", "come", "need", "try", "fail", "join", "leave",
    "accept", "offer", "describe", "approve", "adopt", "block", "push", "press", "seem", "appear",
    "believe", "refer", "recognize", "recognise", "address",
}  # fmt: skip
_IRREGULAR = {
    "said": "say", "says": "say", "told": "tell", "wrote": "write", "spoke": "speak", "sought": "seek",
    "thought": "think", "saw": "see", "sees": "see", "gave": "give", "made": "make", "took": "take",
    "met": "meet", "held": "hold", "led": "lead", "kept": "keep", "went": "go", "goes": "go", "came": "come",
    "sent": "send", "left": "leave", "felt": "feel", "stood": "stand", "began": "begin", "brought": "bring",
    "put": "put", "set": "set", "let": "let", "read": "read", "won": "win", "lost": "lose", "heard": "hear",
    "admitted": "admit", "regretted": "regret", "referred": "refer", "committed": "commit", "vetoed": "veto",
    "vetoes": "veto", "planned": "plan", "slammed": "slam", "backed": "back", "underlined": "underline",
}  # fmt: skip
_AUXILIARIES = {
    "is": "be", "was": "be", "are": "be", "were": "be", "has": "have", "have": "have", "had": "have",
    "will": "will", "would": "will", "could": "can", "can": "can", "should": "shall", "shall": "shall",
    "may": "may", "might": "may", "must": "must", "did": "do", "does": "do", "do": "do",
}  # fmt: skip
_ADVERBS = {
    "also", "later", "then", "again", "still", "further", "previously", "earlier", "recently", "however",
    "subsequently", "immediately", "not", "never", "already", "once", "too", "meanwhile", "even",
}  # fmt: skip
_NOT_PAST_TENSE = {"united", "armed", "hundred", "sacred", "naked", "wicked", "kindred", "aged", "learned", "red"}


def _verb_forms() -> tuple[dict[str, str], set[str]]:
    """Inflected form → lemma for every listed verb, and the set of base forms."""
    bases = _SPEECH_VERBS | _STANCE_VERBS | _SAY_THAT_VERBS | _OTHER_VERBS
    forms: dict[str, str] = {}
    for base in bases:
        third, past = _inflections(base)
        forms[third] = base
        forms[past] = base
    forms.update(_IRREGULAR)
    return forms, bases


_INFLECTED, _BASE_FORMS = _verb_forms()
_WORDS_AFTER = re.compile(r"[ \t]*,?[ \t]+(?P<words>[a-z]+(?:[ \t]+[a-z]+){0,4})")
# The appositive may hold a quoted name ('speaking on behalf of the "Group of 77" and China,').
_APPOSITIVE_THEN_WORDS = re.compile(
    r"[ \t]*,[^,.;:!?\n]{1,120},[ \t]+(?P<words>[a-z]+(?:[ \t]+[a-z]+){0,4})"
)
_NAMED_AFTER = {
    "said", "says", "added", "adds", "told", "asked", "stated", "declared", "insisted", "noted", "continued",
    "argued", "warned", "replied", "wrote",
}  # fmt: skip


def _is_adverb(word: str) -> bool:
    return word in _ADVERBS or (word.endswith("ly") and len(word) > 4)


def _lemma(word: str, plural: bool) -> str | None:
    """The lemma of a finite verb form, or None for a word that does not read as one."""
    if word in _INFLECTED:
        return _INFLECTED[word]
    if plural and word in _BASE_FORMS:
        return word
    if word.endswith("ed") and not word.endswith("eed") and len(word) > 4 and word not in _NOT_PAST_TENSE:
        return word[:-2]
    return None


def _main_verb(words: list[str], plural: bool) -> str | None:
    """The lemma of the verb these words start with, past adverbs and auxiliaries ("has repeatedly denied")."""
    i = 0
    while i < len(words) and _is_adverb(words[i]):
        i += 1
    if i == len(words):
        return None
    if words[i] in _AUXILIARIES:
        for later in words[i + 1 :]:
            if later == "been" or _is_adverb(later):
                continue
            lemma = _lemma(later, True)
            return lemma if lemma is not None else _AUXILIARIES[words[i]]
        return _AUXILIARIES[words[i]]
    return _lemma(words[i], plural)


_PREPOSITIONS = {"on", "of", "for", "to", "in", "from", "with", "about", "by", "against", "toward", "towards"}


def _mark_subject(text: str, mention: _Mention) -> None:
    """Record whether a verb follows the mention (past an appositive), and which."""
    plural = mention.kind == GROUP
    following = text[mention.end : mention.end + 1]
    if following not in (" ", "\t", ","):  # a possessive, a full stop, a quotation mark: no verb follows
        mention.salient = _named_after_speech(text, mention.start)
        return
    # "the U.N. special envoy on Myanmar, told …": a country after a preposition is not the subject.
    if mention.kind in (COUNTRY, GROUP) and _word_before(text, mention.start)[0] in _PREPOSITIONS:
        return
    for pattern in (_WORDS_AFTER, _APPOSITIVE_THEN_WORDS):
        after = pattern.match(text, mention.end)
        if after is None:
            continue
        verb = _main_verb(after.group("words").split(), plural)
        if verb is not None:
            mention.subject = True
            mention.verb = verb
            mention.verb_end = _verb_end(text, after, verb)
            break
    mention.salient = mention.subject or _named_after_speech(text, mention.start)


def _named_after_speech(text: str, pos: int) -> bool:
    """'said Nebenzya', 'according to Wood': the mention follows a speech verb."""
    word, start = _word_before(text, pos)
    if word == "to":
        return _word_before(text, start)[0] == "according"
    return word in _NAMED_AFTER


def _verb_end(text: str, after: re.Match, lemma: str) -> int:
    """Offset just past the verb itself within the words that follow a subject."""
    offset = after.start("words")
    for word in after.group("words").split():
        offset = text.index(word, offset) + len(word)
        if _lemma(word, True) == lemma or _IRREGULAR.get(word) == lemma or _AUXILIARIES.get(word) == lemma:
            return offset
    return offset


# --------------------------------------------------------------------------------------------
# Stage 4: resolving mentions in reading order

# Title nouns that name the same job for the purpose of "the Chinese envoy" → Geng Shuang.
_ROLE_FAMILIES = (
    {"ambassador", "envoy", "representative", "diplomat", "delegate", "chargé", "negotiator", "counsellor"},
    {"spokesperson", "spokesman", "spokeswoman"},
    {"secretary-general"},
    {"under-secretary-general"},
    {"minister"},
    {"president"},
    {"leader", "premier", "chancellor"},
)


def _role_family(role: str | None) -> int | None:
    if not role:
        return None
    words = role.lower().split()
    for index, family in enumerate(_ROLE_FAMILIES):
        if any(word in family for word in words):
            return index
    return None


class _Resolver:
    """Walks the mentions in order and points each at an entity.

    It keeps the state a reader keeps: who has been named (by full-name key and by surname), who
    was last the subject of a sentence (for "he" and "she"), and who was mentioned most recently
    (for "the Chinese envoy").
    """

    def __init__(self, known: _KnownIndex):
        self.known = known
        self.people: dict[tuple, _Entity] = {}
        self.by_last_name: dict[str, _Entity] = {}
        self.by_first_name: dict[str, _Entity] = {}
        self.recent: dict[int, _Entity] = {}  # id(entity) → entity, most recent last
        self.last_salient: _Entity | None = None
        self.last_person: _Entity | None = None
        self.salient_people: list[_Entity] = []  # the last few subjects, most recent last
        self.last_salient_at = -1  # where the last subject was named
        self.text = ""

    def resolve(self, mentions: list[_Mention], text: str = "") -> None:
        self.text = text
        for mention in mentions:
            mention.referent = self._referent(mention)
            if mention.referent is not None and mention.referent.kind == "person":
                if mention.kind == PRONOUN:
                    mention.gender = "f" if mention.surface.lower() == "she" else "m"
                if mention.gender and mention.referent.gender is None:
                    mention.referent.gender = mention.gender
                self._saw(mention.referent, mention.salient)
                if mention.salient and mention.kind != PRONOUN:
                    self.last_salient_at = mention.start

    def _pronoun(self, mention: _Mention) -> _Entity | None:
        """'he' or 'she': the last subject, unless the pronoun's gender points to another recent one.

        Once a person has been called "she" (or "Ms."), a later "he" skips her for the most recent
        subject not known to be a man; and in a paragraph that names nobody, a "she" after a subject
        whose gender the text never gave goes to a recent subject already known as a woman, if there
        is one among the last three (and "he" likewise).
        """
        gender = "f" if mention.surface.lower() == "she" else "m"
        last = self.last_salient or self.last_person
        if last is None or last.gender == gender:
            return last
        recent = self.salient_people[-3:]
        if last.gender is None:
            if self.last_salient_at >= self.text.rfind("\n", 0, mention.start):
                return last  # named in this very paragraph: the nearer reading wins

            known = [entity for entity in recent if entity.gender == gender]
            return known[-1] if known else last
        fitting = [entity for entity in recent if entity.gender in (gender, None)]
        return fitting[-1] if fitting else last

    def _referent(self, mention: _Mention) -> _Entity | None:
        if mention.kind == PERSON:
            return self._person(mention.name, mention.known, mention.country, mention.role)
        if mention.kind == SURNAME:
            return self._surname(mention)
        if mention.kind == PRONOUN:
            return self._pronoun(mention)
        if mention.kind == TITLE:
            return self._title(mention)
        if mention.kind == COUNTRY:
            return _Entity("government", _government_name(mention.surface), country=mention.country)
        if mention.kind == GROUP:
            return _Entity("government", _government_name(mention.surface))
        return None

    def _saw(self, entity: _Entity, salient: bool) -> None:
        self.recent.pop(id(entity), None)
        self.recent[id(entity)] = entity
        self.last_person = entity
        if salient:
            self.last_salient = entity
            self.salient_people = [seen for seen in self.salient_people if seen is not entity]
            self.salient_people.append(entity)
            del self.salient_people[:-8]

    def _person(self, name, known, country, role) -> _Entity:
        words = normalise_name(name).split()
        if known is None:
            known = self.known.forms.get(" ".join(words))
        key = ("known", known.id) if known else ("name", tuple(sorted(words)))
        entity = self.people.get(key)
        if entity is None:
            entity = _Entity("person", name, delegate=known.id if known else None)
            self.people[key] = entity
        elif len(name.split()) > len(entity.name.split()):
            entity.name = name
        if role:
            entity.role = role
        if country:
            entity.country = country
        elif entity.country is None and known is not None:
            entity.country = known.country
        self._register_names(entity, words, known)
        return entity

    def _register_names(self, entity: _Entity, words: list[str], known: KnownSpeaker | None) -> None:
        """Make the surname (and, for unknown people, the first word) point at this person from now on.

        The first word counts too because Chinese and Korean names put the family name first
        ("Geng Shuang" … "Geng said"); it yields to a matching last name.
        """
        if known is not None:
            for surname in self.known.surnames.get(known.id, ()):
                self.by_last_name[surname] = entity
        if len(words) >= 2:
            self.by_last_name[words[-1]] = entity
            self.by_first_name.setdefault(words[0], entity)

    def _surname(self, mention: _Mention) -> _Entity | None:
        key = normalise_name(mention.name)
        if key in self.known.forms:  # a one-word alias given by the caller counts at any time
            return self._person(mention.name, self.known.forms[key], mention.country, mention.role)
        entity = self.by_last_name.get(key) or self.by_first_name.get(key)
        if entity is not None:
            if mention.role:
                entity.role = mention.role
            if mention.country:
                entity.country = mention.country
            return entity
        # An unknown lone name still speaks when it is the subject of a speech verb ("Nebenzya
        # said") or named right after one ("said Nebenzya"); elsewhere a lone capitalised word
        # is more likely a sentence opener or a place than a person.
        speaks = mention.subject and mention.verb in _SPEECH_VERBS | _STANCE_VERBS
        if mention.honorific or mention.role or speaks or mention.salient:
            return self._person(mention.name, None, mention.country, mention.role)
        return None

    def _title(self, mention: _Mention) -> _Entity:
        """The most recent person the title fits, else an entity holding only the title."""
        family = _role_family(mention.role)
        for entity in reversed(self.recent.values()):
            if mention.country is not None and entity.country != mention.country:
                continue
            entity_family = _role_family(entity.role)
            if entity_family == family or (entity_family is None and mention.country is not None):
                return entity
        return _Entity("role", None, country=mention.country, role=mention.role)


def _government_name(surface: str) -> str:
    """The country as the text names it, without a leading article ("The U.S." → "U.S.")."""
    words = surface.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    return " ".join(words)


# --------------------------------------------------------------------------------------------
# Stage 5: attributing quotations

_SO_CALLED = re.compile(r"(?i:so-called|so[ \t]+called)[ \t]*$")
_LABEL_CUE = re.compile(
    r"(?:\b(?:calls?|called|dubs?|dubbed|terms?|termed|brands?|branded|labels?|labell?ed)[ \t]+"
    r"(?:a|an|its|his|her|their|the)|\b(?:dubbed|branded|labell?ed|known[ \t]+as))[ \t]+$"
)
_TITLE_CUE = re.compile(r"\b(?:entitled|titled|subtitled|headlined)[ \t]*,?[ \t]*$")
_DOCUMENT_CUE = re.compile(
    r"\b(?i:report|resolution|document|book|paper|study|article|film|programme|program|plan|initiative|"
    r"declaration|strategy|campaign|draft|agenda[ \t]+item|item|treaty|agreement|communiqu[ée]|charter|"
    r"framework|road[ \t]?map|proposal|theme|slogan|heading|motto|hashtag|exercises?|operation|project|"
    r"conference|summit|session|debate|briefing|event|series|statement|note)"
    r"(?:[ \t]+(?:No\.[ \t]*)?[0-9A-Z][\w/().-]*)?[ \t]*,?[ \t]*$"
)
_SPEECH_CUE = re.compile(
    r"(?:\b(?:describ(?:e|es|ed|ing)|characteri[sz](?:e|es|ed|ing)|portray(?:s|ed|ing)?)\b[^.!?;:\"“”\n]{0,60}?\bas"
    r"|\b(?:call(?:s|ed|ing)?|term(?:s|ed|ing)?)[ \t]+(?:it|them|this|that|these|those|him|her"
    r"|(?:the|his|her|its|their)[ \t]+[\w'’-]+(?:[ \t]+[\w'’-]+)?|[A-Z][\w'’.-]*(?:[ \t]+[\w'’-]+)?)"
    r"|\b(?:said|says|say|added|adds|stated|states|declared|insisted|replied|warned|wrote|noted|stressed"
    r"|told[ \t]+[\w \t]{1,30}?)"
    r"|:)[ \t]*,?[ \t]*$"
)
# 'told reporters that the Secretary-General was "deeply concerned"': a short quotation completing
# a reported "that" clause is the speaker's words, however short.
_REPORTED_STATE_CUE = re.compile(
    r"\b(?:said|says|told|added|stated|noted|stressed|warned|replied)\b[^.!?;:\"“”\n]{0,60}?\bthat\b"
    r"[^.!?;:\"“”\n]{0,50}?\b(?:was|is|were|are|remained|remains|felt|feels|become|became|becomes|been)[ \t]+$"
)
# The sentence after a quotation naming its source: "The warning came from …", "So said …".
_SOURCE_NEXT = re.compile(
    r"[ \t]+(?:(?:The|That|This|Those|These)[ \t]+(?:[a-z-]+[ \t]+){0,2}(?:came|comes)[ \t]+from|So[ \t]+said)[ \t]+"
)
_SPEECH_FORM_SET = {form for form, lemma in _INFLECTED.items() if lemma in _SPEECH_VERBS} | _SPEECH_VERBS
_SPEECH_FORMS = "|".join(sorted(_SPEECH_FORM_SET, key=len, reverse=True))
_TRAILING_GAP = re.compile(
    rf"[ \t]*[,—–-]?[ \t]*(?:(?P<verb>{_SPEECH_FORMS}|according[ \t]+to)[ \t]+)?"
    # Words of a title the title finder leaves out ("U.N. aid chief", "U.N. human rights chief"):
    # they may stand between the marks and the name when the name is then the subject of a speech verb.
    r"(?P<title>(?:(?:[A-Z]\.){2,}|[a-z][a-z-]*)[ \t]+){0,3}"
)
_WORDS = re.compile(r"\S+")


@dataclass
class _Attribution:
    referent: _Entity | None
    confidence: float
    how: str  # "trailing", "leading", "joined", "continued", "previous", "next", "fallback" or "none"


class _Attributor:
    """Decides for each quotation whether it is a statement and who made it."""

    def __init__(self, text, quotes, starts, mentions):
        self.text = text
        self.quotes = quotes
        self.starts = starts
        self.mentions = mentions
        self.mention_starts = [m.start for m in mentions]
        self.results: list[_Attribution | None] = []

    def run(self) -> list[Candidate]:
        candidates = []
        for index, quote in enumerate(self.quotes):
            attribution = self._attribute(index, quote)
            if attribution is not None and not self._is_statement(quote, attribution):
                attribution = None
            self.results.append(attribution)
            if attribution is not None:
                candidates.append(_candidate(self.text, quote.start, quote.end, DIRECT, attribution))
        return candidates

    # ---- is it a statement at all?

    def _is_statement(self, quote: _Quote, attribution: _Attribution) -> bool:
        """False for labels ('so-called "special military operation"') and titles ('the report "Global Trends"')."""
        text, opening = self.text, quote.open
        if _SO_CALLED.search(text, max(0, opening - 12), opening):
            return False
        if _TITLE_CUE.search(text, max(0, opening - 16), opening):
            return False
        words = len(_WORDS.findall(text, quote.start, min(quote.end, quote.start + 400)))
        trailing = attribution.how == "trailing"
        if words <= 12 and not trailing and _DOCUMENT_CUE.search(text, max(0, opening - 40), opening):
            ends_sentence = text[quote.end - 1] in ".!?…"
            if not ends_sentence or _is_title_case(text, quote.start, quote.end):
                return False
        whole_sentence = text[quote.end - 1] in ".!?…" and text[quote.start].isupper()
        # 'what it calls a "government of peace and unity" in areas …': a longer name is a label
        # too when nobody is quoted saying it and it does not read as a sentence.
        if words <= 8 and not trailing and not whole_sentence and attribution.referent is None:
            if _LABEL_CUE.search(text, max(0, opening - 30), opening):
                return False
        if words > 3:
            return True
        if _LABEL_CUE.search(text, max(0, opening - 30), opening):
            return False
        # '"Words are not enough," he said. "We need action."': a short quotation that is a
        # whole sentence standing on its own, with a speaker, is a statement, not a label.
        if whole_sentence and attribution.referent is not None and self._opens_sentence(quote):
            return True
        return (
            trailing
            or _SPEECH_CUE.search(text, max(0, opening - 90), opening) is not None
            or _REPORTED_STATE_CUE.search(text, max(0, opening - 120), opening) is not None
        )

    def _opens_sentence(self, quote: _Quote) -> bool:
        return not self.text[self._sentence_start(quote.open) : quote.open].strip(" \t\n")

    # ---- who said it?

    def _attribute(self, index: int, quote: _Quote) -> _Attribution:
        sentence_start = self._sentence_start(quote.open)
        previous = self.quotes[index - 1] if index else None
        window_start = sentence_start
        # A quotation dropped as a label does not split the sentence: its subject still speaks.
        joined = previous is not None and previous.close >= sentence_start and self.results[index - 1] is not None
        if joined:
            window_start = previous.close + 1
        steps = (
            lambda: self._trailing(quote),
            lambda: self._leading(window_start, quote.open),
            lambda: self._joined(index) if joined else None,
            lambda: self._continued(quote),
            lambda: self._previous_sentence(index, window_start, quote.open),
            lambda: self._next_sentence(quote, window_start),
            lambda: self._fallback(window_start, quote.open),
        )
        for step in steps:
            found = step()
            if found is not None:
                return found
        return _Attribution(None, 0.4, "none")

    def _sentence_start(self, pos: int) -> int:
        return self.starts[bisect.bisect_right(self.starts, pos) - 1]

    def _mentions_between(self, start: int, end: int):
        index = bisect.bisect_left(self.mention_starts, start)
        while index < len(self.mentions) and self.mentions[index].start < end:
            mention = self.mentions[index]
            if mention.end <= end:
                yield mention
            index += 1

    def _trailing(self, quote: _Quote) -> _Attribution | None:
        """'"…," Nebenzya said' or '"…," said the Chinese envoy': the attribution right after the marks."""
        if quote.open_ended or not self._may_have_trailing(quote):
            return None
        after = quote.close + 1
        index = bisect.bisect_left(self.mention_starts, after)
        if index == len(self.mentions) or self.mentions[index].start - after > 40:
            return None
        mention = self.mentions[index]
        gap = _TRAILING_GAP.fullmatch(self.text, after, mention.start)
        if gap is None:
            return None
        speaks = mention.subject and mention.verb in _SPEECH_VERBS
        if gap.group("title") and not (speaks and mention.kind in (PERSON, SURNAME)):
            return None
        if gap.group("verb") or speaks:
            return _Attribution(mention.referent, _confidence(mention, 0.95), "trailing")
        return None

    def _may_have_trailing(self, quote: _Quote) -> bool:
        """Whether the sentence goes on after the closing mark (a comma, "?", "!", or a lower-case word)."""
        if quote.had_comma or self.text[quote.end - 1] in "?!—–-":
            return True
        following = self.text[quote.close + 1 : quote.close + 3].lstrip(" \t")
        return bool(following) and (following[0] == "," or following[0].islower())

    def _leading(self, start: int, end: int) -> _Attribution | None:
        """The subject of the clause the quotation sits in ('Geng Shuang stated, "…"').

        The subject of a speech verb wins over an earlier subject ("Asked whether Moscow would veto
        it, Nebenzya replied: …"); failing one, the first subject speaks ("The U.S. criticized
        China, stating that … "…"").
        """
        first = None
        for mention in self._mentions_between(start, end):
            if not mention.subject or mention.referent is None:
                continue
            if mention.verb in _SPEECH_VERBS:
                return _Attribution(mention.referent, _confidence(mention, 0.9), "leading")
            if first is None:
                first = mention
        if first is not None:
            return _Attribution(first.referent, _confidence(first, 0.85), "leading")
        return None

    def _joined(self, index: int) -> _Attribution | None:
        """A quotation in the same sentence as the previous one, with no new speaker between them."""
        earlier = self.results[index - 1]
        if earlier is None or earlier.referent is None:
            return None
        return _Attribution(earlier.referent, earlier.confidence * 0.95, "joined")

    def _continued(self, quote: _Quote) -> _Attribution | None:
        """A paragraph that carries on an unclosed quotation (wire style) keeps its speaker."""
        if quote.continues is None:
            return None
        earlier = self.results[quote.continues]
        if earlier is None or earlier.referent is None:
            return None
        return _Attribution(earlier.referent, earlier.confidence * 0.9, "continued")

    def _previous_sentence(self, index: int, window_start: int, quote_open: int) -> _Attribution | None:
        """'Nebenzya said on Friday. "…"': a quotation opening its sentence takes the last speaker."""
        if self.text[window_start:quote_open].strip(" \t\n([—–-") or window_start == 0:
            return None
        previous_start = self._sentence_start(window_start - 1)
        if index and self.quotes[index - 1].open >= previous_start:
            earlier = self.results[index - 1]
            if earlier is not None and earlier.referent is not None:
                return _Attribution(earlier.referent, earlier.confidence * 0.85, "previous")
        ends_with_colon = self.text[previous_start:window_start].rstrip().endswith(":")
        subject = None
        for mention in self._mentions_between(previous_start, window_start):
            if mention.referent is None or not mention.subject:
                continue
            if mention.verb in _SPEECH_VERBS or ends_with_colon:
                return _Attribution(mention.referent, _confidence(mention, 0.75), "previous")
            if subject is None and mention.referent.kind == "person":
                subject = mention
        # 'Kyslytsya opened his remarks with a question. "Where were …?"': a quotation standing
        # right after a sentence about one person is, in wire copy, nearly always theirs.
        if subject is not None:
            return _Attribution(subject.referent, _confidence(subject, 0.6), "previous")
        return None

    def _next_sentence(self, quote: _Quote, window_start: int) -> _Attribution | None:
        """'"… is closing." The warning came from Salvador, …': a quotation standing alone as a
        sentence whose source the next sentence names."""
        if quote.open_ended or self.text[window_start : quote.open].strip(" \t\n([—–-"):
            return None
        source = _SOURCE_NEXT.match(self.text, quote.close + 1)
        if source is None:
            return None
        for mention in self._mentions_between(source.end(), source.end() + 80):
            if mention.kind in _PERSON_KINDS and mention.referent is not None:
                return _Attribution(mention.referent, _confidence(mention, 0.7), "next")
            break
        return None

    def _fallback(self, start: int, end: int) -> _Attribution | None:
        """Someone named in the clause but not as its subject ("According to Wood, …" is handled above)."""
        for mention in self._mentions_between(start, end):
            if mention.kind in _PERSON_KINDS and mention.referent is not None:
                return _Attribution(mention.referent, _confidence(mention, 0.6), "fallback")
        return None


def _is_title_case(text: str, start: int, end: int) -> bool:
    """Most longer words capitalised, as in "Evasion Networks and Maritime Transfers"."""
    long_words = [w for w in _WORDS.findall(text, start, end) if len(w) > 3]
    capitalised = sum(1 for w in long_words if w[0].isupper())
    return bool(long_words) and capitalised * 10 >= len(long_words) * 7


def _confidence(mention: _Mention, base: float) -> float:
    """Less sure of a pronoun, a bare title or a government than of a name."""
    if mention.referent is None:
        return round(base * 0.5, 2)
    if mention.kind == PRONOUN or mention.referent.kind == "role":
        return round(base * 0.9, 2)
    if mention.kind == TITLE:
        return round(base * 0.9, 2)
    if mention.kind == GROUP:
        return round(base * 0.7, 2)
    if mention.kind == COUNTRY:
        return round(base * 0.85, 2)
    return round(base, 2)


def _candidate(text: str, start: int, end: int, kind: str, attribution: _Attribution) -> Candidate:
    entity = attribution.referent
    candidate = Candidate(text[start:end], start, end, kind, confidence=round(attribution.confidence, 2))
    if entity is not None:
        candidate.speaker = entity.name
        candidate.delegate = entity.delegate
        candidate.country = entity.country
        candidate.country_name = country_name(entity.country)
        candidate.role = entity.role
    return candidate


# --------------------------------------------------------------------------------------------
# Stage 6: reported speech

_THAT = re.compile(r"\bthat\b")
# "UNITED NATIONS, Nov. 21 (Wire) — ": the place and date that open a wire report's first sentence.
_DATELINE = re.compile(
    r"(?:[A-Z][A-Z.'-]+[ \t]*)+(?:,[ \t]*[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2})?[ \t]*(?:\([^)\n]{1,30}\)[ \t]*)?[—–][ \t]*"
)


def _paraphrases(text, starts, quotes, mentions) -> list[Candidate]:
    """Sentences of reported speech outside quotations ("China firmly rejects …", "Wood said that …").

    A sentence that holds a quotation is left out: the quotation is the better record of it.
    """
    quote_opens = [q.open for q in quotes]
    mention_starts = [m.start for m in mentions]
    candidates = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        if _holds_quote(quote_opens, quotes, start, end):
            continue
        mention = _first_subject(mentions, mention_starts, start, end)
        if mention is None or mention.referent is None:
            continue
        candidate = _reported(text, start, end, mention)
        if candidate is not None:
            candidates.append(candidate)
    return candidates


def _holds_quote(quote_opens, quotes, start, end) -> bool:
    index = bisect.bisect_left(quote_opens, start)
    if index < len(quotes) and quotes[index].open < end:
        return True
    return index > 0 and quotes[index - 1].close >= start  # inside a quotation that began earlier


def _first_subject(mentions, mention_starts, start, end) -> _Mention | None:
    index = bisect.bisect_left(mention_starts, start)
    while index < len(mentions) and mentions[index].start < end:
        if mentions[index].subject:
            return mentions[index]
        index += 1
    return None


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


# --------------------------------------------------------------------------------------------
# Entry point


def _inside_quote_test(quotes: list[_Quote]):
    """A function telling whether an offset lies within a quotation's marks (the marks included)."""
    opens = [q.open for q in quotes]

    def inside(pos: int) -> bool:
        index = bisect.bisect_right(opens, pos) - 1
        return index >= 0 and quotes[index].open < pos <= quotes[index].close

    return inside


def extract(text: str, known: Iterable[KnownSpeaker] = ()) -> list[Candidate]:
    """Statements in `text`, in order of their start offset: direct quotations and paraphrases."""
    if not text or not text.strip():
        return []
    index = _KnownIndex(known)
    quotes = _find_quotes(text)
    inside_quote = _inside_quote_test(quotes)
    starts = _sentence_starts(text, inside_quote)
    mentions = _find_mentions(text, index, inside_quote)
    _Resolver(index).resolve(mentions, text)
    attributor = _Attributor(text, quotes, starts, mentions)
    candidates = attributor.run()
    # A sentence whose only quotation is a label or a title ('on behalf of the "Group of 77"')
    # still carries reported speech, so only the quotations kept as statements count there.
    statements = [quote for quote, result in zip(quotes, attributor.results, strict=True) if result is not None]
    candidates.extend(_paraphrases(text, starts, statements, mentions))
    candidates.sort(key=lambda c: (c.start, c.end))
    return candidates
