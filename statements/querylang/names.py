"""Finding delegates, countries, organisations and topics by what a reader types.

A name is compared word by word, in any order ("Kim Song" = "Song Kim" = "Kim, Song"), after
folding accents, case and punctuation, and through a transliteration key that makes the usual
variants of one Russian, Arabic or Korean name equal (Nebenzya = Nebenzia, Zakharova =
Zaharova). Words of six letters or more may also differ by one letter.

Parties are found by name, short name, code, the names and demonyms news copy uses
(`statements.extraction.demonyms`: "North Korean", "Britain") and, for a typed acronym, the
acronym ("US", "DPRK"). Acronyms and codes count in free text only when typed in capitals,
so "us" or "can" in a search is a word, not a country.

The tables are small (hundreds of delegates, ~250 parties, dozens of topics): they are read
once into a Directory, kept in Django's cache for DIRECTORY_SECONDS, and matched in Python.
"""

import re
import unicodedata
import uuid
from dataclasses import dataclass

from django.core.cache import cache

from statements import memo
from statements.extraction.demonyms import COUNTRIES
from statements.models import Alias, Delegate, Party, Topic

# A delegate, party or topic added is found by name after at most this long.
DIRECTORY_SECONDS = 60
CACHE_KEY = "querylang:directory:1"

# Words of a name that a reader may leave out ("Republic of Korea" = "Republic Korea").
PARTICLES = frozenset({"of", "the", "and", "de", "du", "la", "le", "al", "el", "van", "von", "der", "da", "di"})
# Words of many party names: alone, they name no party in particular.
GENERIC = frozenset(
    {
        "republic",
        "states",
        "state",
        "united",
        "democratic",
        "peoples",
        "people",
        "kingdom",
        "federation",
        "federal",
        "union",
        "islands",
        "island",
        "north",
        "south",
        "east",
        "west",
        "central",
        "new",
        "saint",
    }
)
# Spelling variants of transliteration, replaced in this order.
_VARIANTS = (
    ("kh", "h"),
    ("ph", "f"),
    ("ck", "k"),
    ("ks", "x"),
    ("tch", "ch"),
    ("sch", "sh"),
    ("ou", "u"),
    ("w", "v"),
    ("y", "i"),
)


def fold(text):
    """`text` without accents, case or punctuation: its words. "U.S." → ["us"]; "People's" → ["peoples"]."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    text = re.sub(r"['’.]", "", text)
    return re.findall(r"[^\W_]+", text)


def key(word):
    """A folded word's transliteration key: doubled letters and the variants above made equal."""
    for old, new in _VARIANTS:
        word = word.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", word)


def _distance(a, b, limit):
    """Levenshtein distance of `a` and `b`, or limit + 1 as soon as it exceeds `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def words_match(typed, known):
    """Whether the typed key may be the known key: equal, or a letter off in a long word."""
    if typed == known:
        return True
    return min(len(typed), len(known)) >= 6 and _distance(typed, known, 1) <= 1


@dataclass(frozen=True)
class Form:
    """One way of writing a name: its keys, and whether it is an acronym (only typed in capitals)."""

    keys: tuple[str, ...]
    acronym: bool = False

    @classmethod
    def of(cls, text, *, acronym=None):
        words = fold(text)
        if acronym is None:
            acronym = len(words) == 1 and re.sub(r"[.\s]", "", text).isupper()
        return cls(tuple(key(word) for word in words), acronym)

    def match(self, typed, accepted):
        """How typed keys match this form: "complete" (every word of the form, particles aside),
        "partial" (every typed word, in any order), or None. `accepted`: typed key → the known keys
        it may be."""
        left = list(self.keys)
        for word in typed:
            for index, known in enumerate(left):
                if known in accepted[word]:
                    del left[index]
                    break
            else:
                return None
        return "complete" if all(word in PARTICLES for word in left) else "partial"


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    names: tuple[str, ...]  # the full name, the sort name and every alias
    forms: tuple[Form, ...]
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class PartyName:
    id: int
    code: str
    kind: str
    name: str
    short_name: str
    forms: tuple[Form, ...]

    def __str__(self):
        return self.short_name or self.name


@dataclass(frozen=True)
class TopicName:
    id: int
    slug: str
    name: str
    forms: tuple[Form, ...]


@dataclass(frozen=True)
class Match:
    """A row found by name; `complete` when the typed words are a whole name of it."""

    row: object
    complete: bool


def _news_forms():
    """alpha-3 → the names and demonyms of news copy (not capitals: "Moscow" is a word of many texts)."""
    forms = {}
    for code, name, names, demonyms, _capitals in COUNTRIES:
        forms[code] = (name, *names, *demonyms)
    return forms


def _deletions(word):
    return {word[:index] + word[index + 1 :] for index in range(len(word))}


class _Index:
    """Rows with Forms, found by the keys of their words: exact keys through a dict, keys a letter
    off through the keys' one-letter deletions (so no word is compared with every other)."""

    def __init__(self, rows):
        self.rows = rows
        self.by_key = {}
        self.near = {}
        for index, row in enumerate(rows):
            for form in row.forms:
                for known in form.keys:
                    self.by_key.setdefault(known, set()).add(index)
                    for variant in {known, *(_deletions(known) if len(known) >= 6 else ())}:
                        self.near.setdefault(variant, set()).add(known)

    def similar(self, typed):
        """The known keys `typed` may be (words_match)."""
        candidates = set(self.near.get(typed, ()))
        if len(typed) >= 5:
            for variant in _deletions(typed):
                candidates |= self.near.get(variant, set())
        return {known for known in candidates if words_match(typed, known)}

    def find(self, text, *, capitals=True):
        """Matches of `text` among the rows, complete ones first.

        `capitals`: whether the words were typed in capitals, which acronym forms require (in
        free text; a field's value is known to be a name and passes True).
        """
        keys = tuple(key(word) for word in fold(text))
        if not keys or all(word in PARTICLES for word in keys):
            return []
        accepted = {typed: self.similar(typed) for typed in keys}
        rows = set.intersection(*(set().union(*(self.by_key[k] for k in accepted[typed])) for typed in keys))
        found = []
        for index in sorted(rows):
            row = self.rows[index]
            results = {form.match(keys, accepted) for form in row.forms if capitals or not form.acronym}
            if "complete" in results:
                found.append(Match(row, True))
            elif "partial" in results:
                found.append(Match(row, False))
        return sorted(found, key=lambda match: not match.complete)


