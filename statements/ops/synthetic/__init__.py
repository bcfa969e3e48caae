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

The package: `vocabulary` (the word lists), `quotes` (sentences made from them), `markers` (how
synthetic rows are marked, found and cleared), `bulk` (the batch writers) and `generator`.
"""

from statements.ops.synthetic.bulk import STATEMENT_COLUMNS, analyse, write_statements
from statements.ops.synthetic.generator import FIRST_DAY, LAST_DAY, Generator, Summary, SyntheticDataError
from statements.ops.synthetic.markers import (
    ALIAS_SUFFIX,
    SUMMARY,
    SYMBOL_PREFIX,
    SYNTHETIC_URL,
    clear,
    has_synthetic_data,
    synthetic_meetings,
)
from statements.ops.synthetic.quotes import QuoteWriter
from statements.ops.synthetic.vocabulary import (
    ACTIONS,
    ACTORS,
    ADJECTIVES,
    AGENDA,
    BAD,
    BODIES,
    BRIEFERS,
    COMMON_SHARE,
    COMMON_WORD,
    FACTS,
    GIVEN_NAMES,
    GOOD,
    MENTION_SENTENCES,
    PERMANENT_FIVE,
    PLAIN_SENTENCES,
    PRINCIPLES,
    PROMINENT,
    RARE_SENTENCES,
    RARE_SHARE,
    RARE_WORD,
    RARE_WORDS,
    RELATION_WEIGHTS,
    RELATIONS,
    SAID,
    SECURITY_SENTENCES,
    STANCES_BAD,
    STANCES_GOOD,
    SURNAMES,
    THE_NAMES,
    THE_PREFIXES,
    TIMES,
    TITLE_SHARES,
    TITLE_WEIGHTS,
    TITLES,
    TOPICS,
    VOCABULARY,
    in_running_text,
)

__all__ = [
    "ACTIONS",
    "ACTORS",
    "ADJECTIVES",
    "AGENDA",
    "ALIAS_SUFFIX",
    "BAD",
    "BODIES",
    "BRIEFERS",
    "COMMON_SHARE",
    "COMMON_WORD",
    "FACTS",
    "FIRST_DAY",
    "GIVEN_NAMES",
    "GOOD",
    "LAST_DAY",
    "MENTION_SENTENCES",
    "PERMANENT_FIVE",
    "PLAIN_SENTENCES",
    "PRINCIPLES",
    "PROMINENT",
    "RARE_SENTENCES",
    "RARE_SHARE",
    "RARE_WORD",
    "RARE_WORDS",
    "RELATIONS",
    "RELATION_WEIGHTS",
    "SAID",
    "SECURITY_SENTENCES",
    "STANCES_BAD",
    "STANCES_GOOD",
    "STATEMENT_COLUMNS",
    "SUMMARY",
    "SURNAMES",
    "SYMBOL_PREFIX",
    "SYNTHETIC_URL",
    "THE_NAMES",
    "THE_PREFIXES",
    "TIMES",
    "TITLES",
    "TITLE_SHARES",
    "TITLE_WEIGHTS",
    "TOPICS",
    "VOCABULARY",
    "Generator",
    "QuoteWriter",
    "Summary",
    "SyntheticDataError",
    "analyse",
    "clear",
    "has_synthetic_data",
    "in_running_text",
    "write_statements",
    "synthetic_meetings",
]
