"""Reading a search as typed: words, "phrases", `or`, `-word`, and fields such as `speaker:nebenzia`.

Plain Python, no Django: this module only reads the text and checks its form (a known field, a
well-formed date). What the values name — which delegate, country or topic — is for
`statements.querylang.resolve`, which reads the database.

The language:

    sanctions "nuclear test"     every word and phrase must match
    sanctions or embargo         either word
    -humanitarian                leave out statements with this word
    speaker:nebenzia             said by a delegate of this name (any spelling or alias)
    country:russia               on behalf of this country or organisation (name, demonym or code)
    about:usa                    mentioning this party, in any way
    accuses:russia               mentioning it so (also criticises, rejects, calls-on,
                                 defends, supports, mentions)
    topic:sanctions              on this topic (its name or slug)
    kind:quote                   quote, paraphrase or speech
    date:2024-06                 on this day, in this month or year
    from:2024-01-01 to:2024-06-30  within these dates (a month or a year also works)

A value with spaces goes in quotes (`country:"north korea"`); several values of one field,
separated by commas or given by repeating the field, are alternatives (`country:russia,china`).

A field or value that cannot be read is not fatal: it is left out and `Query.problems` says
what was not understood, so the rest of the search still runs. Only a search with nothing
left to look for raises ValueError.
"""

import calendar
import datetime
import difflib
import re
from dataclasses import dataclass, field

MAX_QUERY_LENGTH = 500

# Field name → what it selects. Synonyms map to the same name.
RELATIONS = ("accuses", "criticises", "rejects", "calls-on", "defends", "supports", "mentions")
FIELDS = {
    "speaker": "speaker",
    "by": "speaker",
    "delegate": "speaker",
    "country": "country",
    "party": "country",
    "about": "about",
    "topic": "topic",
    "kind": "kind",
    "date": "date",
    "year": "date",
    "from": "from",
    "since": "from",
    "to": "to",
    "until": "to",
    **{relation: relation for relation in RELATIONS},
    "criticizes": "criticises",
    "callson": "calls-on",
    "calls_on": "calls-on",
}
# The fields shown in messages, one name each.
CANONICAL_FIELDS = ("speaker", "country", "about", *RELATIONS, "topic", "kind", "date", "from", "to")

_TOKEN = re.compile(
    r"""(?P<neg>-?)(?:
        (?P<field>[A-Za-z][A-Za-z_-]{0,19}):(?:"(?P<fquoted>[^"]*)"?|(?P<fvalue>[^\s"]+))
      | "(?P<phrase>[^"]*)"?
      | (?P<bare>\S+)
    )""",
    re.VERBOSE,
)
_WORD = re.compile(r"\w+(?:['’-]\w+)*")
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


@dataclass(frozen=True)
class Term:
    """A word or a phrase of the free text, as typed (without its quotes or minus)."""

    text: str
    phrase: bool = False

    @property
    def words(self):
        """Its words, lower-cased, without punctuation."""
        return tuple(_WORD.findall(self.text.lower()))

    def websearch(self):
        """How PostgreSQL's websearch_to_tsquery reads it."""
        text = self.text.replace('"', " ")
        return f'"{text}"' if self.phrase else text


@dataclass(frozen=True)
class Field:
    """`name:value`: `name` is canonical (FIELDS' values); `values` are the alternatives typed."""

    name: str
    values: tuple[str, ...]
    typed: str  # as typed, for messages


@dataclass(frozen=True)
class Query:
    groups: tuple[tuple[Term, ...], ...] = ()  # every group must match, any one term of it
    excluded: tuple[Term, ...] = ()  # no excluded term may match
    fields: tuple[Field, ...] = ()
    start: datetime.date | None = None  # from date:, from: (inclusive)
    end: datetime.date | None = None  # from date:, to: (inclusive)
    problems: tuple[str, ...] = field(default=())

    @property
    def has_text(self):
        return bool(self.groups)

    def websearch(self, groups=None):
        """The free text in websearch_to_tsquery's syntax (only `groups` when given), "" if none."""
        groups = self.groups if groups is None else groups
        parts = [" or ".join(term.websearch() for term in group) for group in groups]
        parts += ["-" + term.websearch() for term in self.excluded]
        return " ".join(parts)

    def values(self, name):
        """Every value given to field `name` (canonical), in order."""
        return [value for item in self.fields if item.name == name for value in item.values]


