"""Saving an official record — a verbatim record (S/PV.…) or a press release (SC/…) — into the archive.

One operation across many models, so it lives here rather than in model methods: the parser
(`statements.records`) reads the document and knows nothing of the database; `import_record`
resolves its parties and speakers, merges it into the archive's meeting of the same body and
date (or symbol, or number), and writes the meeting's front page, participants, speeches and
votes in one transaction, then checks the meeting's news quotes against the speeches.

Importing the same document again changes nothing; a corrected or reissued document with the
same symbol updates what changed, each change kept in the history with the reason
"Imported from S/PV.9669". The editors' review screen and the API's preview are a dry run of
the same function: everything is written, reported and rolled back.
"""

import contextvars
import datetime
import difflib
import re
from dataclasses import dataclass, field

from django.db import models, transaction
from django.db.models import Q
from django.utils.text import slugify

from statements import records
from statements.editor import checks
from statements.editor.importing import find_delegate
from statements.models import (
    Alias,
    Ballot,
    Body,
    Citation,
    CouncilSeat,
    Delegate,
    Draft,
    Meeting,
    Participant,
    Party,
    Position,
    Role,
    Source,
    Statement,
    Vote,
)
from statements.records import countries
from statements.records.errors import RecordError
from statements.records.labels import HONORIFICS

# A verbatim record of a long open debate runs to 100 pages, about 2 MB as a PDF; a paste of
# text is far smaller. Anything bigger is refused before it is read.
MAX_RECORD_BYTES = 20 * 1024 * 1024

# The longest name a Delegate, Alias or Participant holds.
NAME_MAX = 200

SECURITY_COUNCIL = {"slug": "security-council", "name": "Security Council", "short_name": "Security Council"}

# The honorifics the parser knows in speaker labels, and "H.E." as members' tables abbreviate it.
HONORIFIC = re.compile(r"^(?:" + "|".join(re.escape(h) + r"\.?" for h in (*HONORIFICS, "H.E")) + r")\s+")

BALLOT_LISTS = (
    ("in_favour", Ballot.Choice.IN_FAVOUR),
    ("against", Ballot.Choice.AGAINST),
    ("abstaining", Ballot.Choice.ABSTENTION),
)


# Who imports, for the history of what an import writes outside a request (in a request,
# django-simple-history's middleware already knows the user).
_importer = contextvars.ContextVar("importer", default=None)


class RecordImportError(RecordError):
    """The record cannot be saved; the message says why, in one line. Nothing was written."""


@dataclass
class SavedTurn:
    sequence: int
    label: str
    party: str  # the code saved, "" for none
    party_name: str
    speaker: str  # the delegate's name, "" for none
    speaker_id: int | None
    new_speaker: bool
    role: str
    spoken_language: str
    start: int
    end: int
    text: str
    statement_id: int | None


@dataclass
class SavedVote:
    draft: str
    outcome: str
    resolution: str
    ballots: dict  # choice -> [codes]
    vetoed_by: list


@dataclass
class RecordImport:
    """What an import did (or, for a dry run, would do)."""

    symbol: str
    kind: str
    meeting: Meeting
    meeting_created: bool
    source: Source
    source_created: bool
    changed: bool = False  # False when the archive already held exactly this
    turns: list = field(default_factory=list)  # SavedTurn
    votes: list = field(default_factory=list)  # SavedVote
    participants: list = field(default_factory=list)  # (role, party code, name)
    created: dict = field(default_factory=dict)  # model name -> count
    updated: dict = field(default_factory=dict)
    deleted: dict = field(default_factory=dict)
    checks: list = field(default_factory=list)  # checks.CheckResult
    warnings: list = field(default_factory=list)
    dry_run: bool = False

    def count(self, book, model):
        book[model.__name__] = book.get(model.__name__, 0) + 1
        self.changed = True

    def summary(self):
        """One line: what was created and updated."""
        parts = [f"{self.symbol or 'record'}: meeting {'created' if self.meeting_created else 'merged'}"]
        for label, book in (("created", self.created), ("updated", self.updated), ("deleted", self.deleted)):
            if book:
                parts.append(f"{label} " + ", ".join(f"{count} {name.lower()}" for name, count in sorted(book.items())))
        if not self.changed:
            parts.append("nothing changed")
        return "; ".join(parts)


