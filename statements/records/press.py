"""Reading a press release of the Security Council's meetings coverage (press.un.org, SC/NNNNN).

A release summarises the meeting in the third person: the briefers first ("Izumi Nakamitsu,
High Representative for Disarmament Affairs, said …"), then the speakers, each introduced at
the start of a paragraph ("The representative of the Russian Federation said", "France's
delegate", "the speaker for China", "Speaking in her national capacity, the representative of
Guyana"; older releases print the name in capitals with the country: "VASSILY NEBENZIA
(Russian Federation) said"). One Turn of kind "paraphrase" covers a speaker's paragraph and
the paragraphs that follow until the next speaker or heading; its offsets are those of the
paragraphs in the text as given, its label the words that introduce the speaker.

The release does not list the Council's members; a state is a member when the release names
it in a vote's lists, otherwise its role is left "" for the importer to decide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from statements.records import countries, layout
from statements.records.datatypes import Invitation, Meeting, Record, Role, Turn
from statements.records.errors import NotARecord
from statements.records.press_votes import read_votes, reports_a_vote

MONTHS = "January February March April May June July August September October November December".split()
RELEASE = re.compile(r"\bSC/\d{4,5}\b")
MEETING = re.compile(r"\b(\d{3,5})(?:st|nd|rd|th) (?:Meeting|meeting)\b")
MEETING_HEADER = re.compile(r"\b\d{3,5}(?:st|nd|rd|th) Meeting \((?:AM|PM|Night)\)|Meetings Coverage")
DATE = re.compile(r"\b(\d{1,2}) (" + "|".join(MONTHS) + r") (\d{4})\b")

_PARTY = r"(?P<party>(?:the )?[A-Z][\w'’.-]*(?: (?:[A-Z][\w'’.-]*|of|the|and|de|d'Ivoire|\([A-Z][^)]*\)))*)"
_ROLE_NOUNS = (
    r"(?:representative|delegate|speaker|Ambassador|ambassador|Permanent Representative|envoy|delegation"
    r"|Minister for Foreign Affairs|Foreign Minister|Minister|Deputy Permanent Representative|Deputy Minister"
    r"|President|Vice-President|Prime Minister|Deputy Prime Minister|Secretary of State|Observer|observer)"
)
_VERB_WORDS = (
    r"(?:said|says|stressed|noted|emphasized|emphasised|underscored|underlined|highlighted|pointed|recalled"
    r"|expressed|welcomed|urged|called|added|warned|observed|spoke|voiced|condemned|reiterated|stated"
    r"|declared|argued|agreed|asked|affirmed|reaffirmed|described|joined|echoed|praised|lamented|questioned"
    r"|cautioned|insisted|explained|announced|acknowledged|commended|regretted|recognized|recognised|drew"
    r"|appealed|deplored|expressing|saying|stressing|noting|went|also|meanwhile|however|turning|took|had"
    r"|was|is|who|then|further|likewise|similarly|briefed|briefing|told|reported|informed|began|opened)"
)
# "…, the representative of the Russian Federation said";
# "Speaking in her national capacity, the representative of Guyana".
REPRESENTATIVE_OF = re.compile(
    rf"^(?P<lead>[^.]{{0,160}}?,\s+)?(?P<label>[Tt]he (?:{_ROLE_NOUNS}) (?:of|for|from) {_PARTY})"
    rf"(?=[,;:.”’]|\s+[a-z]|\s+\(|\s*$)"
)
# "France's delegate", "The United States' representative".
POSSESSIVE = re.compile(
    rf"^(?P<lead>[^.]{{0,160}}?,\s+)?(?P<label>{_PARTY}['’]s? (?:{_ROLE_NOUNS}))(?=[,;:.”’]|\s+[a-z]|\s+\(|\s*$)"
)
# "VASSILY NEBENZIA (Russian Federation) said", "Vassily Nebenzia (Russian Federation) said".
NAME_AND_PARTY = re.compile(
    r"^(?P<label>(?P<name>[A-ZÀ-Þ][\w.'’-]*(?: (?:[A-ZÀ-Þ][\w.'’-]*|de|da|van|von|al|bin|del|la|dos)){0,6})"
    r" \((?P<party>[^()]+(?:\([^()]*\))?)\))"
)
# "IZUMI NAKAMITSU, High Representative for Disarmament Affairs, said"; "Secretary-General António Guterres".
BRIEFER = re.compile(
    r"^(?P<label>(?P<name>[A-ZÀ-Þ][\w.'’-]*(?: (?:[A-ZÀ-Þ][\w.'’-]*|de|da|van|von|al|bin|del|la|dos)){1,6}),"
    rf" (?P<title>[^;]{{3,240}}?)),? {_VERB_WORDS}\b"
)
SECRETARY_GENERAL = re.compile(
    r"^(?:[^.]{0,80}?,\s+)?(?P<label>(?:United Nations )?Secretary-General (?P<name>António Guterres|Antonio Guterres|"
    r"Ban Ki-moon|Kofi Annan|[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,3})|The Secretary-General)\b"
)
TITLE_WORDS = re.compile(
    r"Secretary|Representative|Envoy|Coordinator|Director|Commissioner|President|Chair|Head|Adviser|Advisor"
    r"|Minister|Chief|Prosecutor|Founder|Commander|Officer|Executive|Member|Professor|Fellow|Researcher"
    r"|Spokesperson|Registrar|Ambassador|Judge|Rapporteur|Expert|Leader|Activist|Advocate|Manager|Analyst",
)
QUOTE_FIRST = re.compile(rf"[“\"][^”\"]{{5,1200}}[”\"],?\s+(?:{_VERB_WORDS})\s+(?=[Tt]he |[A-Z])")
NATIONAL_CAPACITY = re.compile(r"national capacity|Council President|President of the (?:Security )?Council", re.I)
HEADING = re.compile(r"[A-Z][^.!?]{0,80}")
NOT_SPEECH = re.compile(
    r"^(?:The meeting (?:began|started|opened|ended|was suspended|resumed|closed|adjourned)|Also speaking (?:were|was)"
    r"|For information media|\* \* \*|\*\*\*|The full text of|For the full text|Action on|Action)",
)
SECRETARIAT_TITLE = re.compile(
    r"Secretary-General|Special Representative|Special Envoy|High Representative|Special Coordinator"
    r"|Special Adviser|Emergency Relief Coordinator|Under-Secretary|Assistant Secretary|United Nations"
    r"|Resident Coordinator|Humanitarian Coordinator|Force Commander|Officer-in-Charge|\bUN[A-Z]{1,8}\b|\bOCHA\b"
    r"|High Commissioner",
)


@dataclass
class _Speaker:
    label: str
    name: str
    party: str
    role: str
    party_text: str


def parse_press_release(text: str) -> Record:
    """Read a meetings-coverage press release; raise NotARecord when the text is not one."""
    release = RELEASE.search(text[:3000])
    paragraphs = layout.paragraphs(layout.split_lines(text))
    header = MEETING_HEADER.search(text[:3000])
    if release is None and header is None and not any(_speaker(" ".join(p.text.split())) for p in paragraphs[:80]):
        raise NotARecord("no SC/ press release number and no speaker paragraphs: not a press release")
    headline_end = _headline_end(paragraphs)
    meeting = Meeting(press_release=release.group(0) if release else "")
    header = " ".join(p.text for p in paragraphs[:headline_end])
    if found := MEETING.search(header):
        meeting.number = int(found.group(1))
        meeting.symbol = f"S/PV.{meeting.number}"
    if found := DATE.search(header):
        day, month, year = found.groups()
        meeting.date = f"{int(year):04d}-{MONTHS.index(month) + 1:02d}-{int(day):02d}"
    record = Record(kind="press-release", meeting=meeting, text=text)
    narrative = _turns(paragraphs, record)
    mentions = [(i, " ".join(paragraphs[i].text.split()), i < headline_end) for i in narrative]
    record.votes = read_votes(mentions)
    voters = {party for vote in record.votes for party in vote.in_favour + vote.against + vote.abstaining}
    for turn in record.turns:
        if turn.role == "" and (turn.party in voters or turn.party in countries.PERMANENT_MEMBERS):
            turn.role = Role.MEMBER
    for turn in record.turns:
        if turn.role in (Role.BRIEFER, Role.SECRETARIAT) and turn.name:
            meeting.invitations.append(
                Invitation(rule=39, party=turn.party, name=turn.name, title=turn.label, role=turn.role)
            )
    return record


def _headline_end(paragraphs: list[layout.Paragraph]) -> int:
    """The index of the first paragraph of running text: what precedes is header and headlines."""
    for index, paragraph in enumerate(paragraphs):
        words = paragraph.text.split()
        if len(words) >= 15 and paragraph.text.rstrip().endswith((".", "”", '"', ":")):
            return index
    return 0


@dataclass
class _Piece:
    """A paragraph, or the part of one from where it names another delegation."""

    start: int  # offsets in the text as given
    end: int
    text: str  # whitespace collapsed


SENTENCE_START = re.compile(r"(?<=[.!?”\"])\s+(?=[A-Z“\"])")


def _pieces(paragraph: layout.Paragraph) -> list[tuple[_Piece, _Speaker | None]]:
    """The paragraph, cut where a sentence after the first introduces another delegation
    ("Algeria's representative said … Guyana's representative observed …")."""
    text = paragraph.text
    cuts: list[tuple[int, _Speaker | None]] = [(0, _speaker(" ".join(text.split())))]
    for boundary in SENTENCE_START.finditer(text):
        rest = " ".join(text[boundary.end() : boundary.end() + 400].split())
        found = REPRESENTATIVE_OF.match(rest) or POSSESSIVE.match(rest)
        if found is None or (found.group("lead") or "").strip():
            continue
        speaker = _speaker(rest)
        previous = next((s for _, s in reversed(cuts) if s is not None), None)
        if speaker is not None and speaker.party and (previous is None or speaker.party != previous.party):
            cuts.append((boundary.end(), speaker))
    pieces = []
    for number, (at, speaker) in enumerate(cuts):
        until = cuts[number + 1][0] if number + 1 < len(cuts) else len(text)
        part = text[at:until].rstrip()
        pieces.append((_Piece(paragraph.offset(at), paragraph.offset(at + len(part)), " ".join(part.split())), speaker))
    return pieces


def _turns(paragraphs: list[layout.Paragraph], record: Record) -> list[int]:
    """Read the speakers' turns into `record`; return the indexes of the other paragraphs."""
    narrative: list[int] = []
    current: tuple[_Speaker, list[_Piece]] | None = None

    def close():
        if current is None:
            return
        speaker, parts = current
        record.turns.append(
            Turn(
                label=speaker.label,
                name=speaker.name,
                party=speaker.party,
                spoken_language="en",
                role=speaker.role,
                text="\n\n".join(part.text for part in parts),
                start=parts[0].start,
                end=parts[-1].end,
                kind="paraphrase",
            )
        )
        if speaker.party_text and not speaker.party:
            record.warnings.append(f"{speaker.label}: unknown party {speaker.party_text!r}")

    for index, paragraph in enumerate(paragraphs):
        pieces = _pieces(paragraph)
        first, speaker = pieces[0]
        if speaker is None:
            flat = first.text
            if NOT_SPEECH.match(flat) or _is_heading(flat) or reports_a_vote(flat.split(". ")[0]) or current is None:
                close()
                current = None
                narrative.append(index)
                if len(pieces) == 1:
                    continue
                pieces = pieces[1:]
        for piece, speaker in pieces:
            if speaker is None:
                current[1].append(piece)
            elif current is not None and _same_speaker(current[0], speaker):
                current[1].append(piece)
            else:
                close()
                current = (speaker, [piece])
    close()
    return narrative


