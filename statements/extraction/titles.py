"""Stage 3, titles: job titles and the person they belong to.

From each head noun ("ambassador", "envoy", "Secretary-General") it walks outwards to the
modifiers, the country and a name on either side, so that "Russian Ambassador to the UN, Vasily
Nebenzya", "the Chinese envoy" and "the representative of the Russian Federation" each become one
mention with a role and a country. `mentions` merges these with the other kinds of mention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from statements.extraction.datatypes import PERSON, SURNAME, TITLE, _Mention
from statements.extraction.deadline import NO_DEADLINE
from statements.extraction.names import (
    _COUNTRY_ADJECTIVES,
    _COUNTRY_LAST_WORDS,
    _COUNTRY_NOUNS,
    _ORGANISATION_LAST_WORDS,
    _ORGANISATIONS,
    _PARTICLE_SET,
    _PARTICLES,
    _WORD,
    _government_name,
    _looks_like_name_word,
    country_code,
    normalise_name,
)

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


def _title_mentions(text: str, inside_quote, deadline=NO_DEADLINE) -> list[_Mention]:
    mentions = []
    for role in _ROLE.finditer(text):
        deadline.tick()
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
        name_end = after.start("name") + len(name)
        country, end = left.country, name_end
        if country is None:  # "Ambassador Emyr Jones Parry of Britain"
            country, _, end = _country_after(text, name_end)
        return _titled(text, left.start, end, name, country, role_text)
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
    code, country_start, end = _country_after(text, title_end)
    if code is None:
        return None
    # "Deputy Permanent Representative of the United States Robert Wood": a name may follow.
    after = _NAME_AFTER_TITLE.match(text, end)
    person = _trim_name(after.group("name")) if after else None
    if person and _name_closes_appositive(text, after, person):
        return _titled(text, start, after.start("name") + len(person), person, code, role_text)
    name = _government_name(text[country_start:end])
    return _Mention(start, end, PERSON, name, name=name, country=code, role=role.group())


def _country_after(text: str, pos: int) -> tuple[str | None, int, int]:
    """The country of an "of Britain" right after `pos`: its code, start and end; (None, pos, pos) without one."""
    found = _OF_COUNTRY.match(text, pos)
    if found is None:
        return None, pos, pos
    words = found.group("country").split()
    while words:
        phrase = " ".join(words).rstrip(".")  # "of Britain." ends a sentence
        code = country_code(phrase)
        if code is not None:
            return code, found.start("country"), found.start("country") + len(phrase)
        words.pop()
    return None, pos, pos


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
