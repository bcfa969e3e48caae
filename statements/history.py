"""What the corrections history says: which fields a revision changed, and how a text changed word by word.

django-simple-history keeps a full copy of a statement, meeting, delegate or source after every
save or delete (with `history_user` and `history_change_reason`). A record does not say what
changed: that is found here by comparing it with the record before it. Fields that are
bookkeeping rather than content (`id`, `created`, `updated`) never count as a change, so a save
that only touches them is no correction.

Nothing here marks text safe: changes and diffs are plain values that templates escape.
"""

import datetime
import difflib
import re
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.text import capfirst

from statements.models import Source

# Kept by the model but not part of what a reader sees or what a correction changes.
HIDDEN_FIELDS = frozenset({"id", "created", "updated"})

TYPES = {"+": "created", "~": "changed", "-": "deleted"}

# django-simple-history stores the reason in a CharField(max_length=100).
REASON_MAX_LENGTH = 100

# Records that one save writes in several steps (the row, then each many-to-many change: the
# admin and the API set topics after saving the statement) are shown as one revision when the
# same user gives the same reason within this time.
SAVED_TOGETHER = datetime.timedelta(seconds=10)

# Past this many words either side, the changed middle of a text is shown as one deletion and one
# insertion: difflib's matching is quadratic, and a 100,000-character quote must not stall a page.
MAX_DIFF_TOKENS = 4000

# Words, runs of punctuation and runs of whitespace, so that "false." -> "false!" changes only "!".
TOKEN = re.compile(r"\w+|[^\w\s]+|\s+")

# What str() of a related object needs joined, so that naming a changed link costs one query per model.
STR_JOINS = {"Meeting": ("body",), "Statement": ("speaker", "party")}


@dataclass(frozen=True)
class Change:
    """One field's values before and after a revision, as stored: ids for links, sets of ids for many-to-many."""

    field: str
    label: str
    old: object
    new: object


@dataclass
class Revision:
    """One or more history records saved together, and what they changed compared with the state before."""

    records: list
    changes: list = field(default_factory=list)
    # The last record of the revision before, None for the first.
    before: object = None

    @property
    def record(self):
        return self.records[-1]

    @property
    def type(self):
        return TYPES[self.records[0].history_type]

    @property
    def date(self):
        return self.record.history_date

    @property
    def reason(self):
        return self.record.history_change_reason or ""

    @property
    def is_correction(self):
        """A change to what readers see; creation and saves that changed nothing visible are not,
        nor the first record kept of an object created without history (nothing to compare with)."""
        return self.type == "changed" and self.before is not None and bool(self.changes)


@dataclass(frozen=True)
class Segment:
    """A piece of a word-level diff: `op` is "equal", "delete" or "insert"."""

    op: str
    text: str


# Reading records.


def history_model(model):
    return model.history.model


def compared_fields(model):
    """The model's fields a change is looked for in, in form order: tracked columns, then many-to-many."""
    historical = history_model(model)
    columns = [f for f in historical.tracked_fields if f.name not in HIDDEN_FIELDS]
    return columns + list(historical._history_m2m_fields)


def records_of(model, pk):
    """The history records of one object, oldest first; one query when evaluated.

    In the order they were written (by `history_id`), which stays right when a record's date is
    set by hand (`_history_date`) or the clock is adjusted.
    """
    return history_model(model).objects.filter(id=pk).order_by("history_id")


def newest_first(records):
    return records.order_by("-history_id")


def record_before(records, record):
    """The record of the same object just before `record`, or None. One query."""
    return newest_first(records.filter(history_id__lt=record.history_id)).first()


def m2m_values(model, records):
    """{history_id: {field name: frozenset of ids}} for the records' many-to-many snapshots.

    One query per many-to-many field the model's history tracks (topics of a statement, the
    parties that requested a meeting); none for records of other models or no records.
    """
    historical = history_model(model)
    ids = [record.history_id for record in records]
    values = {history_id: {} for history_id in ids}
    if not ids:
        return values
    for m2m_field in historical._history_m2m_fields:
        through = getattr(model, m2m_field.name).through
        snapshots = next(
            relation.related_model
            for relation in historical._meta.related_objects
            if getattr(relation.related_model, "instance_type", None) is through
        )
        target = m2m_field.m2m_reverse_field_name()
        found = {history_id: set() for history_id in ids}
        for history_id, target_id in snapshots.objects.filter(history_id__in=ids).values_list(
            "history_id", f"{target}_id"
        ):
            found[history_id].add(target_id)
        for history_id, targets in found.items():
            values[history_id][m2m_field.name] = frozenset(targets)
    return values


