"""Compare two to five countries (or delegates) over a period: their statements per month side by side,
their topics, whom each treated how, and how each voted. Every number links to its statements.

Each part is one grouped query over all the subjects at once, whatever their number; a joint statement
counts once for each party it was made for (its joint parties in a UNION ALL), as the search page's
`country` filter finds it.
"""

import datetime
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import BadRequest
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.shortcuts import render
from django.urls import reverse

from statements import ids
from statements.filters import PartyCodesField, unknown_parameters_message
from statements.models import Ballot, Delegate, Mention, Party, Statement, Topic, Vote
from statements.pages.period import PeriodForm, describe, month_end, months_between, period_parameters
from statements.pages.relations import LABELS, party_entry, relation_counts, search_url

FEWEST, MOST = 2, 5
# Beyond this many months the table counts by year instead.
MAX_MONTHS = 36
# Topics shown, those with the most statements first.
MAX_TOPICS = 20
# Parties listed under each relation of each subject, those with the most statements first.
MAX_PARTIES = 10
# Votes listed one by one, newest first (the counts by choice cover all of them).
MAX_VOTES = 30
JOINT = Statement.joint_parties.through
STANCES = [relation for relation in LABELS if relation != Mention.Relation.MENTIONS]


class DelegateIdsField(forms.Field):
    """Delegate numbers separated by commas; cleans to the Delegates in the order given, in one query."""

    widget = forms.TextInput
    default_error_messages = {
        "invalid": "Give delegate numbers separated by commas, e.g. 12,15.",
        "unknown": "No delegate has the number %(ids)s.",
    }

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return []
        try:
            numbers = [int(part) for part in value.split(",") if part.strip()]
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if any(not 1 <= number <= ids.MAX_ID for number in numbers):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        numbers = list(dict.fromkeys(numbers))
        found = Delegate.objects.in_bulk(numbers)
        unknown = [str(number) for number in numbers if number not in found]
        if unknown:
            raise forms.ValidationError(
                self.error_messages["unknown"], code="unknown", params={"ids": ", ".join(unknown)}
            )
        return [found[number] for number in numbers]


class CompareForm(PeriodForm):
    parties = PartyCodesField(
        label="Countries or organisations",
        required=False,
        help_text=f"{FEWEST} to {MOST} codes separated by commas, e.g. RUS,USA.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    delegates = DelegateIdsField(
        label="Or delegates",
        required=False,
        help_text=f"{FEWEST} to {MOST} delegate numbers separated by commas (the number in a delegate page's address).",
    )

    field_order = ["parties", "delegates", "year", "date_from", "date_to"]
    parameters = ("parties", "delegates", "year", "date_from", "date_to")

    def clean(self):
        cleaned = super().clean()
        parties, delegates = cleaned.get("parties") or [], cleaned.get("delegates") or []
        if self.has_error("parties") or self.has_error("delegates"):
            return cleaned
        # Each party once (RUS,rus is one party), those given by code in the order given, those given
        # by name ("Russia") after them.
        given = [code.strip().upper() for code in ",".join(self.data.getlist("parties")).split(",")]
        parties = sorted(
            {party.pk: party for party in parties}.values(),
            key=lambda party: given.index(party.code.upper()) if party.code.upper() in given else len(given),
        )
        if parties and delegates:
            raise forms.ValidationError("Compare countries or delegates, not both.", code="both")
        chosen = parties or delegates
        if not FEWEST <= len(chosen) <= MOST:
            raise forms.ValidationError(
                f"Choose {FEWEST} to {MOST} countries or delegates to compare; you gave {len(chosen)}.",
                code="how_many",
            )
        cleaned["parties"], cleaned["delegates"] = parties, delegates
        return cleaned


def in_period(field, start, end):
    conditions = Q()
    if start:
        conditions &= Q(**{f"{field}__gte": start})
    if end:
        conditions &= Q(**{f"{field}__lte": end})
    return conditions


def by_party(direct, joint):
    """{(party id, key): count} of the rows of two querysets of (party id, key, count): a party's own
    statements and its joint ones. One query (UNION ALL)."""
    counts = {}
    for party, key, number in direct.order_by().union(joint.order_by(), all=True):
        counts[party, key] = counts.get((party, key), 0) + number
    return counts


def month_counts(parties, delegates, start, end):
    """{(subject id, first day of its month): statements}. One query."""
    if delegates:
        rows = (
            Statement.objects.filter(in_period("date", start, end), speaker__in=delegates)
            .annotate(period=TruncMonth("date"))
            .order_by()
            .values_list("speaker", "period")
            .annotate(n=Count("pk"))
        )
        return {(speaker, period): number for speaker, period, number in rows}
    direct = (
        Statement.objects.filter(in_period("date", start, end), party__in=parties)
        .annotate(period=TruncMonth("date"))
        .values_list("party", "period")
        .annotate(n=Count("pk"))
    )
    joint = (
        JOINT.objects.filter(in_period("statement__date", start, end), party__in=parties)
        .annotate(period=TruncMonth("statement__date"))
        .values_list("party", "period")
        .annotate(n=Count("pk"))
    )
    return by_party(direct, joint)


