"""Counts of a selection of statements by country, speaker, topic, body, mentioned party, relation,
kind, month and year, over every statement of the selection.

All but the months and years are cut to the `size` biggest values (`None`: every value) so that a
facet never grows with the data unless asked to. On PostgreSQL one query reads the selection once
into a materialised CTE and groups it every way (`_postgres_facets`); elsewhere eight GROUP BY
queries each read it again. A common word's ~180,000 matches at a million statements still take
over a second, so the API and the search page cache the answer per filters and data version
(`cached_facet_counts`), and the exact count of a selection likewise (`cached_count`).
"""

import functools
import hashlib

from django.core.cache import cache
from django.db import connections
from django.db.models import Count
from django.db.models.functions import TruncMonth

from statements import memo, prepared
from statements.models import (
    Ballot,
    Body,
    CouncilSeat,
    Delegate,
    Draft,
    Meeting,
    Mention,
    Participant,
    Party,
    RecordCheck,
    Source,
    Statement,
    Topic,
    Vote,
)

# How long a cached facet result or count may live. The data version below changes on every
# ordinary write, so this only bounds what it cannot see (see `data_version`); a worker keeps its
# copy up to memo.WORKER_SECONDS longer.
CACHE_SECONDS = 300
DEFAULT_SIZE = 20


def facet_counts(queryset, *, size=DEFAULT_SIZE):
    """Facets of every statement in `queryset` (its order does not matter). One query on
    PostgreSQL, eight elsewhere.

    Returns {"country": [{code, name, kind, count}], "speaker": [{id, name, count}],
    "topic": [{slug, name, count}], "body": [{slug, name, count}], "mentions": [{code, name, kind, count}],
    "relation": [{relation, count}], "kind": [{kind, count}], "month": [{month: "YYYY-MM", count}],
    "year": [{year, count}]}: the biggest first (ties by code, id, slug or value), except months and
    years, which come in date order and are never cut. `size` cuts the others to that many values;
    None lists every value.

    A statement that mentions a party twice (accuses and criticises it) counts once for that party,
    and once for each relation it uses: the counts are of statements, as the filters select them.
    """
    base = queryset.order_by()
    if connections[base.db].vendor == "postgresql":
        return _postgres_facets(base, size)
    return _facets_query_by_query(base, size)


def _facets_query_by_query(base, size):
    """`facet_counts` in eight GROUP BY queries, one per facet but the years: any database."""
    countries = _biggest(base, "party", ["party__code", "party__name", "party__short_name", "party__kind"], size)
    speakers = _biggest(base, "speaker", ["speaker_id", "speaker__full_name"], size)
    topics = _biggest(base, "topics", ["topics__slug", "topics__name"], size)
    bodies = _biggest(base, "meeting", ["meeting__body__slug", "meeting__body__name"], size)
    mentioned = _biggest(
        base,
        "mentions",
        ["mentions__party__code", "mentions__party__name", "mentions__party__short_name", "mentions__party__kind"],
        size,
        distinct=True,
    )
    relations = _biggest(base, "mentions", ["mentions__relation"], size, distinct=True)
    kinds = _biggest(base, None, ["kind"], size)
    months = base.annotate(month=TruncMonth("date")).values("month").annotate(count=Count("pk")).order_by("month")
    months = [{"month": row["month"].strftime("%Y-%m"), "count": row["count"]} for row in months]
    return {
        "country": [_party(row, "party__") for row in countries],
        "speaker": [
            {"id": row["speaker_id"], "name": row["speaker__full_name"], "count": row["count"]} for row in speakers
        ],
        "topic": [{"slug": row["topics__slug"], "name": row["topics__name"], "count": row["count"]} for row in topics],
        "body": [
            {"slug": row["meeting__body__slug"], "name": row["meeting__body__name"], "count": row["count"]}
            for row in bodies
        ],
        "mentions": [_party(row, "mentions__party__") for row in mentioned],
        "relation": [{"relation": row["mentions__relation"], "count": row["count"]} for row in relations],
        "kind": [{"kind": row["kind"], "count": row["count"]} for row in kinds],
        "month": months,
        "year": _years(months),
    }


def _years(months):
    """The months' counts added up by year, in date order."""
    years = {}
    for row in months:
        year = int(row["month"][:4])
        years[year] = years.get(year, 0) + row["count"]
    return [{"year": year, "count": count} for year, count in years.items()]


