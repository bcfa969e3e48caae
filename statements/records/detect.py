"""What a text is: an English verbatim record, a press release, or something else (NotARecord).

Looks only at the opening of the text (the first 6,000 characters), so it costs the same for
any length. The messages are one line each: the editor shows them as they are.
"""

from __future__ import annotations

import re
import unicodedata

from statements.records.errors import NotARecord

HEAD = 6000

SCRIPTS = (("CYRILLIC", "Russian"), ("CJK", "Chinese"), ("ARABIC", "Arabic"))
# Phrases printed in every record of that language, and never in an English one.
MARKERS = {
    "French": re.compile(
        r"Le Président|La Présidente|Conseil de sécurité|La séance est ouverte|\(parle en \w+\)|Ordre du jour"
        r"|L'ordre du jour est adopté|séance"
    ),
    "Spanish": re.compile(
        r"El Presidente|La Presidenta|Consejo de Seguridad|Se abre la sesión|\(habla en \w+\)|Orden del día"
        r"|Queda aprobado el orden del día|sesión"
    ),
}
ENGLISH = re.compile(r"\bThe President\b|\bSecurity Council\b|\bmeeting\b|\(spoke in \w+\)|\bAgenda\b")

RESOLUTION = re.compile(
    r"^\W*(?:United Nations\s+)?(?:S/RES/\d+\s*\(\d{4}\)\s*)?.{0,200}?"
    r"Resolution\s+(\d+\s*\(\d{4}\))\s+Adopted by the Security Council",
    re.DOTALL | re.IGNORECASE,
)
LETTER = re.compile(
    r"^.{0,600}?\b(Letter|Note verbale|Identical letters) dated [^\n]{0,200}?addressed to the "
    r"(?:President of the Security Council|Secretary-General)",
    re.DOTALL,
)
REPORT = re.compile(r"^.{0,600}?\bReport of the Secretary-General\b", re.DOTALL)
PRESIDENTIAL_STATEMENT = re.compile(r"^.{0,400}?S/PRST/\d{4}/\d+", re.DOTALL)
VERBATIM = re.compile(r"S/PV\.\d+")
LABEL_LIKE = re.compile(r"^(?:\d+\.\s)?(?:The President|The PRESIDENT|Mr\.|Mrs\.|Ms\.)[^\n:]{0,120}:", re.MULTILINE)
# What a record's front page prints, from 1946 to now.
VERBATIM_SIGNS = re.compile(
    r"S/PV\.\d+|^(?:President|Temporary Chairman)\s*:|^Members\s*:|^Present\s*:|The meeting was called to order"
    r"|\bMEETING\b|^Held (?:at|in) |Security Council Meeting \d+|^Agenda$|The agenda was adopted",
    re.MULTILINE,
)
PRESS = re.compile(r"\bSC/\d{4,5}\b|Meetings Coverage|press\.un\.org|Press Release|Meeting \((?:AM|PM|Night)\)")
PRESS_SIGNS = re.compile(
    r"\bSC/\d{4,5}\b|Meeting \((?:AM|PM|Night)\)|the (?:representative|delegate|speaker) (?:of|for)\b"
    r"|\bSecurity Council today\b|\b(?:he|she) said\b|['’]s (?:representative|delegate)\b"
    r"|\b(?:briefed|told) the (?:Security )?Council\b|^[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+)+, [A-Z][^,\n]{3,200}, said\b"
    r"|\bthe (?:Security )?Council (?:today|heard|was told)\b"
    r"|^Briefings?$|^Statements$",
    re.MULTILINE,
)


def language(text: str) -> str:
    """ "English", or the name of the UN language the text is written in."""
    head = text[:HEAD]
    letters = [ch for ch in head if ch.isalpha()]
    if letters:
        for script, name in SCRIPTS:
            count = sum(1 for ch in letters if ch > "\u024f" and script in unicodedata.name(ch, ""))
            if count > len(letters) * 0.2:
                return name
    english = len(ENGLISH.findall(head))
    for name, marker in MARKERS.items():
        if len(marker.findall(head)) > max(2, english):
            return name
    return "English"


def kind(text: str) -> str:
    """ "verbatim" or "press-release"; raises NotARecord for anything else."""
    written_in = language(text)
    if written_in != "English":
        raise NotARecord(f"the text is in {written_in}, not English: only English records can be read")
    head = text[:HEAD]
    if match := RESOLUTION.search(head[:1500]):
        raise NotARecord(
            f"this is Security Council resolution {' '.join(match.group(1).split())}, not a meeting record"
        )
    if match := LETTER.search(head[:1500]):
        if not LABEL_LIKE.search(head):
            raise NotARecord(f"this is a {match.group(1).lower()} to the Council, not a meeting record")
    if REPORT.search(head[:1000]) and not LABEL_LIKE.search(head):
        raise NotARecord("this is a report of the Secretary-General, not a meeting record")
    if PRESIDENTIAL_STATEMENT.search(head) and not VERBATIM.search(head):
        raise NotARecord("this is a statement by the President of the Security Council, not a meeting record")
    verbatim = len(VERBATIM_SIGNS.findall(head)) + 2 * len(LABEL_LIKE.findall(head))
    press = len(PRESS_SIGNS.findall(head)) + (3 if PRESS.search(head[:1500]) else 0)
    if press and press > verbatim:
        return "press-release"
    if verbatim >= 2:
        return "verbatim"
    raise NotARecord("no S/PV symbol, speaker labels or press release number found: not a Security Council record")