def topic_counts(parties, delegates, start, end):
    """{(subject id, topic id): statements}. One query."""
    links = Statement.topics.through.objects.filter(in_period("statement__date", start, end))
    if delegates:
        rows = (
            links.filter(statement__speaker__in=delegates)
            .order_by()
            .values_list("statement__speaker", "topic")
            .annotate(n=Count("pk"))
        )
        return {(speaker, topic): number for speaker, topic, number in rows}
    direct = links.filter(statement__party__in=parties).values_list("statement__party", "topic").annotate(n=Count("pk"))
    joint = (
        links.filter(statement__joint_parties__in=parties)
        .values_list("statement__joint_parties", "topic")
        .annotate(n=Count("pk"))
    )
    return by_party(direct, joint)


def speaker_relation_counts(delegates, start, end):
    """{(delegate id, mentioned party id, relation): statements}, as relation_counts for parties. One query."""
    rows = (
        Mention.objects.filter(in_period("statement__date", start, end), statement__speaker__in=delegates)
        .order_by()
        .values_list("statement__speaker", "party", "relation")
        .annotate(n=Count("pk"))
    )
    return {(speaker, party, relation): number for speaker, party, relation, number in rows}


def bar(count, peak):
    """The length of a bar, 0 to 100, for `count` out of `peak`; at least 2 when there is any."""
    if not count or not peak:
        return 0
    return max(round(100 * count / peak), 2)


def subjects_of(parties, delegates, start, end):
    """Each compared party or delegate as the page shows it, with the search parameters of its statements
    (and for a party, the address of its relations in the period)."""
    if delegates:
        return [
            {
                "pk": delegate.pk,
                "name": delegate.full_name,
                "url": delegate.get_absolute_url(),
                "search": {"speaker": delegate.pk},
            }
            for delegate in delegates
        ]
    relations = reverse("relations")
    return [
        {
            "pk": party.pk,
            **party_entry(party),
            "search": {"country": party.code},
            "relations": f"{relations}?{urlencode({'party': party.code, **period_parameters(start, end)})}",
        }
        for party in parties
    ]


def statements_table(subjects, counts, start, end):
    """Rows of the statements per month (or year) table: a period and, for each subject, its count,
    bar and link; and the totals."""
    recorded = sorted({period for _, period in counts})
    first = start or (recorded[0] if recorded else None)
    last = end or (recorded[-1] if recorded else None)
    if first is None:
        return "month", [], []
    months = months_between(first, last)
    interval = "month" if len(months) <= MAX_MONTHS else "year"
    if interval == "month":
        periods = [(month, month, month_end(month)) for month in months]
    else:
        periods = [
            (datetime.date(year, 1, 1), max(first, datetime.date(year, 1, 1)), min(last, datetime.date(year, 12, 31)))
            for year in range(first.year, last.year + 1)
        ]
    peak = max(counts.values(), default=0)
    rows = []
    for key, period_start, period_end in periods:
        cells = []
        for subject in subjects:
            count = counts.get((subject["pk"], key), 0)
            url = search_url(**subject["search"], **period_parameters(period_start, period_end)) if count else ""
            cells.append({"count": count, "bar": bar(count, peak), "url": url})
        label = f"{key:%B %Y}" if interval == "month" else str(key.year)
        rows.append({"label": label, "iso": f"{key:%Y-%m}" if interval == "month" else str(key.year), "cells": cells})
    totals = []
    for subject in subjects:
        total = sum(count for (pk, _), count in counts.items() if pk == subject["pk"])
        totals.append({"count": total, "url": search_url(**subject["search"], **period_parameters(start, end))})
    return interval, rows, totals


def topics_table(subjects, counts, topics, start, end):
    """Rows of the topics table, the topics with the most statements first."""
    totals = {}
    for (_, topic), count in counts.items():
        totals[topic] = totals.get(topic, 0) + count
    order = sorted(totals, key=lambda pk: (-totals[pk], topics[pk].name))[:MAX_TOPICS]
    peak = max(counts.values(), default=0)
    rows = []
    for pk in order:
        topic = topics[pk]
        cells = []
        for subject in subjects:
            count = counts.get((subject["pk"], pk), 0)
            url = search_url(**subject["search"], topic=topic.slug, **period_parameters(start, end)) if count else ""
            cells.append({"count": count, "bar": bar(count, peak), "url": url})
        rows.append({"topic": topic, "cells": cells})
    return rows, max(len(totals) - MAX_TOPICS, 0)