def read_record(data, filename=""):
    """The parsed record of an upload or a file's bytes; RecordImportError in one line otherwise."""
    if len(data) > MAX_RECORD_BYTES:
        raise RecordImportError(
            f"The file is too large: {len(data) / 1024 / 1024:.0f} MB; the limit is "
            f"{MAX_RECORD_BYTES // 1024 // 1024} MB (a long verbatim record is about 2 MB)."
        )
    if not data or not data.strip():
        raise RecordImportError("The file is empty.")
    try:
        return records.read(data, filename)
    except RecordError as error:
        raise RecordImportError(str(error)) from None


def read_record_file(path):
    """Like read_record, for a file on disk."""
    try:
        with open(path, "rb") as file:
            data = file.read(MAX_RECORD_BYTES + 1)
    except OSError as error:
        raise RecordImportError(f"Cannot read {path}: {error.strerror or error}.") from None
    return read_record(data, str(path))


def person_name(name):
    """ "Mr. Nebenzia" -> "Nebenzia"; "Dame Barbara Woodward" -> "Barbara Woodward"."""
    name = " ".join(name.split())
    while True:
        stripped = HONORIFIC.sub("", name)
        if stripped == name:
            return name
        name = stripped


def surname(name):
    return person_name(name).rsplit(" ", 1)[-1].casefold()


class Resolver:
    """Finds the archive's party and delegate for each name in a record, creating those it lacks.

    Caches what it found so that a speaker heard ten times costs one lookup.
    """

    def __init__(self, result, reason):
        self.result = result
        self.reason = reason
        self.parties = {}
        self.delegates = {}
        self.created = set()  # ids of the delegates this import created

    def party(self, value):
        """The Party for an alpha-3 code or an organisation's name; None for ""."""
        if not value:
            return None
        if value in self.parties:
            return self.parties[value]
        if re.fullmatch(r"[A-Z]{3}", value):
            party = Party.objects.filter(kind=Party.Kind.STATE, code=value).first()
            if party is None:
                self.result.warnings.append(f"Unknown country code {value}: its speeches are saved without a party.")
        else:
            code = slugify(value)[:64] or "organisation"
            party = (
                Party.objects.filter(Q(name__iexact=value) | Q(short_name__iexact=value) | Q(code=code))
                .order_by("id")
                .first()
            )
            if party is None:
                party = save_new(
                    Party,
                    self.reason,
                    kind=Party.Kind.ORGANISATION,
                    code=code,
                    name=value[:200],
                    short_name=value[:100],
                )
                self.result.count(self.result.created, Party)
                self.result.warnings.append(f"New organisation created: {value}.")
        self.parties[value] = party
        return party

    def delegate(self, printed, party, title=""):
        """(Delegate, created) for a name as printed ("Mr. Nebenzia") speaking for `party`.

        Looks for the exact name or alias first, then, among the party's delegates, a surname
        spelt nearly alike (Nebenzia, Nebenzya); creates the delegate, with the printed name as an
        alias and a position for the party, when none is found. Returns (None, False) for a
        speaker the record does not name ("The Secretary-General").
        """
        printed = " ".join(printed.split())
        name = person_name(printed)
        if not name or name.startswith("The "):
            return None, False
        if len(printed) > NAME_MAX:
            self.result.warnings.append(f"Not taken for a name (too long): {printed[:60]}…")
            return None, False
        key = (name.casefold(), party.pk if party else None)
        if key in self.delegates:
            delegate = self.delegates[key]
            return delegate, delegate.pk in self.created
        delegate = find_delegate(name) or find_delegate(printed)
        if delegate is None and party is not None:
            delegate = self.similar(name, Delegate.objects.filter(positions__party=party).distinct())
        created = False
        if delegate is None:
            delegate = save_new(Delegate, self.reason, full_name=name, sort_name=name)
            self.result.count(self.result.created, Delegate)
            if party is not None:
                save_new(Position, self.reason, delegate=delegate, party=party, title=title or "Representative")
                self.result.count(self.result.created, Position)
            created = True
            self.created.add(delegate.pk)
        if printed != delegate.full_name and not delegate.aliases.filter(name=printed).exists():
            Alias.objects.create(delegate=delegate, name=printed, kind=Alias.Kind.SHORT)
            self.result.count(self.result.created, Alias)
        self.delegates[key] = delegate
        return delegate, created

    @staticmethod
    def similar(name, delegates):
        """The delegate whose surname (or an alias's) is spelt nearly like `name`'s, if only one is."""
        wanted = surname(name)
        found = []
        for delegate in delegates.prefetch_related("aliases"):
            names = [delegate.full_name, *(alias.name for alias in delegate.aliases.all())]
            if any(difflib.SequenceMatcher(None, wanted, surname(other)).ratio() >= 0.8 for other in names):
                found.append(delegate)
        return found[0] if len(found) == 1 else None


