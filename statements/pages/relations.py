"""Who accuses, criticises, defends or supports whom: the relations page, a matrix of speaking parties
by mentioned parties with the number of statements of each relation, every number a link to those
statements on the search page.

One aggregation query counts them (`relation_counts`); a joint statement counts once for each party
it was made for, as the search page's `country` filter finds it once for each.
"""

import datetime

from django import forms
from django.core.exceptions import BadRequest
from django.db.models import Count, Q
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import mark_safe

from statements import links
from statements.bidi import without_controls
from statements.filters import PARTY_LIST, PartyCodeField, RowField, unknown_parameters_message
from statements.models import Meeting, Mention, Party, Statement
from statements.pages.period import PeriodForm, describe, period_parameters
from statements.querylang.names import directory

# The table's rows and columns beyond these are left out (the page says so): a whole archive
# would otherwise make a table of 190 by 190 countries.
MAX_ROWS = 30
MAX_COLUMNS = 30
# The lists by relation show this many pairs each.
MAX_PAIRS = 50
RELATIONS = [value for value, _ in Mention.Relation.choices]
LABELS = dict(Mention.Relation.choices)


def relation_counts(*, meeting=None, party=None, start=None, end=None, relation=None, speakers=None):
    """{(speaking party id, mentioned party id, relation): number of statements}. One query.

    `meeting`, `start`, `end` and `relation` choose the statements and mentions counted; `party` keeps
    the pairs it is either end of, `speakers` (parties) those they speak. A statement mentions a
    party at most once per relation (a unique constraint), so counting mentions counts statements;
    the statement's own party and each of its joint parties are counted apart, in one UNION ALL.
    """
    conditions = Q()
    if meeting is not None:
        conditions &= Q(statement__meeting=meeting)
    if start:
        conditions &= Q(statement__date__gte=start)
    if end:
        conditions &= Q(statement__date__lte=end)
    if relation:
        conditions &= Q(relation=relation)
    mentions = Mention.objects.filter(conditions).order_by()

    def pairs(speaking, *conditions, **these):
        # The conditions on the speaking party go in one filter() with the values() reusing its
        # join, so that a joint statement's row is the party the conditions chose.
        these = Q(*conditions, **{f"{speaking}__isnull": False}, **these)
        if speakers is not None:
            these &= Q(**{f"{speaking}__in": speakers})
        return mentions.filter(these).values_list(speaking, "party", "relation").annotate(n=Count("pk"))

    speaking = ["statement__party", "statement__joint_parties"]
    if party is None:
        parts = [pairs(side) for side in speaking]
    else:
        # What the party said, and what others said of it, apart: each side then reads its own index
        # (statements by party, mentions by party) where "either end" would read every mention.
        parts = [pairs(side, **{side: party}) for side in speaking]
        # Not the party itself (counted above): `lt | gt` rather than exclude(), which across the
        # joint parties would leave out the whole statement instead of that one row.
        parts += [
            pairs(side, Q(**{f"{side}__lt": party.pk}) | Q(**{f"{side}__gt": party.pk}), party=party)
            for side in speaking
        ]
    counts = {}
    for source, target, kind, number in parts[0].union(*parts[1:], all=True):
        counts[source, target, kind] = counts.get((source, target, kind), 0) + number
    return counts


def search_url(**parameters):
    """The search page's address with these parameters (empty ones left out)."""
    return links.with_query("search", parameters)


def party_entry(party):
    return {"code": party.code, "name": party.display_name, "url": links.party_page(party.kind, party.code)}


class RelationsForm(PeriodForm):
    meeting = RowField(
        label="Meeting",
        queryset=Meeting.objects.select_related("body"),
        required=False,
        widget=forms.HiddenInput,
        error_messages={"does_not_exist": "No meeting has the number %(value)s."},
    )
    party = PartyCodeField(
        label="Country or organisation",
        required=False,
        help_text="Who it speaks about, or who speaks about it: a name or a code.",
        widget=forms.TextInput(attrs={"list": PARTY_LIST, "autocomplete": "off"}),
    )
    relation = forms.ChoiceField(
        label="Relation", required=False, choices=[("", "Every relation"), *Mention.Relation.choices]
    )

    field_order = ["party", "relation", "year", "date_from", "date_to", "meeting"]
    parameters = ("meeting", "party", "relation", "year", "date_from", "date_to")


