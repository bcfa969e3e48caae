"""Counts of a selection of statements by country, speaker, topic, body and month.

Five GROUP BY queries, each over the selection only; all but the months are cut to the
`limit` biggest values so that a facet never grows with the data.
"""

from django.db.models import Count
from django.db.models.functions import TruncMonth


def facet_counts(queryset, *, limit=20):
    """Facets of the statements in `queryset`. Runs five queries.

    Returns {"country": [{code, name, kind, count}], "speaker": [{id, name, count}],
    "topic": [{slug, name, count}], "body": [{slug, name, count}], "month": [{month: "YYYY-MM", count}]},
    each list biggest first except months, which come in date order.
    """
    base = queryset.order_by()

    countries = (
        base.filter(party__isnull=False)
        .values("party__code", "party__name", "party__short_name", "party__kind")
        .annotate(count=Count("pk"))
        .order_by("-count", "party__code")[:limit]
    )
    speakers = (
        base.filter(speaker__isnull=False)
        .values("speaker_id", "speaker__full_name")
        .annotate(count=Count("pk"))
        .order_by("-count", "speaker_id")[:limit]
    )
    topics = (
        base.filter(topics__isnull=False)
        .values("topics__slug", "topics__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "topics__slug")[:limit]
    )
    bodies = (
        base.filter(meeting__isnull=False)
        .values("meeting__body__slug", "meeting__body__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "meeting__body__slug")[:limit]
    )
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
    }
