"""How synthetic rows are marked, found and removed (`generate_data --clear`)."""

from django.db import connection, transaction

from statements import around_table
from statements.models import Alias, Body, Citation, Delegate, Meeting, Mention, Position, Source, Statement, Topic
from statements.ops.synthetic.vocabulary import BODIES, TOPICS

SYNTHETIC_URL = "https://synthetic.example/"
SYMBOL_PREFIX = "SYN/PV."
ALIAS_SUFFIX = " (synthetic)"
SUMMARY = "Synthetic meeting made by generate_data for tests and benchmarks; it never took place."


def synthetic_meetings():
    return Meeting.objects.filter(record_symbol__startswith=SYMBOL_PREFIX)


def has_synthetic_data():
    return synthetic_meetings().exists() or Source.objects.filter(url__startswith=SYNTHETIC_URL).exists()


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

    # What PostgreSQL keeps around each statement is made once for the statements that remain,
    # instead of by each DELETE's triggers for every synthetic statement it touches.
    with transaction.atomic(), connection.cursor() as cursor, around_table.paused(cursor):
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