def stances(subjects, counts, parties, start, end):
    """For each subject, [(relation label, [(party entry, count, url)], how many more)]: whom it treated
    how, plain mentions left out, the MAX_PARTIES with most statements first."""
    grouped = {}
    for (source, target, kind), count in counts.items():
        grouped.setdefault((source, kind), []).append((count, target))
    result = []
    for subject in subjects:
        groups = []
        for relation in STANCES:
            found = sorted(
                grouped.get((subject["pk"], relation), []),
                key=lambda item: (-item[0], parties[item[1]].display_name),
            )
            shown = []
            for count, target in found[:MAX_PARTIES]:
                entry = party_entry(parties[target])
                url = search_url(
                    **subject["search"], mentions=entry["code"], relation=relation, **period_parameters(start, end)
                )
                shown.append((entry, count, url))
            if shown:
                groups.append((LABELS[relation], shown, len(found) - len(shown)))
        result.append({"subject": subject, "groups": groups})
    return result


def voting(parties, start, end):
    """How each party voted in the period: counts by choice, and the latest votes with each party's
    ballot. Three queries."""
    ballots = Ballot.objects.filter(in_period("vote__meeting__date", start, end), party__in=parties)
    counts = dict(
        ((party, choice), number)
        for party, choice, number in ballots.order_by().values_list("party", "choice").annotate(n=Count("pk"))
    )
    votes = list(
        Vote.objects.filter(pk__in=ballots.values("vote"))
        .select_related("meeting", "draft")
        .order_by("-meeting__date", "-meeting_id", "sequence")[: MAX_VOTES + 1]
    )
    more = len(votes) > MAX_VOTES
    votes = votes[:MAX_VOTES]
    cast = {(ballot.vote_id, ballot.party_id): ballot for ballot in ballots.filter(vote__in=votes)}
    choices = [
        {"label": label, "choice": choice, "counts": [counts.get((party.pk, choice), 0) for party in parties]}
        for choice, label in Ballot.Choice.choices
    ]
    rows = [{"vote": vote, "ballots": [cast.get((vote.pk, party.pk)) for party in parties]} for vote in votes]
    return {"choices": choices, "rows": rows, "more": more, "total": sum(counts.values())}


def title_of(subjects, start, end):
    names = [subject["name"] for subject in subjects]
    listed = ", ".join(names[:-1]) + f" and {names[-1]}"
    period = describe(start, end)
    return f"{listed}{' ' + period if period else ''}"


def compare(request):
    message = unknown_parameters_message(request.GET, CompareForm.parameters)
    if message:
        raise BadRequest(message)
    form = CompareForm(request.GET or None)
    context = {"form": form, "fewest": FEWEST, "most": MOST}
    if not form.is_bound:
        return render(request, "statements/compare.html", context)
    if not form.is_valid():
        return render(request, "statements/compare.html", context, status=400)
    data = form.cleaned_data
    parties, delegates, start, end = data["parties"], data["delegates"], data["start"], data["end"]
    subjects = subjects_of(parties, delegates, start, end)
    counts = month_counts(parties, delegates, start, end)
    recorded = sorted({period for _, period in counts})
    first, last = start or (recorded[0] if recorded else None), end or (recorded[-1] if recorded else None)
    if first and len(months_between(first, last)) > MAX_MONTHS:
        # Over a long period, by year: the months added up.
        by_year = {}
        for (subject, month), count in counts.items():
            key = subject, datetime.date(month.year, 1, 1)
            by_year[key] = by_year.get(key, 0) + count
        counts = by_year
    interval, rows, totals = statements_table(subjects, counts, start, end)
    topic_rows = topic_counts(parties, delegates, start, end)
    if delegates:
        relation_rows = speaker_relation_counts(delegates, start, end)
    else:
        relation_rows = relation_counts(start=start, end=end, speakers=parties)
    # The names of the topics and of the parties spoken about, in one query each.
    topics = Topic.objects.in_bulk({topic for _, topic in topic_rows})
    others = Party.objects.in_bulk({target for _, target, kind in relation_rows if kind in STANCES})
    topic_table, topics_left_out = topics_table(subjects, topic_rows, topics, start, end)
    context.update(
        compared=True,
        title=title_of(subjects, start, end),
        period_text=describe(start, end),
        subjects=subjects,
        of_delegates=bool(delegates),
        interval=interval,
        rows=rows,
        totals=totals,
        topic_rows=topic_table,
        topics_left_out=topics_left_out,
        stances=stances(
            subjects, {key: n for key, n in relation_rows.items() if key[2] in STANCES}, others, start, end
        ),
        votes=None if delegates else voting(parties, start, end),
    )
    return render(request, "statements/compare.html", context)