# Comparing records.


def field_value(record, model_field, m2m):
    if model_field.many_to_many:
        return m2m.get(record.history_id, {}).get(model_field.name, frozenset())
    return getattr(record, model_field.attname)


def changes_between(model, before, after, m2m):
    """The fields whose value differs from `before` to `after`; `before` None means created.

    A created object lists the fields it was given a value in, each with `old` None.
    """
    changes = []
    for model_field in compared_fields(model):
        new = field_value(after, model_field, m2m)
        if before is None:
            if new in (None, "", frozenset()):
                continue
            old = None
        else:
            old = field_value(before, model_field, m2m)
            if old == new:
                continue
        changes.append(Change(model_field.name, capfirst(model_field.verbose_name), old, new))
    if before is not None:
        changes += nested_changes(after)
    return changes


def nested_changes(record):
    """The nested rows (citations, positions…) the save of `record` changed, each list as a Change
    of whole lists of rows; none for records that kept none (see statements/models/revisions.py)."""
    kept = getattr(record, "nested_changes", None) or {}
    # In a fixed order: PostgreSQL's jsonb keeps an object's keys in an order of its own.
    return [Change(name, capfirst(name), kept[name]["old"], kept[name]["new"]) for name in NESTED_ROWS if name in kept]


def revisions(model, records):
    """The object's revisions, oldest first, from all its records (oldest first).

    Records saved together (see SAVED_TOGETHER) become one revision, compared with the state
    before the first of them. One query per many-to-many field, none when there is one revision.
    """
    groups = []
    for record in records:
        if groups and saved_together(groups[-1][-1], record):
            groups[-1].append(record)
        else:
            groups.append([record])
    m2m = m2m_values(model, [group[-1] for group in groups]) if len(groups) > 1 else {}
    result = []
    before = None
    for group in groups:
        if group[0].history_type == "+":
            before = None
        changes = changes_between(model, before, group[-1], m2m)
        if before is not None:
            # The nested rows changed by the group's earlier records (changes_between has the last's).
            changes = [change for record in group[:-1] for change in nested_changes(record)] + changes
        result.append(Revision(group, changes, before))
        before = group[-1]
    return result


def saved_together(previous, record):
    return (
        record.history_type == "~"
        and previous.history_type != "-"
        and record.history_user_id == previous.history_user_id
        and (record.history_change_reason or "") == (previous.history_change_reason or "")
        and abs(record.history_date - previous.history_date) <= SAVED_TOGETHER
    )


def corrections(model, records):
    """The revisions that corrected the object, newest first."""
    return [revision for revision in reversed(revisions(model, records)) if revision.is_correction]


def corrected_on(corrections):
    """The local date of the latest correction, or None."""
    return timezone.localdate(corrections[0].date) if corrections else None


# The word-level diff.


def tokens(text):
    return TOKEN.findall(text)


