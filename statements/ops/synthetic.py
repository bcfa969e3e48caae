"""Synthetic data at scale, for load tests and benchmarks: `manage.py generate_data`.

Nothing here is a fact. Every generated row carries a marker so that it can be told apart from
real data and removed with `generate_data --clear`:

- meetings have a record symbol starting with ``SYN/PV.`` and say so in their summary;
- sources have a URL under ``https://synthetic.example/``;
- delegates have an alias ending in `` (synthetic)``;
- statements, citations, mentions and topic links belong to synthetic meetings.

Countries are the real ones already in the database; bodies and topics are reused when they
exist and created otherwise. Statements, citations, topic links and mentions are written in
batches: with PostgreSQL's COPY, or with `bulk_create` on other databases. Bulk writes skip
django-simple-history on purpose: synthetic rows have no editing history.

Text comes from templates filled with diplomatic vocabulary. The generator controls how often
some words occur so that benchmarks can search for a common word (`COMMON_WORD`, in about a
fifth of the statements) and a rare one (`RARE_WORD`, in well under 0.1%).
"""

import bisect
import datetime
import io
import random
from collections import Counter
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from statements.models import (
    Alias,
    Body,
    Citation,
    Delegate,
    Meeting,
    Mention,
    Party,
    Position,
    Source,
    Statement,
    Topic,
)

SYNTHETIC_URL = "https://synthetic.example/"
SYMBOL_PREFIX = "SYN/PV."
ALIAS_SUFFIX = " (synthetic)"
SUMMARY = "Synthetic meeting made by generate_data for tests and benchmarks; it never took place."

COMMON_WORD = "security"
RARE_WORD = "desalination"
# The share of statements with a sentence about security, and with one rare word.
COMMON_SHARE = 0.2
RARE_SHARE = 0.0016

FIRST_DAY = datetime.date(2000, 1, 1)
LAST_DAY = datetime.date(2025, 12, 31)

# (slug, name, short name, share of meetings, place)
BODIES = [
    ("security-council", "Security Council", "Security Council", 0.45, "New York"),
    ("general-assembly", "General Assembly", "General Assembly", 0.25, "New York"),
    ("human-rights-council", "Human Rights Council", "HRC", 0.15, "Geneva"),
    ("economic-and-social-council", "Economic and Social Council", "ECOSOC", 0.08, "New York"),
    ("conference-on-disarmament", "Conference on Disarmament", "CD", 0.07, "Geneva"),
]

TOPICS = [
    ("arms-embargo", "Arms embargo"),
    ("sanctions", "Sanctions"),
    ("military-exercises", "Military exercises"),
    ("military-cooperation", "Military cooperation"),
    ("korean-peninsula", "Korean Peninsula"),
    ("war-in-ukraine", "War in Ukraine"),
    ("middle-east", "Middle East"),
    ("syria", "Syria"),
    ("yemen", "Yemen"),
    ("sudan", "Sudan"),
    ("sahel", "Sahel"),
    ("great-lakes-region", "Great Lakes region"),
    ("afghanistan", "Afghanistan"),
    ("haiti", "Haiti"),
    ("nuclear-non-proliferation", "Nuclear non-proliferation"),
    ("chemical-weapons", "Chemical weapons"),
    ("counter-terrorism", "Counter-terrorism"),
    ("peacekeeping", "Peacekeeping"),
    ("humanitarian-access", "Humanitarian access"),
    ("refugees", "Refugees and displacement"),
    ("children-and-armed-conflict", "Children and armed conflict"),
    ("women-peace-and-security", "Women, peace and security"),
    ("climate-and-conflict", "Climate and conflict"),
    ("food-crises", "Food crises"),
    ("cyber-threats", "Cyber threats"),
    ("maritime-disputes", "Maritime disputes"),
    ("human-rights", "Human rights"),
    ("elections", "Elections"),
    ("accountability", "Accountability and justice"),
    ("small-arms", "Small arms and light weapons"),
    ("sustainable-development", "Sustainable development"),
]