def _same_speaker(one: _Speaker, other: _Speaker) -> bool:
    if one.party or other.party:
        return one.party == other.party and one.role == other.role
    return bool(one.name) and one.name == other.name


def _is_heading(flat: str) -> bool:
    """A short line without a full stop: "Briefings", "Statements", "Action on Draft"."""
    return len(flat) < 90 and not flat.endswith((".", ":", "”", '"', "’")) and bool(HEADING.fullmatch(flat))


def _speaker(flat: str) -> _Speaker | None:
    if quoted := QUOTE_FIRST.match(flat):
        # "“It would be a historic mistake …,” stated the representative of the United States."
        found = _speaker(flat[quoted.end() :])
        if found is not None:
            return found
    if match := REPRESENTATIVE_OF.match(flat) or POSSESSIVE.match(flat):
        party_text = _clean_party(match.group("party"))
        party = countries.party(party_text)
        if not party and not party_text:
            return None
        lead = match.group("lead") or ""
        role = _state_role(party)
        if NATIONAL_CAPACITY.search(lead) or NATIONAL_CAPACITY.search(flat[: match.end() + 60]):
            role = Role.PRESIDENT
        return _Speaker(label=match.group("label"), name="", party=party, role=role, party_text=party_text)
    if match := NAME_AND_PARTY.match(flat):
        party_text = _clean_party(match.group("party"))
        party = countries.party(party_text)
        # An unknown party needs words after it: "Asset Freeze (Entities)" alone is an annex's heading.
        goes_on = bool(re.match(r"\s*(?:,|[a-z])", flat[match.end() :]))
        if party or (_looks_like_a_name(match.group("name")) and goes_on):
            role = _state_role(party) if party else ""
            if NATIONAL_CAPACITY.search(flat[: match.end() + 80]):
                role = Role.PRESIDENT
            return _Speaker(match.group("label"), _name_case(match.group("name")), party, role, party_text)
    if match := SECRETARY_GENERAL.match(flat):
        return _Speaker(match.group("label"), match.group("name") or "", "", Role.SECRETARIAT, "")
    if match := BRIEFER.match(flat):
        name, title = match.group("name"), match.group("title")
        if TITLE_WORDS.search(title) and _looks_like_a_name(name) and not countries.party(name):
            role = Role.SECRETARIAT if SECRETARIAT_TITLE.search(title) else Role.BRIEFER
            party = next((org for org in countries.ORGANISATIONS if org in title), "")
            if NATIONAL_CAPACITY.search(title):
                found = re.search(r"\bof (?:the )?([A-Z][\w' -]+)$", title)
                party = countries.party(found.group(1)) if found else ""
                role = Role.PRESIDENT
            return _Speaker(match.group("label"), _name_case(name), party, role, "")
    return None


def _clean_party(text: str) -> str:
    text = " ".join(text.split()).removeprefix("the ").removeprefix("The ")
    text = re.sub(r"(?: (?:and|of|the))+$", "", text)
    return re.sub(r"['’]s?$", "", text).strip(" ,.")


def _state_role(party: str) -> str:
    if party in countries.OBSERVER_STATES:
        return Role.OBSERVER
    if party and not countries.is_state(party):
        return Role.BRIEFER
    return ""


def _looks_like_a_name(name: str) -> bool:
    words = name.split()
    return 2 <= len(words) <= 7 and words[0] not in ("The", "In", "On", "At", "As", "For", "Speaking", "Also")


def _name_case(name: str) -> str:
    """Older releases print names in capitals: "VASSILY NEBENZIA" → "Vassily Nebenzia"."""
    if not name.isupper():
        return name
    return " ".join(word.capitalize() if len(word) > 2 or not word.endswith(".") else word for word in name.split())