def mark(obj, reason):
    """Give the history of the next save or delete of `obj` its reason and, when known, its user."""
    obj._change_reason = reason
    user = _importer.get()
    if user is not None and user.is_authenticated:
        obj._history_user = user


def save_new(model, reason, **fields):
    obj = model(**fields)
    mark(obj, reason)
    obj.save(force_insert=True)
    return obj


def update(obj, reason, result, **fields):
    """Set the fields that differ and save them, with the reason in the history. True if anything changed."""
    changed = [name for name, value in fields.items() if stored(obj, name) != stored_value(value)]
    if not changed:
        return False
    for name in changed:
        setattr(obj, name, fields[name])
    mark(obj, reason)
    obj.save(update_fields=changed + (["updated"] if hasattr(obj, "updated") else []))
    result.count(result.updated, type(obj))
    return True


def stored(obj, name):
    """A field's value as stored: the id for a link, so that comparing costs no query."""
    field = obj._meta.get_field(name)
    return getattr(obj, field.attname) if field.is_relation else getattr(obj, name)


def stored_value(value):
    return value.pk if isinstance(value, models.Model) else value


def parse_time(value):
    if not value:
        return None
    hours, minutes = value.split(":")
    return datetime.time(int(hours), int(minutes))


def parse_date(value, symbol):
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise RecordImportError(
            f"{symbol or 'The document'} gives no meeting date that could be read; it cannot be placed in the archive."
        ) from None


def find_meeting(body, info, kind, date):
    """The archive's meeting this document is about, or None: by symbol, then number, then date.

    A press release names its meeting's number, from which the record's symbol follows.
    """
    meetings = Meeting.objects.filter(body=body)
    if info.symbol:
        found = meetings.filter(record_symbol=info.symbol).first()
        if found:
            return found
    if kind == "press-release" and info.press_release:
        found = meetings.filter(press_release=info.press_release).first()
        if found:
            return found
    if info.number:
        found = meetings.filter(number=info.number).first()
        if found:
            return found
    # A meeting of that day that no other document has claimed yet.
    unclaimed = meetings.filter(date=date, number__isnull=True)
    unclaimed = unclaimed.filter(record_symbol="") if kind == "verbatim" else unclaimed.filter(press_release="")
    same_day = list(unclaimed[:2])
    return same_day[0] if len(same_day) == 1 else None


def find_source(symbol, url, record):
    """The source already holding this document: by symbol, else by address, else by its exact text."""
    if symbol:
        return Source.objects.filter(symbol=symbol).first()
    if url:
        return Source.objects.filter(url=url).first()
    kind = Source.Kind.VERBATIM if record.kind == "verbatim" else Source.Kind.PRESS_RELEASE
    return Source.objects.filter(kind=kind, symbol="", text=record.text).order_by("id").first()


def ensure_permanent_seats(body):
    """The Charter's five permanent seats, when the archive has no permanent seat on the body yet."""
    if CouncilSeat.objects.filter(body=body, kind=CouncilSeat.Kind.PERMANENT).exists():
        return
    for party in Party.objects.filter(kind=Party.Kind.STATE, code__in=countries.PERMANENT_MEMBERS):
        CouncilSeat.objects.create(country_id=party.pk, body=body, kind=CouncilSeat.Kind.PERMANENT)


def import_record(record, *, url="", user=None, dry_run=False, check_quotes=True):
    """Save a parsed record (a `statements.records.datatypes.Record`), all or nothing.

    Raises RecordImportError, with nothing written, when it cannot be placed (no date, a symbol
    that belongs to another meeting). With `dry_run` the work is done and rolled back, and the
    result says what would have happened — the review screen shows it.
    """
    info = record.meeting
    kind = record.kind
    symbol = info.symbol if kind == "verbatim" else info.press_release
    if kind not in ("verbatim", "press-release"):
        raise RecordImportError(f"Unknown record kind {kind!r}.")
    date = parse_date(info.date, symbol)
    reason = f"Imported from {symbol}" if symbol else "Imported from an official record"
    token = _importer.set(user)
    try:
        return _import(record, info, kind, symbol, date, reason, url, dry_run, check_quotes)
    finally:
        _importer.reset(token)


