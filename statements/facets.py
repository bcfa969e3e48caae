"""Counts of a selection of statements by country, speaker, topic, body and month.

Five GROUP BY queries, each over the selection only; all but the months are cut to the
`limit` biggest values so that a facet never grows with the data.

A selection can be too big to count in a request's budget (every match of a common word is
~200,000 statements at a million): with `sample=N` the facets count only the first N rows of
the selection in its own order (for a capped search, the same candidates its pages show) and
say so with `"sampled": True`.
"""

import hashlib

from django.core.cache import cache
from django.db import connections
from django.db.models import Count
from django.db.models.functions import TruncMonth

from statements.models import Ballot, Delegate, Draft, Meeting, Participant, RecordCheck, Source, Statement, Vote

# How long a cached facet result may live. The data version below changes on every ordinary
# write, so this only bounds what it cannot see (see `data_version`).
CACHE_SECONDS = 300


def facet_counts(queryset, *, limit=20, sample=None):
    """Facets of the statements in `queryset`. Runs five queries.

    Returns {"country": [{code, name, kind, count}], "speaker": [{id, name, count}],
    "topic": [{slug, name, count}], "body": [{slug, name, count}], "month": [{month: "YYYY-MM", count}],
    "sampled": bool}, each list biggest first except months, which come in date order.

    With an int `sample`, only the first `sample` rows of `queryset` (in its ordering) are
    counted, through a `pk IN (SELECT … LIMIT sample)` subquery in each facet query; "sampled"
    is True when the selection had at least that many rows (so some may have been left out).
    """
    if sample is not None:
        first_rows = queryset.values("pk")[:sample]
        base = queryset.model._default_manager.filter(pk__in=first_rows)
    else:
        base = queryset.order_by()

    countries = _biggest(base, "party", ["party__code", "party__name", "party__short_name", "party__kind"], limit)
    speakers = _biggest(base, "speaker", ["speaker_id", "speaker__full_name"], limit)
    topics = _biggest(base, "topics", ["topics__slug", "topics__name"], limit)
    bodies = _biggest(base, "meeting", ["meeting__body__slug", "meeting__body__name"], limit)
    months = base.annotate(month=TruncMonth("date")).values("month").annotate(count=Count("pk")).order_by("month")
    return {
        "country": [
            {
                "code": row["party__code"],
                "name": row["party__short_name"] or row["party__name"],
                "kind": row["party__kind"],
                "count": row["count"],
            }
            for row in countries
        ],
        "speaker": [
            {"id": row["speaker_id"], "name": row["speaker__full_name"], "count": row["count"]} for row in speakers
        ],
        "topic": [{"slug": row["topics__slug"], "name": row["topics__name"], "count": row["count"]} for row in topics],
        "body": [
            {"slug": row["meeting__body__slug"], "name": row["meeting__body__name"], "count": row["count"]}
            for row in bodies
        ],
        "month": [{"month": row["month"].strftime("%Y-%m"), "count": row["count"]} for row in months],
        # Every counted row falls in exactly one month, so the months add up to the rows counted.
        "sampled": sample is not None and sum(row["count"] for row in months) >= sample,
    }


def data_version(using="default"):
    """A value that changes whenever the statements, or the labels the facets show, change. One query.

    The newest `Statement.updated` (an index of migration 0007; it moves on every save and on
    `bulk_create`) and the newest `history_date` of the history of statements, meetings,
    delegates and sources, and of what the official record adds — participants, drafts, votes,
    ballots and checks of quotes (django-simple-history writes a row on every save and delete,
    through the API, the admin, the editor pages and the imports; statement topics are tracked
    too). Ten index lookups in one round trip.

    Not seen: `QuerySet.update()` without a history row, SQL or COPY from outside Django (e.g.
    `generate_data`, an offline bulk load: clear the cache or restart after it), renaming a
    party, a topic or a body and changing a council seat (they keep no history), and a
    transaction that commits after a later one that saved first. `CACHE_SECONDS` bounds how long
    any of these can show stale counts.
    """
    parts = [f"(SELECT MAX(updated) FROM {Statement._meta.db_table})"]
    for model in (Statement, Meeting, Delegate, Source, Participant, Draft, Vote, Ballot, RecordCheck):
        parts.append(f"(SELECT MAX(history_date) FROM {model.history.model._meta.db_table})")
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        return "|".join(str(value) for value in cursor.fetchone())


def cached_facet_counts(queryset, key, *, limit=20, sample=None):
    """`facet_counts`, cached per `key` (the normalised filters) and data version.

    At a million statements one country's facets take ~130 ms, most of it the topic facet
    joining 32,000 statements to 1.5 million topic links; a cached answer costs one query.
    The cache is Django's default (per process unless settings name a shared one).
    """
    version = data_version(queryset.db)
    digest = hashlib.sha256(f"{key}\x00{limit}\x00{sample}\x00{version}".encode()).hexdigest()
    cache_key = f"facets:{digest}"
    facets = cache.get(cache_key)
    if facets is None:
        facets = facet_counts(queryset, limit=limit, sample=sample)
        cache.set(cache_key, facets, CACHE_SECONDS)
    return facets


def _biggest(statements, relation, columns, limit):
    """The `limit` values of `columns` with the most statements, among statements that have `relation`.

    Ties go by the first column (a code, id or slug), so the same selection always lists the same values.
    """
    return (
        statements.filter(**{f"{relation}__isnull": False})
        .values(*columns)
        .annotate(count=Count("pk"))
        .order_by("-count", columns[0])[:limit]
    )