def _postgres_facets(base, size):
    """`facet_counts` on PostgreSQL in one query: the selection is read once.

    The eight GROUP BY queries of the other path each find and read every matching row again
    (for a common word at a million statements, ~180,000 rows: 0.8 to 2.9 s each on this
    machine's two busy cores). Here the selection's few columns go into a MATERIALIZED CTE, and
    mentions into a second one, which every facet groups; labels are joined after grouping, to
    the few grouped rows only. Same answers and the same order (ties by the same key) as the
    other path, which the tests check on both databases.
    """
    selection, params = base.values(
        "id", "party_id", "speaker_id", "meeting_id", "kind", "date"
    ).query.sql_with_params()
    tables = {
        "party": Party._meta.db_table,
        "delegate": Delegate._meta.db_table,
        "meeting": Meeting._meta.db_table,
        "body": Body._meta.db_table,
        "topic": Topic._meta.db_table,
        "topics": Statement.topics.through._meta.db_table,
        "mention": Mention._meta.db_table,
    }
    # Columns: facet, key (what the filters take), name, party kind, count, then a whole-number
    # tie-break (speakers' ids) before the key.
    sql = f"""
        WITH m AS MATERIALIZED ({selection}),
        mn AS MATERIALIZED (
            SELECT x.statement_id, x.party_id, x.relation FROM {tables["mention"]} x JOIN m ON m.id = x.statement_id
        )
        SELECT 'country', p.code, COALESCE(NULLIF(p.short_name, ''), p.name), p.kind, g.n, 0
            FROM (SELECT party_id, COUNT(*) AS n FROM m WHERE party_id IS NOT NULL GROUP BY party_id) g
            JOIN {tables["party"]} p ON p.id = g.party_id
        UNION ALL
        SELECT 'speaker', d.id::text, d.full_name, NULL, g.n, d.id
            FROM (SELECT speaker_id, COUNT(*) AS n FROM m WHERE speaker_id IS NOT NULL GROUP BY speaker_id) g
            JOIN {tables["delegate"]} d ON d.id = g.speaker_id
        UNION ALL
        SELECT 'topic', t.slug, t.name, NULL, g.n, 0
            FROM (SELECT st.topic_id, COUNT(*) AS n FROM m JOIN {tables["topics"]} st ON st.statement_id = m.id
                  GROUP BY st.topic_id) g
            JOIN {tables["topic"]} t ON t.id = g.topic_id
        UNION ALL
        SELECT 'body', b.slug, b.name, NULL, g.n, 0
            FROM (SELECT mt.body_id, COUNT(*) AS n FROM m JOIN {tables["meeting"]} mt ON mt.id = m.meeting_id
                  GROUP BY mt.body_id) g
            JOIN {tables["body"]} b ON b.id = g.body_id
        UNION ALL
        SELECT 'mentions', p.code, COALESCE(NULLIF(p.short_name, ''), p.name), p.kind, g.n, 0
            FROM (SELECT party_id, COUNT(DISTINCT statement_id) AS n FROM mn GROUP BY party_id) g
            JOIN {tables["party"]} p ON p.id = g.party_id
        UNION ALL
        SELECT 'relation', relation, NULL, NULL, COUNT(DISTINCT statement_id), 0 FROM mn GROUP BY relation
        UNION ALL
        SELECT 'kind', kind, NULL, NULL, COUNT(*), 0 FROM m GROUP BY kind
        UNION ALL
        SELECT 'month', to_char(date, 'YYYY-MM'), NULL, NULL, COUNT(*), 0 FROM m GROUP BY 2
        ORDER BY 1, 5 DESC, 6, 2
    """
    facets = {name: [] for name in ("country", "speaker", "topic", "body", "mentions", "relation", "kind", "month")}
    with connections[base.db].cursor() as cursor:
        cursor.execute(sql, params)
        for facet, key, name, party_kind, count, _ in cursor.fetchall():
            facets[facet].append(_item(facet, key, name, party_kind, count))
    for name in facets:
        if name == "month":
            facets[name].sort(key=lambda row: row["month"])
        elif size is not None:
            facets[name] = facets[name][:size]
    facets["year"] = _years(facets["month"])
    return facets


def _item(facet, key, name, party_kind, count):
    """One row of `_postgres_facets` as the item of its facet."""
    if facet in ("country", "mentions"):
        return {"code": key, "name": name, "kind": party_kind, "count": count}
    if facet == "speaker":
        return {"id": int(key), "name": name, "count": count}
    if facet in ("topic", "body"):
        return {"slug": key, "name": name, "count": count}
    return {facet: key, "count": count}


def _party(row, prefix):
    return {
        "code": row[f"{prefix}code"],
        "name": row[f"{prefix}short_name"] or row[f"{prefix}name"],
        "kind": row[f"{prefix}kind"],
        "count": row["count"],
    }


# What dates the data: every model an API list shows has `updated` (migration 0011; it moves on
# every save and on `bulk_create`), and the history tables (django-simple-history writes a row on
# every save and delete, through the API, the admin, the editor pages and the imports) also date
# the deletions of the models that keep one.
UPDATED = (Statement, Meeting, Delegate, Source, Party, Body, Topic, Draft, Vote, Ballot, CouncilSeat)
HISTORY = (Statement, Meeting, Delegate, Source, Participant, Draft, Vote, Ballot, RecordCheck)


def change_marks(using="default"):
    """The newest `updated` of each model of UPDATED and the newest `history_date` of each history
    of HISTORY, as the database answers them (None for an empty table). One query of twenty index
    lookups."""
    with connections[using].cursor() as cursor:
        prepared.run(cursor, "statements_change_marks", _change_marks_sql())
        return cursor.fetchone()