TITLES = ["Permanent Representative", "Deputy Permanent Representative", "Minister for Foreign Affairs"]
# How often each title speaks, and how delegates of a country are shared out between titles.
TITLE_WEIGHTS = [0.62, 0.28, 0.10]
TITLE_SHARES = [0.4, 0.35, 0.25]

# Countries that speak and are spoken about more often than others.
PROMINENT = {
    "USA", "RUS", "CHN", "FRA", "GBR", "DEU", "IND", "BRA", "JPN", "ZAF", "NGA", "EGY", "TUR", "IRN", "ISR",
    "UKR", "PAK", "SAU", "MEX", "KOR", "PRK", "SYR", "AUS", "CAN", "ITA",
}
PERMANENT_FIVE = ["CHN", "FRA", "GBR", "RUS", "USA"]

GIVEN_NAMES = [
    "Amara", "Anders", "Aiko", "Alejandro", "Amina", "Arjun", "Beatriz", "Bogdan", "Chen", "Chiara", "Dmitri",
    "Dalia", "Emeka", "Elif", "Fatima", "Felipe", "Grete", "Hamid", "Hiroshi", "Ingrid", "Ivana", "Jae-won",
    "Joaquim", "Kwame", "Katarzyna", "Laila", "Lars", "Malik", "Mariana", "Mehmet", "Nadia", "Nikolai", "Noura",
    "Olusegun", "Oksana", "Pablo", "Priya", "Rafael", "Rania", "Sahar", "Sebastian", "Sergei", "Siddharth",
    "Sofia", "Tariq", "Thandiwe", "Tomas", "Valentina", "Vikram", "Wei", "Xiomara", "Yasmin", "Yusuf", "Zanele",
    "Zoltan", "Agnieszka", "Bongani", "Carmen", "Dag", "Esther", "Farid", "Gulnara", "Helena", "Idris",
]
SURNAMES = [
    "Abara", "Adeyemi", "Al-Hashimi", "Andersen", "Bakr", "Banerjee", "Barros", "Bekele", "Bianchi", "Castillo",
    "Chowdhury", "Dlamini", "Dubois", "Eriksen", "Fernandes", "Gashi", "Grigorescu", "Haddad", "Hakimi",
    "Hernandez", "Horvath", "Ibrahim", "Ishikawa", "Jovanovic", "Kamara", "Kaplan", "Karimov", "Kowalski",
    "Lindqvist", "Mahmoud", "Makarov", "Mendoza", "Moreau", "Mwangi", "Nakamura", "Navarro", "Nguyen", "Novak",
    "Okafor", "Okonkwo", "Olsen", "Ortega", "Park", "Petrov", "Qureshi", "Rahman", "Rossi", "Saleh", "Santos",
    "Schmidt", "Sharma", "Silva", "Sokolova", "Suleiman", "Tanaka", "Tembo", "Toure", "Urquhart", "Vasquez",
    "Volkov", "Wang", "Wojcik", "Yilmaz", "Zhou", "Zubiri", "Achterberg", "Belkacem", "Costa", "Diallo",
]

AGENDA = [
    "Maintenance of international peace and security",
    "Threats to international peace and crisis response",
    "The situation in the Middle East",
    "Non-proliferation",
    "Children and armed conflict",
    "Protection of civilians in armed conflict",
    "Reports of the Secretary-General on the Sudan and South Sudan",
    "The situation in the Great Lakes region",
    "Peacebuilding and sustaining peace",
    "Promotion and protection of human rights",
    "General and complete disarmament",
    "Humanitarian assistance and disaster relief",
    "United Nations peacekeeping operations",
    "Cooperation with regional and subregional organisations",
]

# --- Quote text ---------------------------------------------------------------------------------
# No phrase below contains a word with the stem of COMMON_WORD or any RARE_WORDS, so that their
# frequency is set by COMMON_SHARE and RARE_SHARE alone.