def _import(record, info, kind, symbol, date, reason, url, dry_run, check_quotes):
    with transaction.atomic():
        body, _ = Body.objects.get_or_create(slug=SECURITY_COUNCIL["slug"], defaults=SECURITY_COUNCIL)
        ensure_permanent_seats(body)
        source = find_source(symbol, url, record)
        meeting = find_meeting(body, info, kind, date)
        result = RecordImport(
            symbol=symbol,
            kind=kind,
            meeting=meeting,
            meeting_created=meeting is None,
            source=source,
            source_created=source is None,
            warnings=list(record.warnings),
            dry_run=dry_run,
        )
        resolver = Resolver(result, reason)
        source = save_source(record, symbol, date, url, source, reason, result)
        meeting = save_meeting(record, body, date, meeting, source, resolver, reason, result)
        result.meeting, result.source = meeting, source
        if kind == "verbatim":
            save_participants(record, meeting, resolver, reason, result)
        else:
            add_briefers(record, meeting, resolver, reason, result)
        save_turns(record, meeting, source, resolver, reason, result)
        save_votes(record, meeting, source, resolver, reason, result)
        if check_quotes and kind == "verbatim":
            result.checks = checks.check_meeting(meeting, reason=reason)
        if dry_run:
            transaction.set_rollback(True)
    return result


def save_source(record, symbol, date, url, source, reason, result):
    kind = Source.Kind.VERBATIM if record.kind == "verbatim" else Source.Kind.PRESS_RELEASE
    number = record.meeting.number
    title = (
        f"Security Council, {number}th meeting: verbatim record"
        if record.kind == "verbatim" and number
        else f"Security Council, {number}th meeting: meetings coverage"
        if number
        else symbol
    )
    fields = {"kind": kind, "title": title, "publisher": "United Nations", "text": record.text, "published_on": date}
    if source is None:
        if url and Source.objects.filter(url=url).exists():
            raise RecordImportError(f"Another source already has the address {url}.")
        result.count(result.created, Source)
        return save_new(Source, reason, symbol=symbol, url=url, **fields)
    if source.text and source.text != record.text:
        result.warnings.append(
            f"{symbol} is already in the archive with a different text: saving updates it to this version "
            "(a corrected or reissued document); the history keeps the earlier one."
        )
    update(source, reason, result, **fields, **({"url": url} if url else {}))
    return source


def save_meeting(record, body, date, meeting, source, resolver, reason, result):
    info = record.meeting
    president = presiding = None
    if info.president:
        presiding = resolver.party(info.president.party)
        president, _ = resolver.delegate(info.president.name, presiding, "Representative")
    fields = {"date": date}
    if info.number:
        fields["number"] = info.number
    if record.kind == "verbatim":
        fields.update(
            record_symbol=info.symbol,
            called_to_order=parse_time(info.called_to_order),
            adjourned=parse_time(info.adjourned),
            president=president,
            presiding_party=presiding,
        )
        if getattr(info, "time", ""):
            fields["start_time"] = parse_time(info.time)
        if info.place:
            fields["place"] = info.place[:200]
        if info.agenda:
            fields["agenda_item"] = info.agenda[0][:300]
    elif info.press_release:
        fields["press_release"] = info.press_release
    if meeting is None:
        meeting = save_new(Meeting, reason, body=body, **fields)
        result.count(result.created, Meeting)
    else:
        if meeting.record_symbol and record.kind == "verbatim" and meeting.record_symbol != info.symbol:
            raise RecordImportError(f"Meeting {meeting.pk} already has the record {meeting.record_symbol}.")
        if record.kind == "press-release" and meeting.record_symbol:
            # The verbatim record is the better witness of times and the president; keep its values.
            fields = {name: value for name, value in fields.items() if name in ("press_release", "number")}
        update(meeting, reason, result, **fields)
    if not meeting.sources.filter(pk=source.pk).exists():
        meeting.sources.add(source)
    return meeting


def participant_rows(record, resolver):
    """(role, party, printed name, title) for everyone the record's front page and invitations list."""
    info = record.meeting
    rows = []
    if info.president:
        rows.append((Role.PRESIDENT, resolver.party(info.president.party), info.president.name, ""))
    for member in info.members:
        rows.append((Role.MEMBER, resolver.party(member.party), member.representative, ""))
    for invitation in info.invitations:
        rows.append((invited_role(invitation), resolver.party(invitation.party), invitation.name, invitation.title))
    return rows