def build_matrix(counts, parties, scope):
    """The table's rows and columns and the lists by relation, from `relation_counts`' counts.

    `scope`: the search parameters every link carries (the meeting, the dates).
    """
    sources, targets = {}, {}
    for (source, target, _), number in counts.items():
        sources[source] = sources.get(source, 0) + number
        targets[target] = targets.get(target, 0) + number

    def biggest(totals, limit):
        order = sorted(totals, key=lambda pk: (-totals[pk], parties[pk].display_name))
        return order[:limit]

    row_ids, column_ids = biggest(sources, MAX_ROWS), biggest(targets, MAX_COLUMNS)
    entries = {pk: party_entry(parties[pk]) for pk in {*sources, *targets}}

    def cell_link(source, target, relation):
        return search_url(country=entries[source]["code"], mentions=entries[target]["code"], relation=relation, **scope)

    columns = [entries[pk] for pk in column_ids]
    rows = []
    for source in row_ids:
        cells = []
        for target in column_ids:
            found = [
                {
                    "relation": kind,
                    "label": LABELS[kind],
                    "count": counts[source, target, kind],
                    "url": cell_link(source, target, kind),
                }
                for kind in RELATIONS
                if counts.get((source, target, kind))
            ]
            cells.append({"target": entries[target], "counts": found, "total": sum(c["count"] for c in found)})
        rows.append({"party": entries[source], "cells": cells, "total": sources[source]})
    # Each relation's pairs, most statements first; only those shown get a link.
    grouped = {}
    for (source, target, kind), number in counts.items():
        grouped.setdefault(kind, []).append((number, source, target))
    by_relation = []
    for kind in RELATIONS:
        found = sorted(
            grouped.get(kind, []),
            key=lambda pair: (-pair[0], entries[pair[1]]["name"], entries[pair[2]]["name"]),
        )
        if found:
            pairs = [
                (entries[source], entries[target], number, cell_link(source, target, kind))
                for number, source, target in found[:MAX_PAIRS]
            ]
            by_relation.append(
                {"relation": kind, "label": LABELS[kind], "pairs": pairs, "more": len(found) - MAX_PAIRS}
            )
    return {
        "columns": columns,
        "rows": rows,
        "by_relation": by_relation,
        "rows_left_out": len(sources) - len(row_ids),
        "columns_left_out": len(targets) - len(column_ids),
    }


HEAT_CELL = 34
HEAT_LABEL = 48
HEAT_STEPS = 5