# Things a speaker supports, and things a speaker deplores.
GOOD = [
    "the report of the Secretary-General", "the latest briefing by the Special Envoy", "the draft resolution before us",
    "the ceasefire agreement", "the humanitarian corridors", "the political process", "the transitional arrangements",
    "the electoral timetable", "the reconstruction effort", "the work of the panel of experts",
    "the mandate of the mission", "the peace talks", "the independent investigation", "the fact-finding mission",
    "the inclusive national dialogue", "the return of refugees", "the demobilisation of combatants",
    "the agreement reached last month", "the arms embargo", "the road map adopted in the spring",
    "the verification mechanism", "the mediation efforts of the African Union", "the prisoner exchange",
    "the protection of journalists", "the safe passage of grain shipments", "the disarmament commitments",
]
BAD = [
    "the ongoing humanitarian crisis", "the deterioration of the situation on the ground",
    "the escalation of hostilities", "unilateral coercive measures", "attacks on civilian infrastructure",
    "the targeting of humanitarian workers", "the flow of illicit arms", "the recruitment of child soldiers",
    "sexual violence in conflict", "the blockade of ports", "the shelling of residential areas",
    "the displacement of millions of people", "the destruction of schools and hospitals",
    "the restrictions on freedom of expression", "the detention of journalists", "the ballistic missile launches",
    "the use of chemical weapons", "the rising cost of food and fuel", "the spread of disinformation",
    "the violations of the ceasefire", "the diversion of humanitarian aid", "the attacks on peacekeepers",
    "the forced transfer of children", "the illegal exploitation of natural resources",
]
STANCES_GOOD = [
    "welcome", "fully support", "take note of", "reaffirm support for", "are encouraged by", "commend",
    "look forward to", "stand behind", "appreciate",
]
STANCES_BAD = [
    "note with concern", "strongly condemn", "deeply regret", "cannot accept", "share the concerns expressed about",
    "are alarmed by", "firmly reject", "remain troubled by", "deplore",
]
# Observations, and principles.
FACTS = [
    "the parties continue to ignore their obligations", "the humanitarian situation is deteriorating by the day",
    "international law is being violated with impunity", "the civilian population bears the brunt of this conflict",
    "the resolutions of this Council are not being implemented", "the window for diplomacy is closing",
    "the ceasefire is fragile", "aid convoys are being turned back at checkpoints",
    "the number of displaced people has doubled", "hospitals are running out of medicine",
    "the mission cannot fulfil its mandate without resources", "hate speech and incitement are on the rise",
]
PRINCIPLES = [
    "dialogue remains the only way forward", "accountability is essential for lasting peace",
    "humanitarian aid must reach those in need without delay", "the sovereignty of States must be respected",
    "there is no alternative to a negotiated settlement", "double standards undermine the credibility of this body",
    "the Charter of the United Nations is not a menu from which to choose",
    "sanctions alone will not resolve this crisis", "women must take part in every stage of the peace process",
    "the root causes of the conflict must be addressed", "impunity only breeds further violence",
    "the Council must speak with one voice", "the people of the region deserve better", "the rule of law must prevail",
    "confidence-building measures are urgently needed", "the next few weeks will be decisive",
]
ACTORS = [
    "all parties", "the international community", "the members of this Council", "the authorities",
    "the armed groups", "the Government", "regional organisations", "neighbouring States", "the donor community",
    "the parties to the conflict",
]
ACTIONS = [
    "respect", "implement", "support", "refrain from undermining", "engage constructively with", "fully fund",
    "protect", "uphold", "return to", "honour",
]
TIMES = [
    "Since our last meeting", "Over the past month", "Once again", "At this critical juncture", "Today",
    "In recent weeks", "Regrettably", "Let me be clear", "Sadly",
]
ADJECTIVES = ["deeply worrying", "unacceptable", "regrettable", "alarming", "indefensible", "troubling"]
BRIEFERS = [
    "the Special Envoy", "the Under-Secretary-General", "the High Commissioner", "the Special Representative",
    "the Executive Director", "the civil society briefer", "the Force Commander",
]
SAID = ["said", "stressed", "stated", "noted", "insisted", "argued", "warned", "underlined"]