@functools.cache
def _change_marks_sql():
    # Written once per process: `Model.history` builds a new manager class on every access
    # (django-simple-history), which cost ~1.5 ms of every API request.
    parts = [f"(SELECT MAX(updated) FROM {model._meta.db_table})" for model in UPDATED]
    parts += [f"(SELECT MAX(history_date) FROM {model.history.model._meta.db_table})" for model in HISTORY]
    return "SELECT " + ", ".join(parts)


def data_version(using="default"):
    """A value that changes whenever the data, or the labels the facets show, change. One query.

    The marks of `change_marks`: every save of anything an API list shows, and every delete of
    statements, meetings, delegates and sources and of what the official record adds.

    Not seen: `QuerySet.update()` that does not set `updated`, SQL or COPY from outside Django
    (e.g. `generate_data`, an offline bulk load: clear the cache or restart after it), deleting a
    party, a topic, a body or a council seat (they keep no history), and a transaction that
    commits after a later one that saved first. `CACHE_SECONDS` bounds how long any of these can
    show stale counts.

    Read once per reading request (`memo.once`): the count cache, the response cache and the
    country filter's parties all key on it.
    """
    return memo.once(_version_key(using), lambda: "|".join(str(value) for value in change_marks(using)))


def known_data_version(using="default"):
    """The data version if this request has read it already (`data_version`), else None."""
    return memo.known(_version_key(using))


def _version_key(using):
    return ("data_version", using)


def cached_facet_counts(queryset, key, *, size=DEFAULT_SIZE, version=None):
    """`facet_counts`, cached per `key` (the normalised filters), size and data version.

    At a million statements one country's facets take ~130 ms, most of it the topic facet
    joining 32,000 statements to 1.5 million topic links, and a common word's about a second;
    a cached answer costs one query (none when the caller gives the data `version`). The cache is
    Django's default (per process unless settings name a shared one).
    """
    return _cached(
        "facets", f"{key}\x00{size}", queryset.db, lambda: facet_counts(queryset, size=size), version=version
    )


def cached_count(queryset, key, *, version=None):
    """`queryset.count()`, cached per `key` (the normalised filters) and data version.

    Page 2 of a selection costs the same count as page 1, and the exact count of a common word's
    matches is most of a page's database time. `version`: the data version when the caller has
    it already (one query less).
    """
    return _cached("count", key, queryset.db, lambda: queryset.order_by().count(), version=version)


def cached_by_version(kind, key, compute, *, using="default"):
    """`compute()`, kept per `kind`, `key` and data version, as the counts are (one query, the
    version's, when kept).

    For what a page counts over the whole data (every party's statements and mentions, each topic's
    statements, the totals of the home page): at a million statements those counts read every
    statement or mention, 40–450 ms, the same for every visitor until the data changes. The value
    must pickle: the cache may be shared (Redis). `kind` goes into the cache key as it is, so it has
    no spaces (memcached's rule, which Django checks for every backend).
    """
    return _cached(kind, key, using, compute)


def remembered_count(queryset, key, *, version):
    """`cached_count`'s count if the cache has it, else None; and a function that keeps a count
    counted some other way (a page's query counting its selection with `COUNT(*) OVER ()`)."""
    cache_key = _cache_key("count", key, version)
    return _get(cache_key), lambda count: _set(cache_key, count)


def _cache_key(kind, key, version):
    digest = hashlib.sha256(f"{key}\x00{version}".encode("utf-8", "surrogatepass")).hexdigest()
    return f"{kind}:{digest}"


def _cached(kind, key, using, compute, *, version=None):
    if version is None:
        version = data_version(using)
    cache_key = _cache_key(kind, key, version)
    value = _get(cache_key)
    if value is None:
        value = compute()
        _set(cache_key, value)
    return value


def _get(cache_key):
    """The shared cache's value, kept in the worker too: a popular selection's count (one country,
    a common word) is asked for by most requests, and the shared cache is a round trip away."""
    value = memo.worker_cache.get(cache_key)
    if value is None:
        value = cache.get(cache_key)
        if value is not None:
            memo.worker_cache.set(cache_key, value)
    return value


def _set(cache_key, value):
    cache.set(cache_key, value, CACHE_SECONDS)
    memo.worker_cache.set(cache_key, value)


def _biggest(statements, relation, columns, size, *, distinct=False):
    """The `size` values of `columns` with the most statements, among statements that have `relation`
    (if one is named).

    Ties go by the first column (a code, id or slug), so the same selection always lists the same
    values. `distinct` counts a statement once where it joins several rows of the same value.
    """
    if relation is not None:
        statements = statements.filter(**{f"{relation}__isnull": False})
    rows = statements.values(*columns).annotate(count=Count("pk", distinct=distinct)).order_by("-count", columns[0])
    return rows if size is None else rows[:size]
