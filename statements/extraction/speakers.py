"""Stage 4: who each mention stands for.

`_Resolver` reads the mentions in order and keeps what a reader keeps in mind: who has been
named, by full name and by surname; who was last the subject, for "he" and "she"; and who was
mentioned lately, for "the Chinese envoy". Each mention ends up pointing at a person (a known
speaker's id where the name matches one), a government, or a title with no name.
"""

from __future__ import annotations

import bisect
import itertools
import re

from statements.extraction.datatypes import (
    COUNTRY,
    GROUP,
    PERSON,
    PRONOUN,
    SURNAME,
    TITLE,
    KnownSpeaker,
    _Entity,
    _Mention,
)
from statements.extraction.deadline import NO_DEADLINE
from statements.extraction.names import _government_name, _KnownIndex, normalise_name
from statements.extraction.verbs import _SPEECH_VERBS, _STANCE_VERBS

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


_LINE_BREAK = re.compile("\n")
_RECENT_PEOPLE = 50


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

    def resolve(self, mentions: list[_Mention], text: str = "", deadline=NO_DEADLINE) -> None:
        self.text = text
        self.line_breaks = [match.start() for match in _LINE_BREAK.finditer(text)]
        for mention in mentions:
            deadline.tick()
            mention.referent = self._referent(mention)
            # A title with a country and no name ("Iran's representative") is a person too, whom a
            # later "he" or "she" may mean.
            if mention.referent is not None and (
                mention.referent.kind == "person" or (mention.referent.kind == "role" and mention.referent.country)
            ):
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
            if self.last_salient_at >= self._paragraph_start(mention.start) - 1:
                return last  # named in this very paragraph: the nearer reading wins

            known = [entity for entity in recent if entity.gender == gender]
            return known[-1] if known else last
        fitting = [entity for entity in recent if entity.gender in (gender, None)]
        return fitting[-1] if fitting else last

    def _paragraph_start(self, pos: int) -> int:
        """Offset just after the last line break before `pos` (0 in the first paragraph)."""
        index = bisect.bisect_left(self.line_breaks, pos)
        return self.line_breaks[index - 1] + 1 if index else 0

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
        # Being the subject of just any verb is not enough: "Hamas executed hostages" or "the
        # Taliban are following" would make a group a person whom "he" or "she" could then mean.
        speaks = mention.subject and mention.verb in _SPEECH_VERBS | _STANCE_VERBS
        named_after_speech = mention.salient and not mention.subject
        if mention.honorific or mention.role or speaks or named_after_speech:
            return self._person(mention.name, None, mention.country, mention.role)
        return None

    def _title(self, mention: _Mention) -> _Entity:
        """The most recent person the title fits, else an entity holding only the title."""
        family = _role_family(mention.role)
        # Only the last few people count: a reader's "the Chinese envoy" is someone named lately,
        # and the bound keeps a text naming thousands of people linear.
        for entity in itertools.islice(reversed(self.recent.values()), _RECENT_PEOPLE):
            if mention.country is not None and entity.country != mention.country:
                continue
            entity_family = _role_family(entity.role)
            if entity_family == family or (entity_family is None and mention.country is not None):
                return entity
        return _Entity("role", None, country=mention.country, role=mention.role)
