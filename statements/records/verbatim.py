"""Reading a Security Council verbatim record (S/PV.NNNN) into a Record.

The text is either clean (one paragraph per line, or paragraphs separated by blank lines) or
taken from the PDF with its page furniture; `layout` turns either into paragraphs that keep
their offsets in the text as given. The front page comes first, up to the first paragraph of
the meeting itself ("The meeting was called to order …" or the first speaker). Then each
paragraph is one of:

- a procedural sentence printed in italics between the speeches ("The agenda was adopted.",
  "A vote was taken by show of hands.", "The meeting rose at 1.15 p.m."): it ends the current
  turn and goes to `Record.procedure`;
- a list of ballots ("In favour:", "Against:", "Abstaining:") after a vote was taken;
- a heading (an agenda item, "Adoption of the agenda"): it ends the current turn;
- a paragraph opening with a speaker label ("Mr. Nebenzia (Russian Federation) (spoke in
  Russian):"), which starts a turn;
- otherwise the next paragraph of the current turn.

Offsets: `Turn.start` and `Turn.end` point into the string given to `parse_verbatim` (also
kept as `Record.text`): `text[start:end]` runs from the first character after the label's
colon to the last character of the turn's last paragraph, so it still holds any page
furniture the speech crossed; `Turn.text` is the same speech cleaned of it, its lines joined
(words broken by a hyphen at a line's end mended) and its paragraphs separated by blank lines.

The President's words stay in the President's turns, including the invitations under rules 37
and 39 and the announcement of a vote's result; those are also read into
`Meeting.invitations` and `Record.votes`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from statements.records import countries, detect, layout
from statements.records.datatypes import Invitation, Meeting, Record, Role, Turn
from statements.records.errors import NotARecord
from statements.records.frontpage import read_front_page, to_24h
from statements.records.labels import HONORIFICS, Label, match_label
from statements.records.votes import BALLOT_LIST, OutcomeReader, ballot_key, read_ballots

CALLED_TO_ORDER = re.compile(r"The meeting (?:was called to order|was opened|began) at (.+?)\.?$")
ROSE = re.compile(r"The meeting (?:rose|was adjourned|ended|closed) at (.+?)\.?$")
# Sentences printed in italics between speeches: past tense narration, never the President's words.
PROCEDURE = re.compile(
    r"(?:The agenda was adopted|The provisional agenda was adopted"
    r"|(?:A|The) (?:vote|recorded vote) was taken by (?:a )?(?:show of hands|roll[- ]call|secret ballot)"
    r"|A (?:recorded )?vote was taken"
    r"|The meeting (?:was called to order|rose|was suspended|was resumed|resumed|was adjourned|was opened|began|closed)"
    r" at .{1,80}"
    r"|The meeting (?:was suspended|was resumed|resumed)"
    r"|The members of the (?:Security )?Council (?:observed|stood for) .{1,80}"
    r"|(?:A|One) minute of silence was observed"
    r"|.{1,160}?\b(?:took|returned to|resumed|vacated) the Chair"
    r"|.{1,200}?\btook (?:a |their |his |her )?(?:seats?|places?) at the Council table"
    r"|.{1,120}? (?:was|were) (?:escorted|conducted) (?:to|from) .{1,120}"
    r"|The (?:Council|Security Council) (?:proceeded|began|resumed) (?:to|its) .{1,160}"
    r"|The (?:draft )?(?:resolution|decision) was adopted (?:unanimously|without a vote)[^.]{0,80}"
    r"|Statement by the President"
    r"|At the invitation of the (?:President|Chairman)\b.*"
    r"|The (?:Council|President) (?:then )?proceeded to a (?:vote|secret ballot)[^.]{0,80}"
    r")\.?",
)
HEADINGS = re.compile(r"(?:Adoption of the agenda|Expression of (?:thanks|welcome|sympathy).{0,120}|Tribute .{0,120})")
INVITE_37 = re.compile(
    r"rule 37 of (?:the|its) (?:Council's )?provisional rules of procedure,?\s+I (?:also )?invite\s+(?P<who>.+?)"
    r"\s+to participate in (?:this|the) meeting",
    re.DOTALL,
)
INVITE_39 = re.compile(
    r"rule 39 of (?:the|its) (?:Council's )?provisional rules of procedure,?\s+I (?:also )?invite\s+"
    r"(?:the following (?:briefers?|individuals?|speakers?)(?: to participate in (?:this|the) meeting)?\s*:\s*)?"
    r"(?P<who>.+?)(?:,?\s+to participate in (?:this|the) meeting|\.(?=\s|$)(?<![A-Z][a-z]\.)(?<!\b[A-Z]\.)(?<!Mrs\.)"
    r"|$)",
    re.DOTALL,
)
REPRESENTATIVES = re.compile(r"^(?:the\s+)?representatives?\s+of\s+", re.IGNORECASE)
HONORIFIC_PREFIX = re.compile(
    r"^(?:(?:His|Her) (?:Excellency|Royal Highness|Majesty|Highness)\s+)?(?:"
    + "|".join(re.escape(h) + r"\.?" for h in HONORIFICS)
    + r")\s"
)
SECRETARIAT_TITLE = re.compile(
    r"Secretary-General|Special Representative|Special Envoy|High Representative|Special Coordinator"
    r"|Special Adviser|Emergency Relief Coordinator|Under-Secretary|Assistant Secretary|United Nations"
    r"|Force Commander|Police Commissioner|Police Adviser|Military Adviser|Resident Coordinator"
    r"|Humanitarian Coordinator|Officer-in-Charge|Office for the Coordination|Department of"
    r"|\bUN[A-Z]{1,8}\b|\bOCHA\b|\bWFP\b|\bOHCHR\b|High Commissioner",
    re.IGNORECASE,
)
SECRETARIAT_OFFICES = ("secretary-general", "deputy secretary-general")
PRESIDENT_OFFICES = ("president", "acting president")


@dataclass
class _OpenTurn:
    label: Label
    paragraphs: list[layout.Paragraph] = field(default_factory=list)
    first_text_start: int = 0  # where the speech starts in the first paragraph's text


def parse_verbatim(text: str) -> Record:
    """Read a verbatim record; raise NotARecord when the text is not one."""
    found = detect.kind(text)
    if found != "verbatim":
        raise NotARecord(f"this is a {found.replace('-', ' ')}, not a verbatim record")
    paragraphs = layout.paragraphs(layout.remove_furniture(layout.split_lines(text)), opens=_opens_paragraph)
    body = _body_start(paragraphs)
    front_end = paragraphs[body].start if body is not None else len(text)
    meeting = read_front_page(layout.paragraphs(layout.split_lines(text[:front_end])))
    if body is None and meeting.president is None and not meeting.members:
        raise NotARecord("no front page, no speaker and no 'The meeting was called to order': not a verbatim record")
    record = Record(kind="verbatim", meeting=meeting, text=text)
    reader = _BodyReader(record)
    for paragraph in paragraphs[body:] if body is not None else []:
        reader.feed(paragraph)
    reader.finish()
    return record


def _opens_paragraph(line: str) -> bool:
    """A line of hard-wrapped text that starts a paragraph whatever precedes it."""
    if match_label(line) is not None or BALLOT_LIST.match(line):
        return True
    return PROCEDURE.fullmatch(" ".join(line.split())) is not None


def _body_start(paragraphs: list[layout.Paragraph]) -> int | None:
    for index, paragraph in enumerate(paragraphs):
        flat = " ".join(paragraph.text.split())
        if CALLED_TO_ORDER.match(flat) or flat.startswith(("Adoption of the agenda", "The agenda was adopted")):
            return index
        if match_label(paragraph.text) is not None:
            return index
    return None


class _BodyReader:
    def __init__(self, record: Record):
        self.record = record
        self.meeting: Meeting = record.meeting
        self.open: _OpenTurn | None = None
        self.open_turns: list[_OpenTurn] = []
        self.ballot_key: str | None = None  # the list being read after "In favour:" and the like
        self.outcomes = OutcomeReader(record, council(self.meeting))
        self.agenda = {_key(item) for item in self.meeting.agenda}

    def feed(self, paragraph: layout.Paragraph) -> None:
        flat = " ".join(paragraph.text.split())
        if PROCEDURE.fullmatch(flat):
            self._close()
            self._procedure(flat)
            return
        if BALLOT_LIST.match(flat):
            self._close()
            self._ballots(paragraph)
            return
        label = match_label(paragraph.text)
        if label is None and self.ballot_key is not None and self._ballots(paragraph):
            return
        self.ballot_key = None
        if label is not None:
            self._close()
            self.open = _OpenTurn(label=label, paragraphs=[paragraph], first_text_start=label.end)
            return
        if _key(flat) in self.agenda or HEADINGS.fullmatch(flat):
            self._close()
            return
        if self.open is not None:
            self.open.paragraphs.append(paragraph)
        # A paragraph before the first speaker that is none of the above (a heading of an
        # older layout, a stray line of the front page) belongs to no speech.

    def _procedure(self, flat: str) -> None:
        self.record.procedure.append(flat)
        if (match := CALLED_TO_ORDER.match(flat)) and not self.meeting.called_to_order:
            self.meeting.called_to_order = to_24h(match.group(1))
        elif match := ROSE.match(flat):
            self.meeting.adjourned = to_24h(match.group(1))
        elif re.match(r"(?:A|The) (?:recorded )?vote was taken", flat):
            self.outcomes.vote_taken()

    def _ballots(self, paragraph: layout.Paragraph) -> bool:
        """Read lists of ballots ("In favour:" …, possibly several in one paragraph).

        A paragraph without a heading continues the list opened before; it is not a list (and
        False is returned) when its lines are not all names of states.
        """
        sections: list[tuple[str | None, list[str]]] = [(self.ballot_key, [])]
        for line in paragraph.lines:
            heading = BALLOT_LIST.match(line.text)
            if heading is not None:
                sections.append((ballot_key(heading.group(1)), [heading.group(2)]))
            else:
                sections[-1][1].append(line.text)
        if sections[0][1]:
            names, unknown = read_ballots(sections[0][1])
            if unknown or not names:
                return False
        for key, lines in sections:
            if key is None:
                continue
            names, unknown = read_ballots(lines)
            self.outcomes.add_ballots(key, names, unknown)
            self.ballot_key = key
        return True

    def _close(self) -> None:
        if self.open is None:
            return
        self.open_turns.append(self.open)
        speech = _flat_text(self.open)
        _read_invitations(speech, self.meeting, self.record)
        is_president = self.open.label.office.casefold() in PRESIDENT_OFFICES
        self.outcomes.read_speech(speech, is_president)
        self.open = None

    def finish(self) -> None:
        self._close()
        self.outcomes.finish()
        for open_turn in self.open_turns:
            self.record.turns.append(_turn(open_turn, self.meeting, self.record.warnings))


def council(meeting: Meeting) -> list[str]:
    """The parties sitting on the Council: the members' table leaves out the presiding country."""
    parties = [member.party for member in meeting.members]
    president = meeting.president.party if meeting.president is not None else ""
    if president and president not in parties:
        # In the table's alphabetical order, as a list of ballots would have it.
        parties.append(president)
        parties.sort(key=lambda party: countries.normalise(countries.un_name(party)))
    return parties