SECURITY_SENTENCES = [
    "The security situation remains fragile.",
    "Lasting peace and security require {good}.",
    "{we} are committed to international peace and security.",
    "The deteriorating security situation threatens {good}.",
    "Food insecurity now affects millions of people.",
    "{we} must secure {good}.",
    "Regional security depends on {good}.",
    "No State can achieve its own security at the expense of others.",
    "The security of peacekeepers must be guaranteed.",
]
RARE_WORDS = [RARE_WORD, "cartographers", "phosphate", "lithium", "archipelagic", "glaciologists", "locusts", "quinoa"]
RARE_SENTENCES = [
    "{we} also draw attention to the question of {rare}.",
    "The report says little about {rare}, which deserves attention.",
]

PLAIN_SENTENCES = [
    "{we} {stance_good} {good}.",
    "{we} {stance_bad} {bad}.",
    "{we} {stance_bad} {bad}.",
    "{good_cap} must be respected by all parties.",
    "It is {adj} that {fact}.",
    "{we} call on {actor} to {action} {good}.",
    "{time}, {fact}.",
    "The Council cannot remain silent in the face of {bad}.",
    "This is not the first time that {fact}.",
    "{we} thank {briefer} for the briefing.",
    "{we} stand ready to {action} {good}.",
    "{we} believe that {principle}.",
    "{we} {stance_bad} {bad}, and {we_lower} urge {actor} to {action} {good}.",
    "{bad_cap} must end.",
]

MENTION_SENTENCES = {
    "accuses": ["{we} hold {party} responsible for {bad}.", "{party_cap} bears direct responsibility for {bad}."],
    "criticises": ["{we} regret the position taken by {party}.", "The conduct of {party} is {adj}."],
    "rejects": [
        "{we} reject the allegations made by the delegation of {party}.",
        "The claims of {party} have no basis in fact.",
    ],
    "calls-on": ["{we} call on {party} to {action} {good}.", "{party_cap} must {action} {good}."],
    "defends": ["{party_cap} has every right to defend its people.", "The criticism directed at {party} is unfounded."],
    "supports": ["{we} support the efforts of {party} to {action} {good}.", "{we} commend {party} for its leadership."],
    "mentions": ["{we} have listened carefully to the statement by {party}.", "{we} note the remarks of {party}."],
}
VOCABULARY = {
    "stance_good": STANCES_GOOD,
    "stance_bad": STANCES_BAD,
    "good": GOOD,
    "bad": BAD,
    "fact": FACTS,
    "principle": PRINCIPLES,
    "actor": ACTORS,
    "action": ACTIONS,
    "time": TIMES,
    "adj": ADJECTIVES,
    "briefer": BRIEFERS,
    "rare": RARE_WORDS,
}
# Country names read with "the" in running text: "the United Kingdom", "the Philippines".
THE_PREFIXES = ("United ", "Republic ", "Democratic ", "Russian ", "Central African", "Czech", "Dominican Republic",
                "Islamic ", "Kingdom ", "Federated ", "Syrian ", "Lao ", "Holy ", "State of ")
THE_NAMES = {"Netherlands", "Philippines", "Bahamas", "Gambia", "Comoros", "Maldives", "Marshall Islands",
             "Solomon Islands", "Sudan", "Niger", "United Arab Emirates"}


def in_running_text(name):
    """A country's name as it reads inside a sentence: "the United Kingdom", "France"."""
    if name in THE_NAMES or name.startswith(THE_PREFIXES):
        return "the " + name
    return name


RELATIONS = ["mentions", "calls-on", "criticises", "accuses", "supports", "defends", "rejects"]
RELATION_WEIGHTS = [0.36, 0.16, 0.15, 0.1, 0.11, 0.06, 0.06]


class _Slots(dict):
    """Template values drawn only when a template asks for them."""

    def __init__(self, rng, we, party):
        super().__init__(we=we, we_lower=we.lower(), party=party)
        self.rng = rng

    def __missing__(self, key):
        if key.endswith("_cap"):
            value = self[key[:-4]]
            value = value[0].upper() + value[1:]
        else:
            value = self.rng.choice(VOCABULARY[key])
        self[key] = value
        return value


