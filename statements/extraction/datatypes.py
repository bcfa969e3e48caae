"""The types the extractor's stages hand to one another.

`KnownSpeaker` (what the caller passes in), `Candidate` (what `extract()` returns) and the
DIRECT/PARAPHRASE kinds are the public part. `_Mention` (a phrase in the text that may name a
speaker, of one of the kinds PERSON, SURNAME, TITLE, PRONOUN, COUNTRY or GROUP) and `_Entity`
(the person, government or bare title a mention stands for) are shared by the stages inside the
package. This module depends on nothing else in it.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    # For a quoted fragment inside reported speech ('dismissed the accusations as "completely
    # false"'): the start and end offsets of the paraphrase candidate it is a piece of.
    within: tuple[int, int] | None = None

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
            "within": None if self.within is None else {"start": self.within[0], "end": self.within[1]},
        }


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