def heat_map_svg(matrix, title):
    """The table as a heat map: a square per speaking and mentioned party, darker for more statements.

    A picture of the table before it, for sighted readers to see the pattern at a glance; the numbers
    and their links are in the table, so the picture is one image with a summary, not a second table.
    """
    rows, columns = matrix["rows"], matrix["columns"]
    if not rows or not columns:
        return ""
    peak = max(cell["total"] for row in rows for cell in row["cells"])
    width = HEAT_LABEL + HEAT_CELL * len(columns)
    height = HEAT_LABEL + HEAT_CELL * len(rows)
    busiest = max(
        ((row["party"]["name"], cell["target"]["name"], cell["total"]) for row in rows for cell in row["cells"]),
        key=lambda item: item[2],
    )
    desc = (
        f"{len(rows)} speaking parties down the side, {len(columns)} mentioned parties across the top; "
        f"the darkest square: {busiest[0]} about {busiest[1]}, {busiest[2]} statement{'s' if busiest[2] != 1 else ''}."
    )
    parts = [
        f'<svg class="heat-map" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        'aria-labelledby="heat-title heat-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="heat-title">{svg_text(title)}</title>',
        f'<desc id="heat-desc">{svg_text(desc)}</desc>',
    ]
    for index, column in enumerate(columns):
        x = HEAT_LABEL + index * HEAT_CELL + HEAT_CELL / 2
        parts.append(
            f'<text class="heat-label" x="{x}" y="{HEAT_LABEL - 8}" text-anchor="middle">'
            f"{escape(column['code'][:4])}</text>"
        )
    for row_index, row in enumerate(rows):
        y = HEAT_LABEL + row_index * HEAT_CELL
        parts.append(
            f'<text class="heat-label" x="{HEAT_LABEL - 6}" y="{y + HEAT_CELL / 2 + 4}" text-anchor="end">'
            f"{escape(row['party']['code'])[:4]}</text>"
        )
        for index, cell in enumerate(row["cells"]):
            step = 0 if not cell["total"] else 1 + (HEAT_STEPS - 1) * cell["total"] // peak
            x = HEAT_LABEL + index * HEAT_CELL
            parts.append(
                f'<rect class="heat-{step}" x="{x + 1}" y="{y + 1}" width="{HEAT_CELL - 2}" height="{HEAT_CELL - 2}">'
                f"<title>{svg_text(row['party']['name'])} about {svg_text(cell['target']['name'])}: "
                f"{cell['total']}</title></rect>"
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def svg_text(text):
    # SVG text cannot hold a <bdi>: names lose their direction controls there, as in <title>.
    return escape(without_controls(text))


def statement_links(party, scope):
    """[(label, url)]: the statements the page counts, on the search page (by and about `party`)."""
    if party:
        return [
            (f"Statements by {party.display_name}", search_url(country=party.code, **scope)),
            (f"Statements about {party.display_name}", search_url(mentions=party.code, **scope)),
        ]
    if any(scope.values()):
        return [("These statements", search_url(**scope))]
    return []


def relations(request):
    form = RelationsForm(request.GET)
    message = unknown_parameters_message(request.GET, RelationsForm.parameters)
    if message:
        raise BadRequest(message)
    context = {"form": form, "heading": "Who accuses or supports whom", "all_parties": directory().all_parties()}
    if not form.is_valid():
        return render(request, "statements/relations.html", context, status=400)
    data = form.cleaned_data
    meeting, party, start, end = data["meeting"], data["party"], data["start"], data["end"]
    if data["relation"]:
        context["heading"] = f"Who {LABELS[data['relation']]} whom"
    latest_year = None
    if not (meeting or party or start or end):
        # The whole archive at once would be a slow count and a table too big to read: the year of
        # the newest statement, until the reader chooses (one query on the date index).
        newest = Statement.objects.order_by("-date").values_list("date", flat=True).first()
        if newest:
            latest_year = newest.year
            start, end = datetime.date(latest_year, 1, 1), datetime.date(latest_year, 12, 31)
    counts = relation_counts(meeting=meeting, party=party, start=start, end=end, relation=data["relation"] or None)
    parties = Party.objects.in_bulk({pk for pair in counts for pk in pair[:2]})
    scope = {"meeting": meeting.pk if meeting else None, **period_parameters(start, end)}
    matrix = build_matrix(counts, parties, scope)
    words = [
        f"about or by {party.display_name}" if party else "",
        f"at the meeting “{meeting.display_title}” of {meeting.date:%-d %B %Y}" if meeting else "",
        describe(start, end),
    ]
    scope_text = " ".join(word for word in words if word)
    title = f"Who treats whom how{', ' + scope_text if scope_text else ''}"
    context.update(
        searched=True,
        latest_year=latest_year,
        meeting=meeting,
        party=party,
        relation_label=LABELS.get(data["relation"], ""),
        scope_text=scope_text,
        statement_links=statement_links(party, scope),
        heat_map=heat_map_svg(matrix, title),
        **matrix,
    )
    return render(request, "statements/relations.html", context)