@dataclass(frozen=True)
class NameRows:
    """The columns of the names a Directory knows, as read from the tables (in their models' order)."""

    aliases: tuple
    delegates: tuple
    parties: tuple
    topics: tuple

    @classmethod
    def read(cls):
        return cls(
            tuple(Alias.objects.values_list("delegate_id", "name")),
            tuple(Delegate.objects.values_list("pk", "full_name", "sort_name")),
            tuple(Party.objects.values_list("pk", "code", "kind", "name", "short_name")),
            tuple(Topic.objects.values_list("pk", "slug", "name")),
        )


class Directory:
    """Every delegate, party and topic with the forms of their names."""

    def __init__(self, people, parties, topics, rows=None):
        self.people, self.parties, self.topics = _Index(people), _Index(parties), _Index(topics)
        self._codes = {(party.kind, party.code): party for party in parties}
        # What it was built from (a NameRows), to tell whether the tables changed since.
        self.rows = rows

    @classmethod
    def from_rows(cls, rows):
        """The Directory of the names in `rows` (a NameRows). The forms of ~3,000 delegates' names
        take ~0.1 s to work out; reading the rows, a few milliseconds."""
        aliases = {}
        for delegate_id, name in rows.aliases:
            aliases.setdefault(delegate_id, []).append(name)
        people = []
        for pk, full_name, sort_name in rows.delegates:
            names = tuple(dict.fromkeys([full_name, sort_name, *aliases.get(pk, [])]))
            forms = tuple(Form.of(name, acronym=False) for name in names)
            people.append(Person(pk, full_name, names, forms, tuple(aliases.get(pk, ()))))
        news = _news_forms()
        parties = []
        for pk, code, kind, name, short_name in rows.parties:
            texts = [name, short_name, *news.get(code, ())] if kind == Party.Kind.STATE else [name, short_name]
            forms = [Form.of(text) for text in dict.fromkeys(texts) if text]
            forms.append(Form.of(code, acronym=True))
            parties.append(PartyName(pk, code, kind, name, short_name, tuple(forms)))
        topics = [
            TopicName(pk, slug, name, (Form.of(name, acronym=False), Form.of(slug.replace("-", " "), acronym=False)))
            for pk, slug, name in rows.topics
        ]
        return cls(people, parties, topics, rows)

    def find_people(self, text, *, capitals=True):
        return self.people.find(text, capitals=capitals)

    def find_parties(self, text, *, capitals=True):
        return self.parties.find(text, capitals=capitals)

    def find_topics(self, text):
        return self.topics.find(text)

    def party_by_code(self, code):
        """The party whose code is `code` (a state's in any case, an organisation's slug), or None."""
        code = code.strip()
        return self._codes.get((Party.Kind.STATE, code.upper())) or self._codes.get(
            (Party.Kind.ORGANISATION, code.lower())
        )

    def all_parties(self):
        """Every party, by name: the suggestions of the filter fields."""
        return sorted(self.parties.rows, key=lambda party: fold(str(party)))


# The Directory of this process, under the token of the cache that says it is fresh: every process
# reads the tables again when the token expires (DIRECTORY_SECONDS) or the cache is cleared.
_loaded = {}


def directory():
    """The Directory: one cache read when it is fresh; when it is not, four queries, and the forms
    of the names worked out again only if a name changed.

    Working the forms out took ~0.1 s, in every process every DIRECTORY_SECONDS: a busy server's
    searches waited behind it (issue 16). Names rarely change between two reads.
    """
    # Once per request: a search's `q` is checked by its field, then searched by the view.
    token = memo.once(CACHE_KEY, _fresh_token)
    found = _loaded.get(token)
    if found is None:
        rows = NameRows.read()
        previous = next(iter(_loaded.values()), None)
        found = previous if previous is not None and previous.rows == rows else Directory.from_rows(rows)
        _loaded.clear()
        _loaded[token] = found
    return found


def _fresh_token():
    token = cache.get(CACHE_KEY)
    if token is None:
        token = uuid.uuid4().hex
        cache.set(CACHE_KEY, token, DIRECTORY_SECONDS)
    return token


def party_choices(value, names=None):
    """The parties `value` names: a code, or a name of one party. Returns (parties, problem), one of
    them empty. Ambiguous or unknown names get a problem naming the candidates."""
    names = names or directory()
    by_code = names.party_by_code(value)
    if by_code:
        return [by_code], ""
    matches = names.find_parties(value)
    complete = [match.row for match in matches if match.complete]
    candidates = complete or [match.row for match in matches]
    if len(candidates) == 1:
        return candidates, ""
    if not candidates:
        return [], f"No country or organisation is called “{value}”."
    listed = ", ".join(f"{party} ({party.code})" for party in candidates[:6])
    return [], f"“{value}” could mean {listed}: give one name or code."
