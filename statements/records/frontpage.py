"""The front page of a verbatim record: symbol, meeting, date, place, President, members, agenda.

    S/PV.9669                      Security Council · Seventy-ninth year
    9669th meeting
    Friday, 28 June 2024, 10 a.m.
    New York
    President: Mr. Kariuki . . . . . . . . . . . . . . . (United Kingdom of Great Britain and Northern Ireland)
    Members:   Algeria . . . . . . . . . . . . . . . . . . Mr. Bendjama
               China . . . . . . . . . . . . . . . . . . . Mr. Fu Cong
    Agenda
    Non-proliferation/Democratic People's Republic of Korea

Text taken from the PDF may give the table's two columns one after the other (every country,
then every name) and wraps long names over two lines; the members are paired up in order.
"""

from __future__ import annotations

import re

from statements.records import countries
from statements.records.datatypes import Meeting, Member, Person
from statements.records.labels import HONORIFICS
from statements.records.layout import SYMBOL, Paragraph

MONTHS = "January February March April May June July August September October November December".split()
NUMBER = re.compile(r"\b(\d{1,5})(?:st|nd|rd|th)\s+meeting\b|\bMeeting\s+(\d{1,5})\b", re.IGNORECASE)
_UNITS = "first second third fourth fifth sixth seventh eighth ninth".split()
_TEENS = "tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
ORDINALS = {word: n for n, word in enumerate(_UNITS, start=1)} | {word: n for n, word in enumerate(_TEENS, start=10)}
ORDINALS |= {f"{tens[:-1]}ieth": 20 + 10 * i for i, tens in enumerate(_TENS)}
ORDINALS |= {
    f"{tens}-{unit}": 20 + 10 * i + u for i, tens in enumerate(_TENS) for u, unit in enumerate(_UNITS, start=1)
}
ORDINAL_MEETING = re.compile(r"\b(" + "|".join(sorted(ORDINALS, key=len, reverse=True)) + r")\s+meeting\b", re.I)
HELD = re.compile(
    r"\bHeld (?:at|in) (?P<place>[^\n]{2,80}?),? on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
)
PRESENT = re.compile(
    r"\bPresent\s*:\s*(?:The representatives of the following (?:States|countries|members|Members)\s*:\s*)?"
    r"(?P<list>[^:]+?)(?:\.(?=\s|$)|$)"
)
DATE = re.compile(
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+(\d{1,2})\s+("
    + "|".join(MONTHS)
    + r")\s+(\d{4})(?:,?\s+(?:at\s+)?(\d{1,2}(?:[.:]\d{2})?\s*(?:[ap]\.\s?m\.|noon)|noon))?"
)
PRESIDENT = re.compile(r"\b(?:President|Temporary Chairman|Chairman)\s*:\s*(?P<rest>.{1,400})", re.DOTALL)
LEADER = re.compile(r"\s*(?:\.\s*){3,}|\s*…+\s*|\t+|\s{3,}")
_HONORIFIC_ANYWHERE = re.compile(
    r"(?:^|\s)(?=(?:" + "|".join(re.escape(h) + r"\.?" for h in HONORIFICS if h[0].isupper()) + r")\s+[A-Z])"
)
HONORIFIC_START = re.compile(r"(?:" + "|".join(re.escape(h) + r"\.?" for h in HONORIFICS) + r")\s+\S")
PLACES = ("New York", "Geneva", "Nairobi", "Addis Ababa", "Panama City", "Windhoek", "Paris", "London")
TIME = re.compile(r"(\d{1,2})(?:[.:](\d{2}))?\s*(a|p)\.?\s?m\.?|(\d{1,2})?\s*noon|(midnight)", re.IGNORECASE)


def to_24h(value: str) -> str:
    """ "10.05 a.m." → "10:05", "1.15 p.m." → "13:15", "noon" → "12:00"; "" when unreadable."""
    match = TIME.search(value)
    if match is None:
        return ""
    if match.group(5):
        return "00:00"
    if match.group(3) is None:
        return "12:00"
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if match.group(3).lower() == "p" and hour != 12:
        hour += 12
    elif match.group(3).lower() == "a" and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute:02d}"