def _period(text, *, end):
    """The first (or, with `end`, last) day of YYYY, YYYY-MM or YYYY-MM-DD; None if malformed."""
    match = _DATE.match(text)
    if not match:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        if day is not None:
            return datetime.date(year, month, day)
        if month is not None:
            last = calendar.monthrange(year, month)[1] if 1 <= month <= 12 else 0
            return datetime.date(year, month, last if end else 1)
        return datetime.date(year, 12, 31) if end else datetime.date(year, 1, 1)
    except ValueError:
        return None


def _suggest(name):
    close = difflib.get_close_matches(name, list(FIELDS), n=1, cutoff=0.6)
    return f" Did you mean {FIELDS[close[0]]}:?" if close else ""


def _unknown_field(name, value):
    instead = f" Searched for “{value}” as words instead." if value.strip() else ""
    return (
        f"“{name}:” is not a search field.{_suggest(name)}{instead} "
        f"The fields are {', '.join(f + ':' for f in CANONICAL_FIELDS)}."
    )


def _check_length(q):
    if q is None:
        raise ValueError("Give at least one word to search for.")
    if "\x00" in q:
        raise ValueError("The search contains a NUL character.")
    if len(q) > MAX_QUERY_LENGTH:
        raise ValueError(f"The search is longer than {MAX_QUERY_LENGTH} characters.")


def parse(q):
    """Read `q` into a Query. Raises ValueError (saying why) only when nothing usable is left."""
    _check_length(q)
    groups, excluded, fields, problems = [], [], [], []
    start = end = None
    join_with_previous = False
    for match in _TOKEN.finditer(q):
        negated = bool(match["neg"])
        if match["field"] is not None:
            typed = match.group(0)
            name = FIELDS.get(match["field"].lower())
            value = match["fquoted"] if match["fquoted"] is not None else match["fvalue"]
            values = tuple(part.strip() for part in value.split(",") if part.strip())
            join_with_previous = False
            if name is None:
                # Probably a mistyped field: say so, and look for its value as words meanwhile.
                problems.append(_unknown_field(match["field"], value))
                term = Term(value, phrase=match["fquoted"] is not None)
                if term.words:
                    (excluded if negated else groups).append(term if negated else [term])
            elif negated:
                problems.append(f"“{typed}”: a field cannot be left out with a minus; only words can.")
            elif not values:
                problems.append(f"“{typed}” has no value.")
            elif name in ("date", "from", "to"):
                first = _period(values[0], end=False)
                last = _period(values[-1], end=True)
                if len(values) > 1 or first is None:
                    problems.append(f"“{typed}”: give one date as 2024, 2024-06 or 2024-06-28 (year, month or day).")
                    continue
                if name in ("date", "from"):
                    start = max(start, first) if start else first
                if name in ("date", "to"):
                    end = min(end, last) if end else last
            else:
                fields.append(Field(name, values, typed))
            continue
        if match["phrase"] is not None:
            term = Term(match["phrase"].strip(), phrase=True)
        else:
            bare = match["bare"]
            if bare.lower() == "or" and not negated:
                join_with_previous = bool(groups)
                continue
            term = Term(bare)
        if not term.words:
            continue
        if negated:
            excluded.append(term)
        elif join_with_previous:
            groups[-1].append(term)
        else:
            groups.append([term])
        join_with_previous = False
    if start and end and end < start:
        problems.append(f"The dates leave nothing between them: from {start} to {end}.")
        start = end = None
    if not groups and not fields and start is None and end is None:
        if excluded:
            raise ValueError("Give at least one word to look for, not only words to leave out.")
        if problems:
            raise ValueError(" ".join(problems))
        raise ValueError("Give at least one word to search for.")
    return Query(
        groups=tuple(tuple(group) for group in groups),
        excluded=tuple(excluded),
        fields=tuple(fields),
        start=start,
        end=end,
        problems=tuple(problems),
    )