def invited_role(invitation):
    """The role the parser read from the invitation, else the rule's plainest one."""
    return invitation.role or (Role.INVITED if invitation.rule == 37 else Role.BRIEFER)


def save_participants(record, meeting, resolver, reason, result):
    """The meeting's participants become exactly those the record lists; the rest are deleted."""
    existing = {(p.role, p.party_id, p.name if p.party_id is None else ""): p for p in meeting.participants.all()}
    kept = set()
    for sequence, (role, party, name, title) in enumerate(participant_rows(record, resolver), start=1):
        name = " ".join(name.split())
        key = (role, party.pk if party else None, "" if party else name[:NAME_MAX])
        if key in kept:
            continue
        kept.add(key)
        delegate, _ = resolver.delegate(name, party, title) if name else (None, False)
        fields = {"delegate": delegate, "name": name[:NAME_MAX], "title": title[:300], "sequence": sequence}
        participant = existing.get(key)
        if participant is None:
            save_new(Participant, reason, meeting=meeting, role=role, party=party, **fields)
            result.count(result.created, Participant)
        else:
            update(participant, reason, result, **fields)
        result.participants.append((role, party.code if party else "", name))
        if role in (Role.BRIEFER, Role.SECRETARIAT) and delegate is not None:
            meeting.briefers.add(delegate)
    for key, participant in existing.items():
        if key not in kept:
            mark(participant, reason)
            participant.delete()
            result.count(result.deleted, Participant)


def add_briefers(record, meeting, resolver, reason, result):
    """A press release names the briefers; add those the meeting lacks, never removing any."""
    for invitation in record.meeting.invitations:
        if invitation.rule != 39 or not invitation.name:
            continue
        delegate, _ = resolver.delegate(invitation.name, resolver.party(invitation.party), invitation.title)
        role = invited_role(invitation)
        name = " ".join(invitation.name.split())[:NAME_MAX]
        if not meeting.participants.filter(role=role, party=None, name=name).exists():
            last = meeting.participants.order_by("-sequence").values_list("sequence", flat=True).first() or 0
            save_new(
                Participant,
                reason,
                meeting=meeting,
                role=role,
                name=name,
                delegate=delegate,
                title=invitation.title[:300],
                sequence=last + 1,
            )
            result.count(result.created, Participant)
        if delegate is not None:
            meeting.briefers.add(delegate)


def save_turns(record, meeting, source, resolver, reason, result):
    """One statement per turn, matched to what an earlier import of this document saved by position.

    A verbatim record numbers the meeting's statements in speaking order: statements of other
    sources lose their sequence numbers (the history keeps them). A press release's paragraphs
    are kept in order by their citations' offsets instead, so as not to compete with the record.
    """
    speech = record.kind == "verbatim"
    # What this document's turns became: not the news quotes that cite it once checked against it.
    taken = Statement.objects.filter(citations__source=source, meeting=meeting)
    taken = taken.filter(kind=Statement.Kind.SPEECH if speech else Statement.Kind.PARAPHRASE)
    earlier = list(taken.order_by("citations__start", "id"))
    if speech:
        others = meeting.statements.exclude(pk__in=[s.pk for s in earlier]).filter(
            sequence__isnull=False, sequence__lte=len(record.turns)
        )
        for other in others:
            update(other, reason, result, sequence=None)
        # Free the numbers first: renumbering in place could collide with the unique constraint.
        if len(earlier) != len(record.turns):
            Statement.objects.filter(pk__in=[s.pk for s in earlier]).update(sequence=None)
            for statement in earlier:
                statement.sequence = None
    for index, turn in enumerate(record.turns):
        party = resolver.party(turn.party)
        if turn.party and party is None:
            result.warnings.append(f"Turn {index + 1} ({turn.label}): party {turn.party} not found.")
        if not turn.party and turn.role not in (Role.SECRETARIAT, Role.BRIEFER):
            result.warnings.append(f"Turn {index + 1} ({turn.label}): no party could be read from the label.")
        title = ""
        if turn.role in (Role.BRIEFER, Role.SECRETARIAT):
            title = next((i.title for i in record.meeting.invitations if i.name and i.name == turn.name), "")
        delegate, created = resolver.delegate(turn.name, party, title) if turn.name else (None, False)
        fields = {
            "meeting": meeting,
            "date": meeting.date,
            "speaker": delegate,
            "party": party,
            "speaker_title": title[:200],
            "text": turn.text,
            "kind": Statement.Kind.SPEECH if speech else Statement.Kind.PARAPHRASE,
            "language": "en",
            "spoken_language": turn.spoken_language if speech else "",
            "label": turn.label[:300],
            "role": turn.role or "",
            "sequence": index + 1 if speech else None,
        }
        statement = earlier[index] if index < len(earlier) else None
        if statement is None:
            statement = save_new(Statement, reason, **fields)
            result.count(result.created, Statement)
            Citation.objects.create(statement=statement, source=source, start=turn.start, end=turn.end)
        else:
            update(statement, reason, result, **fields)
            Citation.objects.filter(statement=statement, source=source).exclude(start=turn.start, end=turn.end).update(
                start=turn.start, end=turn.end
            )
        result.turns.append(
            SavedTurn(
                sequence=index + 1,
                label=turn.label,
                party=party.code if party else "",
                party_name=party.display_name if party else turn.party,
                speaker=delegate.full_name if delegate else "",
                speaker_id=delegate.pk if delegate else None,
                new_speaker=created,
                role=turn.role,
                spoken_language=turn.spoken_language,
                start=turn.start,
                end=turn.end,
                text=turn.text,
                statement_id=statement.pk,
            )
        )
    for statement in earlier[len(record.turns) :]:
        mark(statement, reason)
        statement.delete()
        result.count(result.deleted, Statement)