def read_front_page(front: list[Paragraph]) -> Meeting:
    meeting = Meeting()
    lines = [line.text for paragraph in front for line in paragraph.lines]
    joined = " ".join(" ".join(lines).split())
    if symbol := SYMBOL.search(joined):
        meeting.symbol = " ".join(symbol.group(0).split())
    if symbol:
        meeting.number = int(re.search(r"\d+", symbol.group(0)).group(0))
    elif number := NUMBER.search(joined):
        meeting.number = int(number.group(1) or number.group(2))
    elif ordinal := ORDINAL_MEETING.search(joined):
        meeting.number = ORDINALS[ordinal.group(1).lower()]
    if meeting.number is not None and not meeting.symbol:
        meeting.symbol = f"S/PV.{meeting.number}"
    if date := DATE.search(joined):
        day, month, year, time = date.groups()
        meeting.date = f"{int(year):04d}-{MONTHS.index(month) + 1:02d}-{int(day):02d}"
        meeting.time = to_24h(time) if time else ""
        meeting.place = _place(lines, joined[date.end() :])
    if held := HELD.search(joined):
        meeting.place = held.group("place")
    meeting.president = _president(joined)
    meeting.members = _members(lines)
    if not meeting.members and (present := _present(front)):
        meeting.members = [
            Member(party=countries.party(name) or name, representative="")
            for name in countries.split_names(present.group("list"))
        ]
    meeting.agenda = _agenda(front)
    return meeting


def _place(lines: list[str], after_date: str) -> str:
    for place in PLACES:
        if after_date.lstrip().startswith(place):
            return place
    for index, line in enumerate(lines):
        if DATE.search(line) and index + 1 < len(lines):
            following = lines[index + 1].strip()
            words = following.split()
            if 0 < len(words) <= 4 and not any(ch.isdigit() for ch in following) and following[0].isupper():
                if following not in ("Provisional", "President:") and not following.startswith("President"):
                    return following
    return ""


def _president(joined: str) -> Person | None:
    match = PRESIDENT.search(joined)
    if match is None:
        return None
    rest = match.group("rest")
    opening = rest.find("(")
    if opening < 0:
        return None
    name = LEADER.split(rest[:opening].strip())[0].strip(" .")
    country = _balanced(rest, opening)
    if not name or country is None:
        return None
    return Person(name=name, party=countries.party(country) or country)


def _balanced(text: str, opening: int) -> str | None:
    depth = 0
    for index in range(opening, len(text)):
        if text[index] == "(":
            depth += 1
        elif text[index] == ")":
            depth -= 1
            if depth == 0:
                return " ".join(text[opening + 1 : index].split())
    return None


def _members(lines: list[str]) -> list[Member]:
    start = next((i for i, line in enumerate(lines) if re.match(r"Members\s*:", line)), None)
    if start is None:
        return []
    table: list[str] = []
    first = re.sub(r"^Members\s*:\s*", "", lines[start])
    if first:
        table.append(first)
    for line in lines[start + 1 :]:
        if re.fullmatch(r"Agenda\b.*", line) and len(line) < 40 or line.startswith("Agenda"):
            break
        table.append(line)
    return _pair(table)


def _present(front: list[Paragraph]) -> re.Match | None:
    """The older records' "Present: The representatives of the following States: …" (its paragraph)."""
    for paragraph in front:
        if "Present" in paragraph.text and (found := PRESENT.search(" ".join(paragraph.text.split()))):
            return found
    return None


def _split_row(line: str) -> tuple[str, str]:
    """(country part, name part) of a row of the members' table; either may be empty."""
    parts = [part for part in LEADER.split(line.strip()) if part.strip(" .")]
    if len(parts) >= 2:
        return parts[0].strip(" ."), " ".join(parts[1:]).strip()
    text = parts[0].strip() if parts else ""
    if not text:
        return "", ""
    if HONORIFIC_START.match(text):
        return "", text
    honorific = _HONORIFIC_ANYWHERE.search(text)
    if honorific is not None and honorific.start() > 0:
        return text[: honorific.start()].strip(" ."), text[honorific.start() :].strip()
    # A row that ended with its leader: the country alone (its name comes later in the column).
    return text.strip(" ."), ""


