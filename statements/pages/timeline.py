"""A small bar chart of statements per month, drawn as inline SVG on the server.

The input is a list of (month, count) pairs, the output an SVG string with a <title> and <desc>
that screen readers announce, so the chart needs no script. Given the search parameters of the
statements it counts, each month's bar is a link to that month's statements on the search page.
"""

import datetime

from django.utils.html import escape
from django.utils.safestring import mark_safe

from statements import links
from statements.pages.period import month_parameters, months_between

WIDTH = 600
HEIGHT = 120
AXIS = 18  # room for the year labels under the bars
# Beyond this many months the chart would be all hairlines; the oldest months are left out.
MAX_MONTHS = 240
# A short record still gets a year's axis, so that one busy month is not drawn as a wall.
MIN_MONTHS = 12


def _month_label(month):
    return f"{month:%B} {month.year}"


def timeline_svg(counts, *, title, ident="timeline", search=None):
    """SVG bars for `counts`, a list of (date of any day in the month, count); empty string when empty.

    Months with no statements between the first and the last are drawn as gaps. `search`: the
    search page's parameters of the statements counted ({"country": "RUS"}); each bar then links
    to its month's statements, over the whole height of its month so that a short bar is easy to
    hit, and the chart is a group of links rather than one image.
    """
    by_month = {}
    for day, count in counts:
        key = datetime.date(day.year, day.month, 1)
        by_month[key] = by_month.get(key, 0) + count
    if not by_month:
        return ""
    last = max(by_month)
    year_before = datetime.date(last.year - 1, last.month, 1)
    first = min(min(by_month), months_between(year_before, last)[-MIN_MONTHS])
    months = months_between(first, last)[-MAX_MONTHS:]
    total = sum(by_month.get(month, 0) for month in months)
    recorded = [month for month in months if by_month.get(month)]
    peak_month = max(months, key=lambda month: (by_month.get(month, 0), month))
    peak = by_month[peak_month]
    if len(recorded) == 1:
        span = f"{_month_label(recorded[0])} only"
    else:
        span = f"{_month_label(recorded[0])} to {_month_label(recorded[-1])}"
    noun = "statement" if total == 1 else "statements"
    desc = f"{total} {noun}, {span}; the most in {_month_label(peak_month)} ({peak})."

    slot = WIDTH / len(months)
    bar = max(slot * 0.8, 1)
    plot = HEIGHT - AXIS
    role = "group" if search else "img"
    parts = [
        f'<svg class="timeline" role="{role}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'aria-labelledby="{ident}-title {ident}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(desc)}</desc>',
        f'<line class="timeline-axis" x1="0" y1="{plot}" x2="{WIDTH}" y2="{plot}"/>',
    ]
    for index, month in enumerate(months):
        count = by_month.get(month, 0)
        x = index * slot + (slot - bar) / 2
        if count:
            height = max((plot - 8) * count / peak, 2)
            label = f"{_month_label(month)}: {count}"
            drawn = (
                f'<rect class="timeline-bar" x="{x:.2f}" y="{plot - height:.2f}" width="{bar:.2f}" '
                f'height="{height:.2f}"><title>{label}</title></rect>'
            )
            if search:
                url = escape(links.with_query("search", {**search, **month_parameters(month)}))
                noun = "statement" if count == 1 else "statements"
                drawn = (
                    f'<a href="{url}" aria-label="{_month_label(month)}: {count} {noun}">'
                    f'<rect class="timeline-hit" x="{index * slot:.2f}" y="0" width="{slot:.2f}" height="{plot}"/>'
                    f"{drawn}</a>"
                )
            parts.append(drawn)
        # Label the first and last months, and every January between when there is room.
        first_or_last = index in (0, len(months) - 1)
        if first_or_last or (month.month == 1 and slot * 12 >= 60 and 4 < index < len(months) - 5):
            anchor = "start" if index == 0 else ("end" if index == len(months) - 1 else "middle")
            label_x = {"start": 0, "end": WIDTH}.get(anchor, x + bar / 2)
            label = f"{month:%b} {month.year}" if first_or_last else str(month.year)
            parts.append(
                f'<text class="timeline-label" x="{label_x:.2f}" y="{HEIGHT - 4}" text-anchor="{anchor}">{label}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))