def save_votes(record, meeting, source, resolver, reason, result):
    """The meeting's votes from this document, numbered in order; ballots for each listed member."""
    earlier = {vote.sequence: vote for vote in meeting.votes.filter(source=source)}
    taken = set(meeting.votes.exclude(source=source).values_list("sequence", flat=True))
    sequence = 0
    # Modern records leave the presiding member out of the members' table.
    present = [member.party for member in record.meeting.members]
    president = record.meeting.president
    if president and president.party and president.party not in present:
        present.append(president.party)
    for parsed in record.votes:
        sequence += 1
        while sequence in taken:
            sequence += 1
        draft = None
        if parsed.draft:
            draft = Draft.objects.filter(symbol=parsed.draft).first()
            if draft is None:
                draft = save_new(Draft, reason, symbol=parsed.draft)
                result.count(result.created, Draft)
        counts = parsed.counts or {}
        listed = any((parsed.in_favour, parsed.against, parsed.abstaining))
        fields = {
            "draft": draft,
            "outcome": parsed.outcome or "",
            "resolution": parsed.resolution if parsed.outcome == Vote.Outcome.ADOPTED else "",
            "outcome_sentence": parsed.outcome_sentence,
            "in_favour": counts.get("in_favour", len(parsed.in_favour) if listed else None),
            "against": counts.get("against", len(parsed.against) if listed else None),
            "abstaining": counts.get("abstaining", len(parsed.abstaining) if listed else None),
            "source": source,
        }
        vote = earlier.pop(sequence, None)
        if vote is None:
            vote = save_new(Vote, reason, meeting=meeting, sequence=sequence, **fields)
            result.count(result.created, Vote)
        else:
            update(vote, reason, result, **fields)
        ballots = {}
        if listed:
            for attribute, choice in BALLOT_LISTS:
                for code in getattr(parsed, attribute):
                    ballots[code] = choice
            for code in present:
                ballots.setdefault(code, Ballot.Choice.DID_NOT_VOTE)
        save_ballots(vote, ballots, resolver, reason, result)
        grouped = {}
        for code, choice in ballots.items():
            grouped.setdefault(choice, []).append(code)
        result.votes.append(
            SavedVote(
                draft=parsed.draft,
                outcome=parsed.outcome,
                resolution=fields["resolution"],
                ballots=grouped,
                vetoed_by=sorted(Ballot.objects.vetoes().filter(vote=vote).values_list("party__code", flat=True)),
            )
        )
    for vote in earlier.values():
        mark(vote, reason)
        vote.delete()
        result.count(result.deleted, Vote)


def save_ballots(vote, ballots, resolver, reason, result):
    existing = {ballot.party.code: ballot for ballot in vote.ballots.select_related("party")}
    for code, choice in ballots.items():
        party = resolver.party(code)
        if party is None:
            continue
        ballot = existing.pop(party.code, None)
        if ballot is None:
            save_new(Ballot, reason, vote=vote, party=party, choice=choice)
            result.count(result.created, Ballot)
        else:
            update(ballot, reason, result, choice=choice)
    for ballot in existing.values():
        mark(ballot, reason)
        ballot.delete()
        result.count(result.deleted, Ballot)