def _pair(table: list[str]) -> list[Member]:
    rows = [_split_row(line) for line in table]
    countries_in_order: list[list[str]] = []  # [country text, name or ""]
    loose_names: list[str] = []
    pending_prefix = ""
    for index, (country, name) in enumerate(rows):
        if country and not name and not countries.party(pending_prefix + country) and not _is_leader_row(table[index]):
            # A country without a leader that is not a name on its own: the first half of a wrapped name.
            following = rows[index + 1][0] if index + 1 < len(rows) else ""
            if following and countries.party(f"{pending_prefix}{country} {following}"):
                pending_prefix = f"{pending_prefix}{country} "
                continue
            # Otherwise the rest of the previous name ("Al" / "Hassan") if there is one.
            if countries_in_order and countries_in_order[-1][1]:
                countries_in_order[-1][1] += " " + country
                continue
            if loose_names:
                loose_names[-1] += " " + country
                continue
        if country:
            countries_in_order.append([pending_prefix + country, name])
            pending_prefix = ""
        elif name:
            loose_names.append(name)
    names = iter(loose_names)
    members = []
    for country, name in countries_in_order:
        if not name:
            name = next(names, "")
        members.append(Member(party=countries.party(country) or country, representative=" ".join(name.split())))
    return members


def _is_leader_row(line: str) -> bool:
    return bool(re.search(r"(?:\.\s*){3,}|…", line))


AGENDA_HEADING = re.compile(r"(?:\d{1,3}\.\s*)?(?:Provisional agenda|Agenda)\b[^.]*", re.IGNORECASE)
ITEM_NUMBER = re.compile(r"(\d{1,3})\.\s+")
FOOTNOTE_MARK = re.compile(r"\[\d{1,3}\]|(?<=\.)(?=\S)[^<\n]{0,200}</ref>|</?ref>")
FRONT_END = re.compile(r"This record contains|The meeting was called to order|Adoption of the agenda$")


def _agenda(front: list[Paragraph]) -> list[str]:
    """The agenda's items, as printed: after "Agenda" (or "Provisional agenda"), or the numbered
    items after the list of members in the older records, which print no heading.

    Numbered items run 1, 2, 3 …: a number out of sequence (the next section, "17. Filming of
    proceedings", or the footnotes, "1. See Official Records …") ends the list.
    """
    lines = [" ".join(line.text.split()) for paragraph in front for line in paragraph.lines]
    starts = [line.startswith(("Members", "Present")) for line in lines]
    heading = next((i for i, line in enumerate(lines) if AGENDA_HEADING.fullmatch(line)), None)
    if heading is not None:
        candidates = lines[heading + 1 :]
    else:
        after = max((i for i, is_start in enumerate(starts) if is_start), default=None)
        if after is None:
            return []
        candidates = [line for line in lines[after + 1 :]]
        if not candidates or not ITEM_NUMBER.match(candidates[0]):
            return []
    items: list[str] = []
    numbered = bool(candidates) and ITEM_NUMBER.match(candidates[0]) is not None
    expected = None
    for line in candidates:
        if FRONT_END.match(line) or SYMBOL.fullmatch(line) or re.fullmatch(r"[\d\s/()E*-]+", line):
            break
        number = ITEM_NUMBER.match(line)
        if numbered:
            if number is None:
                if items:
                    items[-1] += " " + line
                continue
            value = int(number.group(1))
            if expected is not None and value != expected:
                break
            expected = value + 1
            line = line[number.end() :]
        items.append(line)
    items = [" ".join(FOOTNOTE_MARK.sub("", item).split()) for item in items]
    # The last item of a list whose items end with a full stop, cut by the end of the excerpt.
    if len(items) > 1 and all(item.endswith(".") for item in items[:-1]) and not items[-1].endswith("."):
        items.pop()
    return [item for item in items if item]