def word_diff(old, new):
    """How `old` became `new`, as Segments; adjacent pieces of one kind are joined.

    The common beginning and end are set aside first, so a long text with a small correction is cheap.
    """
    old_tokens, new_tokens = tokens(old or ""), tokens(new or "")
    start = 0
    while start < min(len(old_tokens), len(new_tokens)) and old_tokens[start] == new_tokens[start]:
        start += 1
    end = 0
    while (
        end < min(len(old_tokens), len(new_tokens)) - start
        and old_tokens[len(old_tokens) - 1 - end] == new_tokens[len(new_tokens) - 1 - end]
    ):
        end += 1
    old_middle = old_tokens[start : len(old_tokens) - end]
    new_middle = new_tokens[start : len(new_tokens) - end]
    pieces = [("equal", old_tokens[:start])]
    if len(old_middle) > MAX_DIFF_TOKENS or len(new_middle) > MAX_DIFF_TOKENS:
        pieces += [("delete", old_middle), ("insert", new_middle)]
    else:
        matcher = difflib.SequenceMatcher(None, old_middle, new_middle, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op in ("delete", "replace"):
                pieces.append(("delete", old_middle[i1:i2]))
            if op in ("insert", "replace"):
                pieces.append(("insert", new_middle[j1:j2]))
            if op == "equal":
                pieces.append(("equal", old_middle[i1:i2]))
    pieces.append(("equal", old_tokens[len(old_tokens) - end :]))
    segments = []
    for op, words in pieces:
        text = "".join(words)
        if not text:
            continue
        if segments and segments[-1].op == op:
            segments[-1] = Segment(op, segments[-1].text + text)
        else:
            segments.append(Segment(op, text))
    return segments


# Showing changes to readers.


def related_names(model, revisions):
    """{(related model, id): str(object)} for every link and many-to-many value the revisions changed.

    One query per related model that appears in a change.
    """
    fields = {f.name: f for f in compared_fields(model)}
    wanted = {}
    for revision in revisions:
        for change in revision.changes:
            if change.field == "citations":
                wanted.setdefault(Source, set()).update(row["source"] for row in [*change.old, *change.new])
                continue
            model_field = fields.get(change.field)
            if model_field is None or not model_field.is_relation:
                continue
            ids = wanted.setdefault(model_field.related_model, set())
            for value in (change.old, change.new):
                if isinstance(value, frozenset):
                    ids.update(value)
                elif value is not None:
                    ids.add(value)
    names = {}
    for related, ids in wanted.items():
        objects = related._base_manager.select_related(*STR_JOINS.get(related.__name__, ())).in_bulk(ids)
        names.update({(related, pk): str(obj) for pk, obj in objects.items()})
    return names


def readable(model_field, value, names, format_date):
    """A stored value as a reader would write it: choice labels, dates, names instead of ids."""
    if model_field.is_relation:
        values = sorted(value) if isinstance(value, frozenset) else [] if value is None else [value]
        missing = "a record no longer in the archive (#{})"
        labels = [names.get((model_field.related_model, pk), missing.format(pk)) for pk in values]
        return ", ".join(sorted(labels)) or "(none)"
    if value is None or value == "":
        return "(none)"
    if model_field.choices:
        return dict(model_field.flatchoices).get(value, value)
    if isinstance(value, datetime.date):
        return format_date(value)
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    return str(value)


# How the public log writes a row of each list of nested rows a write can change
# (statements/models/revisions.py keeps them: links as ids, a party as its code, dates ISO 8601).


def _citation(row, names):
    source = names.get((Source, row["source"]), f"a source no longer in the archive (#{row['source']})")
    return source if row.get("start") is None else f"{source}, characters {row['start']}–{row['end']}"


def _mention(row, names):
    return f"{row['relation'].replace('_', ' ')} {row['party']}"


def _position(row, names):
    return f"{row['title']}, {row['party']}, {row.get('start') or '…'} to {row.get('end') or '…'}"


def _alias(row, names):
    return f"{row['name']} ({row['kind']})"


NESTED_ROWS = {"citations": _citation, "mentions": _mention, "positions": _position, "aliases": _alias}


def readable_rows(change, names, new=False):
    """A list of nested rows as the public log writes it, "(none)" when empty."""
    write = NESTED_ROWS[change.field]
    return "; ".join(write(row, names) for row in (change.new if new else change.old)) or "(none)"


def describe(model, corrections, format_date):
    """Each correction as the statement page shows it: {date, day, reason, labels, values, diffs}.

    `values` lists (label, old, new) for short fields; `diffs` lists (label, segments) for long
    texts (the quote), compared word by word. Queries: those of `related_names`.
    """
    fields = {f.name: f for f in compared_fields(model)}
    names = related_names(model, corrections)
    described = []
    for revision in corrections:
        values, diffs = [], []
        for change in revision.changes:
            if change.field in NESTED_ROWS:
                values.append((change.label, readable_rows(change, names), readable_rows(change, names, new=True)))
                continue
            model_field = fields[change.field]
            if model_field.get_internal_type() == "TextField":
                diffs.append((change.label, word_diff(change.old, change.new)))
            else:
                values.append(
                    (
                        change.label,
                        readable(model_field, change.old, names, format_date),
                        readable(model_field, change.new, names, format_date),
                    )
                )
        described.append(
            {
                "date": revision.date,
                "day": format_date(timezone.localdate(revision.date)),
                "reason": revision.reason,
                "labels": [change.label for change in revision.changes],
                "values": values,
                "diffs": diffs,
            }
        )
    return described


def json_value(value):
    """A stored value for the API: dates as ISO 8601, many-to-many ids as a sorted list."""
    if isinstance(value, frozenset):
        return sorted(value)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return value