def _key(text: str) -> str:
    return " ".join(text.casefold().split()).strip(" .")


def _flat_text(open_turn: _OpenTurn) -> str:
    first, *rest = open_turn.paragraphs
    texts = [first.text[open_turn.first_text_start :], *(p.text for p in rest)]
    return " ".join(" ".join(texts).split())


def _turn_text(open_turn: _OpenTurn) -> str:
    first, *rest = open_turn.paragraphs
    texts = [first.text[open_turn.first_text_start :], *(p.text for p in rest)]
    return "\n\n".join(" ".join(text.split()) for text in texts if text.strip())


def _turn(open_turn: _OpenTurn, meeting: Meeting, warnings: list[str]) -> Turn:
    label = open_turn.label
    first = open_turn.paragraphs[0]
    if open_turn.first_text_start < len(first.text):
        start = first.offset(open_turn.first_text_start)
    elif len(open_turn.paragraphs) > 1:
        start = open_turn.paragraphs[1].start
    else:
        start = first.end
    turn = Turn(
        label=label.label,
        name=label.name,
        party="",
        spoken_language=label.language or "en",
        role="",
        text=_turn_text(open_turn),
        start=start,
        end=open_turn.paragraphs[-1].end,
    )
    _attribute(turn, label, meeting, warnings)
    return turn


