"""What the record parsers return. Plain dataclasses, turned into the JSON of `parse_record` by `as_json`."""

from dataclasses import asdict, dataclass, field


@dataclass
class Person:
    name: str  # as printed: "Mr. Nebenzia", "Dame Barbara Woodward"
    party: str = ""  # ISO alpha-3 code for a state, an organisation's name otherwise, "" when unknown


@dataclass
class Member:
    party: str
    representative: str


@dataclass
class Invitation:
    """Someone invited to take part: a state under rule 37, a briefer under rule 39."""

    rule: int  # 37 or 39
    party: str = ""  # for rule 37, the state's alpha-3 code
    name: str = ""  # for rule 39, the person as the record names them
    title: str = ""  # for rule 39, their title: "Executive Director, Conflict Armament Research"
    role: str = ""  # a Role: invited or observer (rule 37), secretariat or briefer (rule 39)


@dataclass
class Meeting:
    symbol: str = ""  # "S/PV.9669"
    number: int | None = None
    date: str = ""  # ISO 8601
    time: str = ""  # the scheduled time on the front page, 24-hour "HH:MM" ("10 a.m." → "10:00")
    called_to_order: str = ""  # "10.05" as 24-hour "HH:MM"
    adjourned: str = ""
    place: str = ""
    president: Person | None = None
    members: list[Member] = field(default_factory=list)
    agenda: list[str] = field(default_factory=list)
    invitations: list[Invitation] = field(default_factory=list)
    press_release: str = ""  # "SC/15755", for a press release


class Role:
    PRESIDENT = "president"
    MEMBER = "member"
    INVITED = "invited"  # a state under rule 37
    BRIEFER = "briefer"  # under rule 39
    SECRETARIAT = "secretariat"
    OBSERVER = "observer"


class Outcome:
    ADOPTED = "adopted"
    NOT_ADOPTED = "not-adopted"  # fewer than nine votes in favour
    VETOED = "vetoed"  # the negative vote of a permanent member


@dataclass
class Turn:
    label: str  # as printed, without the colon: "Mr. Nebenzia (Russian Federation) (spoke in Russian)"
    name: str  # "Mr. Nebenzia"; for "The President", the president's name from the front page
    party: str  # alpha-3, an organisation's name, or ""
    spoken_language: str  # ISO 639-1: "en" when the record gives no "(spoke in …)"
    role: str  # a Role
    text: str
    start: int  # offsets of `text` in the text the parser read
    end: int
    kind: str = "speech"  # "speech" for a record; "paraphrase" for a press release's paragraph


@dataclass
class Vote:
    draft: str  # "S/2024/255"; "" for a procedural vote
    in_favour: list[str] = field(default_factory=list)  # alpha-3 codes, in the record's order
    against: list[str] = field(default_factory=list)
    abstaining: list[str] = field(default_factory=list)
    counts: dict | None = None  # {"in_favour": 13, "against": 1, "abstaining": 1} when the text gives counts
    outcome: str = ""  # an Outcome, "" when the record does not say
    outcome_sentence: str = ""
    resolution: str = ""  # "2730 (2024)"
    vetoed_by: list[str] = field(default_factory=list)
    not_participating: list[str] = field(default_factory=list)  # "Did not participate in the voting:"


@dataclass
class Record:
    kind: str  # "verbatim" or "press-release"
    meeting: Meeting
    turns: list[Turn] = field(default_factory=list)
    votes: list[Vote] = field(default_factory=list)
    procedure: list[str] = field(default_factory=list)  # "The agenda was adopted.", invitations, in order
    warnings: list[str] = field(default_factory=list)
    text: str = ""  # the text the offsets point into


def as_json(record):
    """The structure `parse_record --format json` prints (the text itself left out)."""
    data = asdict(record)
    data.pop("text")
    return data
