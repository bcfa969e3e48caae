"""The generator: countries' delegates, meetings with their sources, then statements in batches."""

import bisect
import datetime
import random
from collections import Counter
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from statements import around_table
from statements.models import Alias, Body, Delegate, Meeting, Party, Position, Source, Statement, Topic
from statements.ops.synthetic.bulk import _OrmWriter, _PostgresWriter, analyse, write_statements
from statements.ops.synthetic.markers import ALIAS_SUFFIX, SUMMARY, SYMBOL_PREFIX, SYNTHETIC_URL, has_synthetic_data
from statements.ops.synthetic.quotes import QuoteWriter
from statements.ops.synthetic.vocabulary import (
    AGENDA,
    BODIES,
    GIVEN_NAMES,
    PERMANENT_FIVE,
    PROMINENT,
    RELATION_WEIGHTS,
    RELATIONS,
    SURNAMES,
    TITLE_SHARES,
    TITLE_WEIGHTS,
    TITLES,
    TOPICS,
    in_running_text,
)

FIRST_DAY = datetime.date(2000, 1, 1)
LAST_DAY = datetime.date(2025, 12, 31)


class SyntheticDataError(Exception):
    """The database is not in a state to load synthetic data (no countries, data already loaded)."""


@dataclass
class Summary:
    statements: int = 0
    citations: int = 0
    topic_links: int = 0
    mentions: int = 0
    delegates: int = 0
    meetings: int = 0
    sources: int = 0
    bench_meeting_id: int | None = None
    bench_meeting_size: int = 0
    busiest_delegate_id: int | None = None
    seconds: dict = field(default_factory=dict)

    @property
    def rows(self):
        return self.statements + self.citations + self.topic_links + self.mentions


def _random_date(rng, start=FIRST_DAY, end=LAST_DAY):
    return start + datetime.timedelta(days=rng.randrange((end - start).days + 1))