def _attribute(turn: Turn, label: Label, meeting: Meeting, warnings: list[str]) -> None:
    """Fill the turn's name, party and role from its label, the front page and the invitations."""
    members = set(council(meeting))
    if label.office.casefold() in PRESIDENT_OFFICES:
        turn.role = Role.PRESIDENT
        if meeting.president is not None:
            turn.name = meeting.president.name
            turn.party = meeting.president.party
        else:
            warnings.append(f"{label.label}: the front page names no President")
        return
    if label.office.casefold() in SECRETARIAT_OFFICES:
        turn.role = Role.SECRETARIAT
        return
    if label.party_text:
        party = countries.party(label.party_text)
        if not party:
            warnings.append(f"{label.label}: unknown party {label.party_text!r}")
            return
        turn.party = party
        if party in countries.OBSERVER_STATES:
            turn.role = Role.OBSERVER
        elif party in members:
            turn.role = Role.MEMBER
        elif countries.is_state(party):
            turn.role = Role.INVITED
        else:
            turn.role = Role.BRIEFER
        return
    invitation = _invitation_of(label.name, meeting.invitations)
    if invitation is not None:
        turn.role = Role.SECRETARIAT if SECRETARIAT_TITLE.search(invitation.title) else Role.BRIEFER
        turn.party = invitation.party if not countries.is_state(invitation.party) else ""
        if invitation.rule == 37 and invitation.party:
            turn.party, turn.role = invitation.party, Role.INVITED
        return
    for member in meeting.members:
        if member.representative and _same_person(label.name, member.representative):
            turn.party, turn.role = member.party, Role.MEMBER
            return
    if label.office:
        turn.role = Role.SECRETARIAT if SECRETARIAT_TITLE.search(label.office) else ""
        if turn.role:
            return
    warnings.append(f"{label.label}: no party in the label and no invitation by that name")