class QuoteWriter:
    """Writes varied English sentences a diplomat might say, from one random generator."""

    def __init__(self, rng):
        self.rng = rng

    def _fill(self, template, we, party=""):
        return template.format_map(_Slots(self.rng, we, party))

    def sentences(self, mentions=(), we="We", min_plain=1, max_plain=4):
        """Plain sentences, maybe one about security or a rare subject, then one per mention.

        `mentions` are (relation, party name) pairs; `we` is the subject ("We", or "They" when
        the statement is reported).
        """
        rng = self.rng
        out = [self._fill(rng.choice(PLAIN_SENTENCES), we) for _ in range(rng.randint(min_plain, max_plain))]
        if rng.random() < COMMON_SHARE:
            out.insert(rng.randint(0, len(out)), self._fill(rng.choice(SECURITY_SENTENCES), we))
        if rng.random() < RARE_SHARE:
            out.append(self._fill(rng.choice(RARE_SENTENCES), we))
        for relation, name in mentions:
            out.append(self._fill(rng.choice(MENTION_SENTENCES[relation]), we, name))
        return out

    def direct(self, mentions=()):
        return " ".join(self.sentences(mentions))

    def paraphrase(self, speaker, mentions=()):
        """A reported statement: "The representative of France said that they …"."""
        first, *rest = self.sentences(mentions, we="They", max_plain=2)
        text = f"{speaker} {self.rng.choice(SAID)} that {first[0].lower()}{first[1:]}"
        return " ".join([text, *rest])


# --- Loading ------------------------------------------------------------------------------------


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


def synthetic_meetings():
    return Meeting.objects.filter(record_symbol__startswith=SYMBOL_PREFIX)


def has_synthetic_data():
    return synthetic_meetings().exists() or Source.objects.filter(url__startswith=SYNTHETIC_URL).exists()


def _random_date(rng, start=FIRST_DAY, end=LAST_DAY):
    return start + datetime.timedelta(days=rng.randrange((end - start).days + 1))


def _copy_text(value):
    """A value in PostgreSQL COPY text format."""
    if value is None:
        return "\\N"
    if isinstance(value, str):
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return str(value)


class _PostgresWriter:
    """Writes rows with COPY, one buffer per table and batch."""

    def __init__(self):
        self.cursor = connection.cursor()

    def write(self, model, columns, rows):
        if not rows:
            return
        buffer = io.StringIO()
        buffer.writelines("\t".join(map(_copy_text, row)) + "\n" for row in rows)
        buffer.seek(0)
        table = connection.ops.quote_name(model._meta.db_table)
        names = ", ".join(connection.ops.quote_name(column) for column in columns)
        self.cursor.copy_expert(f"COPY {table} ({names}) FROM STDIN", buffer)


class _OrmWriter:
    """Writes rows with bulk_create, for SQLite and other databases."""

    def write(self, model, columns, rows):
        if rows:
            model.objects.bulk_create([model(**dict(zip(columns, row, strict=True))) for row in rows], batch_size=5000)


STATEMENT_COLUMNS = [
    "id", "meeting_id", "date", "speaker_id", "party_id", "speaker_title", "text", "kind", "language", "sequence",
    "reply_to_id", "created", "updated",
]


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
            writer.write(Statement, STATEMENT_COLUMNS, statements)
            writer.write(Citation, ["statement_id", "source_id"], citations)
            writer.write(Statement.topics.through, ["statement_id", "topic_id"], topic_links)
            writer.write(Mention, ["statement_id", "party_id", "relation"], mentions)
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
        if self.meetings and sizes[0]:
            summary.bench_meeting_id = self.meetings[0].id
            summary.bench_meeting_size = sizes[0]
        if speakers:
            summary.busiest_delegate_id = speakers.most_common(1)[0][0]


def analyse():
    """Refresh PostgreSQL's statistics and visibility map after a bulk load (outside a transaction)."""
    models = [Statement, Citation, Statement.topics.through, Mention, Meeting, Source, Delegate, Position, Alias]
    tables = [model._meta.db_table for model in models]
    # VACUUM cannot run inside a transaction (as in tests); ANALYZE alone can.
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"{command} {connection.ops.quote_name(table)}")