class Generator:
    """Fills the database with synthetic data; see the module docstring."""

    def __init__(self, statements, delegates=3000, meetings=20000, seed=1, batch=50000, progress=None, bench_size=200):
        self.n_statements = statements
        self.n_delegates = delegates
        self.n_meetings = meetings
        self.batch = batch
        self.bench_size = bench_size
        self.rng = random.Random(seed)
        self.quotes = QuoteWriter(self.rng)
        self.progress = progress
        self.postgres = connection.vendor == "postgresql"
        self.summary = Summary()

    def run(self):
        """Load everything in one transaction, then (on PostgreSQL) refresh planner statistics."""
        clock = timezone.now()
        with transaction.atomic():
            self._load()
        self.summary.seconds["load"] = (timezone.now() - clock).total_seconds()
        if self.postgres:
            clock = timezone.now()
            analyse()
            self.summary.seconds["analyse"] = (timezone.now() - clock).total_seconds()
        return self.summary

    def _load(self):
        states = list(Party.objects.filter(kind=Party.Kind.STATE, un_status="member").order_by("code"))
        if not states:
            raise SyntheticDataError("No UN member states in the database: run `manage.py migrate` first.")
        if has_synthetic_data():
            raise SyntheticDataError("Synthetic data is already loaded: add --clear to replace it.")
        self.states = states
        self.state_weights = [4 if party.code in PROMINENT else 1 for party in states]
        self.by_code = {party.code: party for party in states}
        self.bodies = self._bodies()
        self.topics = self._topics()
        self._delegates()
        self._meetings()
        self._statements()

    def _bodies(self):
        bodies = []
        for slug, name, short_name, share, place in BODIES:
            body, _ = Body.objects.get_or_create(slug=slug, defaults={"name": name, "short_name": short_name})
            bodies.append((body, share, place))
        return bodies

    def _topics(self):
        return [Topic.objects.get_or_create(slug=slug, defaults={"name": name})[0] for slug, name in TOPICS]

    def _delegates(self):
        """Delegates with consecutive terms per country and title, some aliases, and the marker alias."""
        rng = self.rng
        # Share delegates between countries, prominent ones first, so that small runs still cover them.
        order = sorted(self.states, key=lambda party: (party.code not in PROMINENT, party.code))
        per_country = Counter(order[i % len(order)].code for i in range(self.n_delegates))
        delegates, plans = [], []
        for party in order:
            count = per_country.get(party.code, 0)
            slots = [int(count * share) for share in TITLE_SHARES]
            for i in range(count - sum(slots)):
                slots[i % len(slots)] += 1
            for title, holders in zip(TITLES, slots, strict=True):
                if not holders:
                    continue
                # Consecutive terms covering the whole period; the first may have started earlier.
                span = (LAST_DAY - FIRST_DAY).days
                days = sorted(rng.sample(range(1, span), holders - 1))
                cuts = [FIRST_DAY + datetime.timedelta(days=day) for day in days]
                starts = [FIRST_DAY - datetime.timedelta(days=rng.randrange(1500)), *cuts]
                ends = [cut - datetime.timedelta(days=1) for cut in cuts] + [None]
                for start, end in zip(starts, ends, strict=True):
                    given, surname = rng.choice(GIVEN_NAMES), rng.choice(SURNAMES)
                    delegates.append(Delegate(full_name=f"{given} {surname}", sort_name=f"{surname}, {given}"))
                    plans.append((party, title, start, end))
        Delegate.objects.bulk_create(delegates, batch_size=2000)

        positions, aliases = [], []
        self.terms = {}  # (party id, title) -> (sorted starts, [(start, end, delegate)])
        for delegate, (party, title, start, end) in zip(delegates, plans, strict=True):
            positions.append(Position(delegate=delegate, party=party, title=title, start=start, end=end))
            self.terms.setdefault((party.id, title), []).append((start, end, delegate))
            aliases.append(Alias(delegate=delegate, name=delegate.full_name + ALIAS_SUFFIX, kind=Alias.Kind.OTHER))
            if rng.random() < 0.25:
                given, surname = delegate.full_name.split(" ", 1)
                kind = rng.choice([Alias.Kind.NAME_ORDER, Alias.Kind.SHORT, Alias.Kind.TRANSLITERATION])
                name = {
                    Alias.Kind.NAME_ORDER: f"{surname} {given}",
                    Alias.Kind.SHORT: surname,
                    Alias.Kind.TRANSLITERATION: delegate.full_name.replace("v", "w").replace("y", "i"),
                }[kind]
                if name != delegate.full_name:
                    aliases.append(Alias(delegate=delegate, name=name, kind=kind))
        Position.objects.bulk_create(positions, batch_size=2000)
        Alias.objects.bulk_create(aliases, batch_size=2000)
        self.terms = {key: ([term[0] for term in terms], terms) for key, terms in self.terms.items()}
        self.summary.delegates = len(delegates)

    def _speaker(self, party, date):
        """The delegate who speaks for `party` on `date`, and the title, or (None, "")."""
        titles = self.rng.choices(TITLES, TITLE_WEIGHTS)[0:1] + TITLES
        for title in titles:
            entry = self.terms.get((party.id, title))
            if not entry:
                continue
            starts, terms = entry
            index = bisect.bisect_right(starts, date) - 1
            if index >= 0:
                start, end, delegate = terms[index]
                if end is None or end >= date:
                    return delegate, title
        return None, ""

    def _meetings(self):
        rng = self.rng
        bodies = self.bodies
        weights = [share for _, share, _ in bodies]
        specs = []
        for index in range(self.n_meetings):
            body, _, place = rng.choices(bodies, weights)[0]
            specs.append((index, body, place, _random_date(rng)))
        # Meeting numbers count up with the date within each body.
        numbers = {}
        counters = Counter()
        for index, body, _, _date in sorted(specs, key=lambda spec: (spec[3], spec[0])):
            counters[body.id] += 1
            numbers[index] = counters[body.id]

        meetings, sources = [], []
        for index, body, place, date in specs:
            agenda = rng.choice(AGENDA)
            meetings.append(
                Meeting(
                    body=body,
                    date=date,
                    start_time=datetime.time(rng.choice([10, 15])),
                    title=agenda,
                    agenda_item=agenda,
                    number=numbers[index],
                    record_symbol=f"{SYMBOL_PREFIX}{index + 1}",
                    kind=rng.choice(Meeting.Kind.values),
                    place=place,
                    summary=SUMMARY,
                )
            )
            kind = Source.Kind.NEWS if rng.random() < 0.6 else Source.Kind.PRESS_RELEASE
            sources.append(
                Source(
                    kind=kind,
                    title=f"Synthetic report of {body.short_name or body.name} meeting {index + 1}",
                    publisher="Synthetic Wire" if kind == Source.Kind.NEWS else "Synthetic Press Office",
                    url=f"{SYNTHETIC_URL}{kind}/{index + 1}",
                    published_on=date + datetime.timedelta(days=rng.choice([0, 0, 1])),
                )
            )
        Meeting.objects.bulk_create(meetings, batch_size=2000)
        Source.objects.bulk_create(sources, batch_size=2000)

        links = [Meeting.sources.through(meeting=m, source=s) for m, s in zip(meetings, sources, strict=True)]
        Meeting.sources.through.objects.bulk_create(links, batch_size=5000)
        requests = []
        self.plans = []
        for meeting in meetings:
            requesters = rng.sample(self.states, rng.choice([0, 1, 1, 2, 3]))
            requests += [Meeting.requested_by.through(meeting=meeting, party=party) for party in requesters]
            self.plans.append(self._participants(meeting))
        Meeting.requested_by.through.objects.bulk_create(requests, batch_size=5000)
        self.meetings = meetings
        self.sources = sources
        self.summary.meetings = self.summary.sources = len(meetings)

    def _participants(self, meeting):
        rng = self.rng
        if meeting.body.slug == "security-council":
            others = [party for party in self.states if party.code not in PERMANENT_FIVE]
            chosen = [self.by_code[code] for code in PERMANENT_FIVE if code in self.by_code]
            chosen += rng.sample(others, min(len(others), 10 + rng.randrange(8)))
        else:
            size = min(len(self.states), rng.randrange(8, 40))
            picks = rng.choices(self.states, self.state_weights, k=size)
            chosen = list({party.code: party for party in picks}.values())
        rng.shuffle(chosen)
        topics = rng.sample(self.topics, rng.randint(1, 3))
        return chosen, topics

    def _sizes(self):
        """Statements per meeting: the first meeting gets exactly `bench_size`, the rest a skewed share."""
        total, meetings = self.n_statements, self.n_meetings
        first = min(total, self.bench_size) if meetings > 1 else total
        rest = total - first
        sizes = [first] + [0] * (meetings - 1)
        if rest:
            weights = [self.rng.lognormvariate(0, 0.8) for _ in range(meetings - 1)]
            for index, count in Counter(self.rng.choices(range(1, meetings), weights, k=rest)).items():
                sizes[index] = count
        return sizes

    def _skip_foreign_key_checks(self):
        """Skip PostgreSQL's foreign-key triggers for this transaction, when we are allowed to.

        The generator only writes ids it has just created or read, so the checks cannot fail;
        they would cost about a third of the load time. Needs a superuser; others just wait.
        """
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            row = cursor.fetchone()
            if row and row[0]:
                cursor.execute("SET LOCAL session_replication_role = replica")

    def _next_statement_id(self):
        table = Statement._meta.db_table
        with connection.cursor() as cursor:
            if self.postgres:
                # Hold off other writers until commit, then take ids from the sequence itself so
                # that no id of a deleted statement (still named in its history) is used again.
                cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
                cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [table])
            else:
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")
            return cursor.fetchone()[0]

    def _statements(self):
        rng = self.rng
        writer = _PostgresWriter() if self.postgres else _OrmWriter()
        if self.postgres:
            self._skip_foreign_key_checks()
        now = timezone.now()
        next_id = first_id = self._next_statement_id()
        sizes = self._sizes()
        statements, citations, topic_links, mentions = [], [], [], []
        speakers = Counter()
        summary = self.summary
        names = {party.id: in_running_text(party.display_name) for party in self.states}

        def flush():
            write_statements(writer, statements, citations, topic_links, mentions)
            summary.statements += len(statements)
            summary.citations += len(citations)
            summary.topic_links += len(topic_links)
            summary.mentions += len(mentions)
            if self.progress:
                self.progress(len(statements))
            for rows in (statements, citations, topic_links, mentions):
                rows.clear()

        for meeting, source, size, (participants, topics) in zip(
            self.meetings, self.sources, sizes, self.plans, strict=True
        ):
            spoken = []  # (statement id, party) of this meeting so far
            for sequence in range(1, size + 1):
                # Everyone speaks once in turn, then some take the floor again.
                if sequence <= len(participants):
                    party = participants[sequence - 1]
                else:
                    party = rng.choice(participants)
                speaker, title = self._speaker(party, meeting.date)
                if speaker is not None:
                    speakers[speaker.id] += 1

                statement_mentions = {}
                reply_to = None
                others = [entry for entry in spoken if entry[1].id != party.id]
                if others and rng.random() < 0.08:
                    reply_to, answered = rng.choice(others)
                    statement_mentions[answered.id] = (answered, rng.choice(["rejects", "criticises", "supports"]))
                for _ in range(rng.choice([0, 1, 1, 1, 2, 2, 3])):
                    target = rng.choices(self.states, self.state_weights)[0]
                    if target.id != party.id and target.id not in statement_mentions:
                        statement_mentions[target.id] = (target, rng.choices(RELATIONS, RELATION_WEIGHTS)[0])
                named = [(relation, names[target.id]) for target, relation in statement_mentions.values()]

                if speaker is None or rng.random() < 0.15:
                    kind = Statement.Kind.PARAPHRASE
                    country = names[party.id]
                    who = f"The representative of {country}"
                    if speaker is not None and rng.random() < 0.5:
                        who = f"{speaker.full_name}, {title} of {country},"
                    text = self.quotes.paraphrase(who, named)
                else:
                    kind = Statement.Kind.DIRECT
                    text = self.quotes.direct(named)

                statement_id = next_id
                next_id += 1
                statements.append(
                    (
                        statement_id, meeting.id, meeting.date, speaker.id if speaker else None, party.id, title,
                        text, kind, "en", sequence, reply_to, now, now,
                    )
                )
                citations.append((statement_id, source.id))
                for topic in rng.sample(topics, rng.randint(1, len(topics))):
                    topic_links.append((statement_id, topic.id))
                for target, relation in statement_mentions.values():
                    mentions.append((statement_id, target.id, relation))
                spoken.append((statement_id, party))
            if len(statements) >= self.batch:
                flush()
        flush()

        if self.postgres and next_id > first_id:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [Statement._meta.db_table, next_id - 1]
                )
                # The triggers that keep what lies around each statement did not run (replica role,
                # above) and would have run per batch: the new statements' rows are made in one pass.
                around_table.fill_range(cursor, first_id, next_id - 1)
        if self.meetings and sizes[0]:
            summary.bench_meeting_id = self.meetings[0].id
            summary.bench_meeting_size = sizes[0]
        if speakers:
            summary.busiest_delegate_id = speakers.most_common(1)[0][0]