def _surname_words(name: str) -> list[str]:
    words = HONORIFIC_PREFIX.sub("", name + " ").split()
    return [word.casefold().strip(".,") for word in words]


def _same_person(label_name: str, full_name: str) -> bool:
    """ "Ms. DiCarlo" is "Ms. Rosemary DiCarlo": the label's words end the full name."""
    short, full = _surname_words(label_name), _surname_words(full_name)
    return bool(short) and len(short) <= len(full) and full[-len(short) :] == short


def _invitation_of(name: str, invitations: list[Invitation]) -> Invitation | None:
    for invitation in invitations:
        if invitation.name and _same_person(name, invitation.name):
            return invitation
    return None


def _read_invitations(speech: str, meeting: Meeting, record: Record) -> None:
    for match in INVITE_37.finditer(speech):
        record.procedure.append(_sentence_of(speech, match))
        for invitation in _invited_states(match.group("who")):
            if invitation not in meeting.invitations:
                meeting.invitations.append(invitation)
    for match in INVITE_39.finditer(speech):
        record.procedure.append(_sentence_of(speech, match))
        for invitation in _invited_people(match.group("who"), rule=39):
            if invitation not in meeting.invitations:
                meeting.invitations.append(invitation)


def _sentence_of(text: str, match: re.Match) -> str:
    """The whole sentence of an invitation: from the sentence's start to the full stop after `match`."""
    start = text.rfind(". ", 0, match.start())
    start = 0 if start < 0 else start + 2
    end = text.find(".", match.end() - 1)
    return text[start : end + 1 if end >= 0 else len(text)]


def _invited_states(who: str) -> list[Invitation]:
    who = " ".join(who.split())
    if HONORIFIC_PREFIX.match(who + " "):
        return _invited_people(who, rule=37)
    who = REPRESENTATIVES.sub("", who)
    invitations = []
    for name in countries.split_names(who):
        party = countries.party(name) or name
        invitations.append(Invitation(rule=37, party=party, role=_invited_role(party)))
    return invitations


def _invited_people(who: str, rule: int) -> list[Invitation]:
    """ "Ms. Rosemary DiCarlo, Under-Secretary-General for …; and Mr. X, Director of Y"."""
    invitations = []
    for item in re.split(r";\s*(?:and\s+)?|\s+and\s+(?=(?:His|Her)\s|(?:Mr|Mrs|Ms|Dr)\.?\s)", " ".join(who.split())):
        item = item.strip(" .;:")
        if not item:
            continue
        name, _, title = item.partition(", ")
        title = title.strip(" ,.")
        party = ""
        for organisation in countries.ORGANISATIONS:
            if organisation in title:
                party = organisation
                break
        if rule == 37:
            found = re.search(r"\bof (?:the )?([A-Z][^,]*)$", title)
            party = countries.party(found.group(1)) if found else ""
        if rule == 37:
            role = _invited_role(party)
        else:
            role = Role.SECRETARIAT if SECRETARIAT_TITLE.search(title) else Role.BRIEFER
        invitations.append(Invitation(rule=rule, party=party, name=name.strip(), title=title, role=role))
    return invitations


def _invited_role(party: str) -> str:
    return Role.OBSERVER if party in countries.OBSERVER_STATES else Role.INVITED