def clear():
    """Delete every synthetic row and nothing else. Returns counts of deleted rows by kind.

    Plain SQL deletes, because the ORM would load a million statements to run their signals
    (and write a history row for each).
    """
    quote = connection.ops.quote_name
    meeting, statement = quote(Meeting._meta.db_table), quote(Statement._meta.db_table)
    meetings = f"SELECT id FROM {meeting} WHERE record_symbol LIKE %s"
    statements = f"SELECT id FROM {statement} WHERE meeting_id IN ({meetings})"
    sources = f"SELECT id FROM {quote(Source._meta.db_table)} WHERE url LIKE %s"
    # Synthetic delegates that no remaining statement or meeting names.
    delegates = (
        f"SELECT delegate_id FROM {quote(Alias._meta.db_table)} WHERE name LIKE %s AND kind = %s "
        f"AND delegate_id NOT IN (SELECT speaker_id FROM {statement} WHERE speaker_id IS NOT NULL) "
        f"AND delegate_id NOT IN (SELECT delegate_id FROM {quote(Meeting.briefers.through._meta.db_table)})"
    )
    symbol = [SYMBOL_PREFIX + "%"]
    url = [SYNTHETIC_URL + "%"]
    marker = ["%" + ALIAS_SUFFIX, Alias.Kind.OTHER]
    deleted = {}

    def run(label, sql, params):
        cursor.execute(sql, params)
        if label:
            deleted[label] = deleted.get(label, 0) + cursor.rowcount

    with transaction.atomic(), connection.cursor() as cursor:
        # A real statement that answers a synthetic one loses that link, as on_delete=SET_NULL would.
        run(
            None,
            f"UPDATE {statement} SET reply_to_id = NULL WHERE reply_to_id IN ({statements}) "
            f"AND (meeting_id IS NULL OR meeting_id NOT IN ({meetings}))",
            symbol + symbol,
        )
        for model, label in ((Mention, "mentions"), (Statement.topics.through, "topic links"), (Citation, "citations")):
            run(label, f"DELETE FROM {quote(model._meta.db_table)} WHERE statement_id IN ({statements})", symbol)
        run("citations", f"DELETE FROM {quote(Citation._meta.db_table)} WHERE source_id IN ({sources})", url)
        run("statements", f"DELETE FROM {statement} WHERE meeting_id IN ({meetings})", symbol)
        for through in (Meeting.requested_by.through, Meeting.briefers.through, Meeting.sources.through):
            run(None, f"DELETE FROM {quote(through._meta.db_table)} WHERE meeting_id IN ({meetings})", symbol)
        run(None, f"DELETE FROM {quote(Meeting.sources.through._meta.db_table)} WHERE source_id IN ({sources})", url)
        run("meetings", f"DELETE FROM {meeting} WHERE record_symbol LIKE %s", symbol)
        run("sources", f"DELETE FROM {quote(Source._meta.db_table)} WHERE url LIKE %s", url)
        cursor.execute(delegates, marker)
        delegate_ids = [row[0] for row in cursor.fetchall()]
        for start in range(0, len(delegate_ids), 500):
            chunk = delegate_ids[start : start + 500]
            placeholders = ", ".join(["%s"] * len(chunk))
            for model in (Position, Alias):
                run(None, f"DELETE FROM {quote(model._meta.db_table)} WHERE delegate_id IN ({placeholders})", chunk)
            run("delegates", f"DELETE FROM {quote(Delegate._meta.db_table)} WHERE id IN ({placeholders})", chunk)
        # Bodies and topics the generator would have created, when nothing uses them any more.
        unused_topics = Topic.objects.filter(slug__in=[slug for slug, _ in TOPICS], statements=None)
        deleted["topics"] = _delete_unused(unused_topics)
        unused_bodies = Body.objects.filter(slug__in=[slug for slug, *_ in BODIES], meetings=None, seats=None)
        deleted["bodies"] = _delete_unused(unused_bodies)
    return deleted


def _delete_unused(queryset):
    ids = list(queryset.values_list("id", flat=True))
    if ids:
        queryset.model.objects.filter(id__in=ids).delete()
    return len(ids)
