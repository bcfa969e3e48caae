"""Stage 3: every phrase outside quotations that may name who spoke.

People (runs of capitalised words, known speakers' names, names in capitals before a bracketed
delegation), titles (from `titles`), pronouns, and governments ("Russia", "the U.S. State
Department", "China and Russia"), in reading order with overlaps removed, each marked with the
verb it is the subject of (from `verbs`). Nothing is resolved to a person yet; `speakers` does that.
"""

from __future__ import annotations

import re

from statements.extraction.datatypes import COUNTRY, GROUP, PERSON, PRONOUN, SURNAME, _Mention
from statements.extraction.deadline import NO_DEADLINE
from statements.extraction.names import (
    _CAPITALISED_SEQUENCE,
    _COUNTRY_ADJECTIVES,
    _COUNTRY_NOUNS,
    _LINK_SET,
    _MAX_COUNTRY_WORDS,
    _PARTICLE_SET,
    _SEQUENCE_TOKEN,
    _SPEAKING_ORGANISATIONS,
    _KnownIndex,
    _looks_like_name_word,
    _word_before,
    country_code,
    country_name,
    normalise_name,
)
from statements.extraction.titles import _title_mentions
from statements.extraction.verbs import _mark_subject

_GOVERNMENT_NOUN = re.compile(
    r"(?:['’]s)?[ \t]+(?i:government|foreign[ \t]+ministry|ministry[ \t]+of[ \t]+foreign[ \t]+affairs|"
    r"state[ \t]+department|defen[cs]e[ \t]+ministry|foreign[ \t]+office|"
    r"mission|delegation|embassy|officials?|diplomats?|authorities|side|leadership|administration|statement)\b"
    # "Iran's mission to the United Nations said …": the mission's address belongs to it.
    r"(?:[ \t]+(?:to|at)[ \t]+the[ \t]+(?:United[ \t]+Nations|UN|U\.N\.)(?![\w.]))?"
)
_HONORIFICS = {"mr", "ms", "mrs", "dr", "mme", "madam"}
_FEMALE_HONORIFICS = {"ms", "mrs", "mme", "madam"}


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
        if not _names_a_thing(text, tokens, i, last):
            mentions.append(_name_mention(text, tokens[i][1], tokens[last][2]))
        i = last + 1
    return mentions


_ACRONYM_AFTER = re.compile(r"[ \t]*\([A-Z][A-Za-z0-9.\-]*[A-Z][A-Za-z0-9.\-]*\)")


def _names_a_thing(text: str, tokens, first: int, last: int) -> bool:
    """Capitalised words that name a group, a place or a document rather than a person.

    'the Taliban', 'the Gaza Strip' (people are not "the" anyone), 'Joint Comprehensive Plan of
    Action' (a name going on with "of" and words that are not a country), 'Assistance Mission
    (UNAMA)' (an acronym in brackets after it).
    """
    previous = tokens[first - 1][0] if first else _word_before(text, tokens[first][1])[0]
    if previous.lower() == "the":
        return True
    if _ACRONYM_AFTER.match(text, tokens[last][2]):
        return True
    following = last + 1
    if following < len(tokens) and tokens[following][0] == "of":
        window = tokens[following + 1 : following + 3 + _MAX_COUNTRY_WORDS]  # a few words: linear on any input
        rest = [token for token in window if token[0] not in _LINK_SET]
        return bool(rest) and country_code(rest[0][0]) is None and not _country_phrase(text, rest)
    return False


def _country_phrase(text: str, rest) -> bool:
    """Whether the words after "of" start with a country's name of up to four words ("the United Kingdom")."""
    for size in range(min(len(rest), _MAX_COUNTRY_WORDS), 0, -1):
        if country_code(text[rest[0][1] : rest[size - 1][2]]) is not None:
            return True
    return False


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
        if key in _SPEAKING_ORGANISATIONS:
            return _Mention(start, end, GROUP, text[start:end])
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


_PRONOUN = re.compile(r"\b(?:he|she|He|She)\b")


def _pronoun_mentions(text: str, inside_quote) -> list[_Mention]:
    return [
        _Mention(m.start(), m.end(), PRONOUN, m.group()) for m in _PRONOUN.finditer(text) if not inside_quote(m.start())
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


# "ROSEMARY DICARLO, Under-Secretary-General for Political Affairs, said …": a briefer's name in
# capitals opening a paragraph, then a comma and a title in capitals and lower case.
_CAPITALS_NAME_TITLE = re.compile(
    r"^[ \t]*(?P<name>[A-ZÀ-Þ][A-ZÀ-Þ'’-]+(?:[ \t]+(?:[A-ZÀ-Þ][A-ZÀ-Þ'’.-]*|de|da|del|van|von|al|bin|ibn)){1,4}),"
    r"[ \t]+(?=[A-Z][a-z])",
    re.MULTILINE,
)


def _capitals_title_mentions(text: str) -> list[_Mention]:
    """Names in capitals before a comma and a title ("ROSEMARY DICARLO, Under-Secretary-General")."""
    mentions = []
    for match in _CAPITALS_NAME_TITLE.finditer(text):
        words = [word if word in _PARTICLE_SET else word.title() for word in match.group("name").split()]
        name = " ".join(words)
        mentions.append(_Mention(match.start("name"), match.end("name"), PERSON, name, name=name))
    return mentions


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


def _find_mentions(text: str, known: _KnownIndex, inside_quote, deadline=NO_DEADLINE) -> list[_Mention]:
    """Every mention outside quotations, in order, the longest winning where two overlap."""
    found = _title_mentions(text, inside_quote, deadline) + _pronoun_mentions(text, inside_quote)
    deadline.check()
    if "(" in text:
        found.extend(m for m in _capitals_mentions(text) if not inside_quote(m.start))
        deadline.check()
    found.extend(m for m in _capitals_title_mentions(text) if not inside_quote(m.start))
    for sequence in _CAPITALISED_SEQUENCE.finditer(text):
        deadline.tick()
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
    deadline.check()
    for mention in kept:
        deadline.tick()
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
