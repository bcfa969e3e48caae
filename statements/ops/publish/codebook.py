"""What every column of a release means: the one place the codebook is written from.

A release is checked against this before a row is written (`check`), so a column added to an
export without a line here stops `publish_dataset` instead of shipping undocumented; a line
here for a column the files lack stops it too.
"""

import csv
import io

from statements.models import Ballot, Mention

INTEGER, NUMBER, TEXT, DATE, BOOLEAN, URL = "integer", "number", "text", "date", "boolean", "URL"
TEXTS, INTEGERS = "list of text", "list of integers"

# How both formats write each type; the codebook and the release's README print it.
CONVENTIONS = """\
Types, as both formats write them:

- integer, number, text, URL;
- date: ISO 8601, YYYY-MM-DD;
- boolean: true or false (JSON true/false);
- list of text, list of integers: a JSON array in JSON Lines; in CSV the values joined by ";".

A value that is not known is an empty CSV cell and null in JSON Lines; an empty text is an empty
cell in CSV and "" in JSON Lines."""

# The link to an object's page, the last column of an export that has one (its name is the
# export's to choose): the row's own page unless said here.
PAGES = {"mentions": "The statement's page on the site.", "citations": "The statement's page on the site."}


def _mention_columns():
    # One column per relation, named as the statement export names them (`calls-on` → `calls_on`).
    return {
        ("mentions_only" if relation == Mention.Relation.MENTIONS else relation.replace("-", "_")): (
            TEXTS,
            f"Codes of the parties the statement {label} (parties.code), in code order.",
        )
        for relation, label in Mention.Relation.choices
    }


def _choice_list(choices):
    return ", ".join(f"{value} ({label})" for value, label in choices)


PARTY_COLUMNS = {
    "code": (TEXT, "ISO 3166-1 alpha-3 code of a state (RUS); a slug for an organisation (un-secretariat)."),
    "kind": (TEXT, "state or organisation."),
    "name": (TEXT, "The name as the site shows it: the short name, or the official name when it has none."),
    "official_name": (TEXT, "The full, official name."),
    "short_name": (TEXT, "The name in common use; empty when it is the official name."),
    "iso2": (TEXT, "ISO 3166-1 alpha-2 code of a state; empty for an organisation."),
    "un_status": (TEXT, "member, observer, other (another entity) or none (not represented at the UN)."),
}

COLUMNS = {
    "statements": {
        "id": (INTEGER, "The statement's number, as in its URL."),
        "date": (DATE, "The day it was said."),
        "kind": (TEXT, "direct (a direct quote), paraphrase, or speech (a turn in an official record)."),
        "language": (TEXT, "BCP 47 code of the text's language (en, fr, en-GB)."),
        "speaker_id": (INTEGER, "Who spoke (delegates.id); empty when the source names only a government."),
        "speaker_name": (TEXT, "The speaker's full name."),
        "party_code": (TEXT, "The party the speaker spoke for (parties.code)."),
        "party_name": (TEXT, "That party's name as the site shows it."),
        "speaker_title": (TEXT, "The speaker's title as the source gives it."),
        "meeting_id": (INTEGER, "The meeting (meetings.id); empty for remarks made outside a meeting."),
        "meeting_date": (DATE, "The meeting's date."),
        "meeting_symbol": (TEXT, "The UN symbol of the meeting's verbatim record (S/PV.9669)."),
        "press_release": (TEXT, "The UN symbol of the meeting's press release (SC/15755)."),
        "body": (TEXT, "The UN body that met (bodies.slug)."),
        "reply_to": (INTEGER, "The statement this one answers (statements.id)."),
        "sequence": (
            INTEGER,
            "Place within the meeting: the order of speakers for a speech of the official record, "
            "otherwise the order in which the source reports the statement.",
        ),
        "text": (TEXT, "The words, exactly as stored: a quote verbatim, a paraphrase in the source's words."),
        "spoken_language": (
            TEXT,
            "ISO 639-1 code of the language the speaker used, when a record gives it.",
        ),
        "label": (TEXT, "The speaker's label as the record prints it."),
        "role": (
            TEXT,
            "The speaker's part in the meeting: president, member, invited, briefer, secretariat or "
            "observer; empty when not known.",
        ),
        "record_check_result": (
            TEXT,
            "A quote from another source checked against the official record: matches, "
            "differs or not-found; empty when not checked.",
        ),
        "record_check_score": (NUMBER, "Share of the quote's words found in the record's passage, 0 to 1."),
        "is_interpretation": (
            BOOLEAN,
            "True when the text is an interpretation of words spoken in another "
            "language (spoken_language is not the text's).",
        ),
        "topics": (TEXTS, "What it is about (topics.slug), in slug order."),
        "source_urls": (TEXTS, "Links of the sources that report it, in the order of citation_source_ids."),
        "joint_parties": (TEXTS, "Further parties it was made for, jointly (parties.code)."),
        **_mention_columns(),
        "citation_source_ids": (
            INTEGERS,
            "The sources that report it (sources.id), the first the one it was taken from; see the citations table.",
        ),
        "citation_starts": (
            INTEGERS,
            "Offsets in each source's text where the excerpt starts, in step with "
            "citation_source_ids; an empty value is not known.",
        ),
        "citation_ends": (INTEGERS, "Offsets where each excerpt ends, in step with citation_source_ids."),
    },
    "meetings": {
        "id": (INTEGER, "The meeting's number on the site, as in its URL."),
        "date": (DATE, "The day it was held."),
        "body": (TEXT, "The UN body that met (bodies.slug)."),
        "title": (TEXT, "The official title; empty when not known."),
        "kind": (
            TEXT,
            "briefing, debate, open-debate, adoption, consultations, arria or other; empty when the "
            "sources do not say.",
        ),
        "number": (INTEGER, "The body's meeting number (9669)."),
        "record_symbol": (TEXT, "The UN symbol of its verbatim record (S/PV.9669)."),
        "press_release": (TEXT, "The UN symbol of its press release (SC/15755)."),
        "agenda_item": (TEXT, "The agenda item as the record gives it."),
        "place": (TEXT, "Where it was held, when a source says."),
        "requested_by": (TEXTS, "Parties that asked for the meeting (parties.code)."),
    },
    "delegates": {
        "id": (INTEGER, "The delegate's number on the site, as in its URL."),
        "name": (TEXT, "The full name."),
        "sort_name": (TEXT, "The name as it sorts (Nebenzya, Vasily)."),
        "parties": (TEXTS, "Parties the delegate held a title for (parties.code), earliest recorded first."),
        "aliases": (TEXTS, "Other names the delegate is known by: transliterations, name orders, short forms."),
    },
    "parties": PARTY_COLUMNS,
    "bodies": {
        "slug": (TEXT, "The body's code on the site (security-council)."),
        "name": (TEXT, "The full name."),
        "short_name": (TEXT, "The name in common use."),
    },
    "topics": {
        "slug": (TEXT, "The topic's code on the site."),
        "name": (TEXT, "The topic's name."),
    },
    "sources": {
        "id": (INTEGER, "The source's number on the site, as in its URL."),
        "kind": (TEXT, "news, press-release, verbatim, transcript or social."),
        "title": (TEXT, "The title; empty when it has none."),
        "publisher": (TEXT, "Who published it."),
        "link": (URL, "Where it was published."),
        "published_on": (DATE, "When it was published."),
        "retrieved_on": (DATE, "When it was read for this archive."),
    },
    "mentions": {
        "id": (INTEGER, "The mention's number."),
        "statement_id": (INTEGER, "The statement that makes it (statements.id)."),
        "date": (DATE, "The statement's date."),
        "party_code": (TEXT, "The party the speaker spoke for (parties.code): the edge's source."),
        "party_name": (TEXT, "That party's name as the site shows it."),
        "relation": (TEXT, f"How the statement treats the party: {_choice_list(Mention.Relation.choices)}."),
        "mentioned_code": (TEXT, "The party spoken about (parties.code): the edge's target."),
        "mentioned_name": (TEXT, "That party's name as the site shows it."),
        "mentioned_kind": (TEXT, "state or organisation."),
        "meeting_id": (INTEGER, "The statement's meeting (meetings.id)."),
        "body": (TEXT, "The meeting's body (bodies.slug)."),
        "kind": (TEXT, "The statement's kind: direct, paraphrase or speech."),
    },
    "citations": {
        "id": (INTEGER, "The citation's number."),
        "statement_id": (INTEGER, "The statement (statements.id)."),
        "date": (DATE, "The statement's date."),
        "source_id": (INTEGER, "The source that reports it (sources.id)."),
        "start": (INTEGER, "Character offset in the source's text where the excerpt starts; empty when not known."),
        "end": (INTEGER, "Character offset where the excerpt ends."),
        "source_kind": (TEXT, "The source's kind: news, press-release, verbatim, transcript or social."),
        "source_title": (TEXT, "The source's title."),
        "source_publisher": (TEXT, "Who published the source."),
        "source_link": (URL, "Where the source was published."),
        "source_published_on": (DATE, "When the source was published."),
    },
    "votes": {
        "id": (INTEGER, "The vote's number."),
        "date": (DATE, "The day of the meeting that voted."),
        "meeting_id": (INTEGER, "The meeting (meetings.id)."),
        "meeting_number": (INTEGER, "The body's meeting number."),
        "record_symbol": (TEXT, "The UN symbol of the meeting's verbatim record."),
        "draft": (TEXT, "The draft resolution voted on (S/2024/255); empty for a procedural vote."),
        "outcome": (
            TEXT,
            "adopted, not-adopted (too few votes in favour) or vetoed (a permanent member voted "
            "against); empty when not recorded.",
        ),
        "resolution": (TEXT, "The resolution an adopted draft became (2730 (2024))."),
        "in_favour": (INTEGER, "Votes in favour, as announced."),
        "against": (INTEGER, "Votes against, as announced."),
        "abstaining": (INTEGER, "Abstentions, as announced."),
        "in_favour_codes": (TEXTS, "Parties that voted in favour (parties.code)."),
        "against_codes": (TEXTS, "Parties that voted against."),
        "abstaining_codes": (TEXTS, "Parties that abstained."),
        "did_not_vote_codes": (TEXTS, "Members that did not vote."),
        "vetoed_by": (TEXTS, "Permanent members whose vote against defeated the draft."),
    },
    "ballots": {
        "id": (INTEGER, "The ballot's number."),
        "vote_id": (INTEGER, "The vote (votes.id)."),
        "date": (DATE, "The day of the meeting that voted."),
        "meeting_id": (INTEGER, "The meeting (meetings.id)."),
        "body": (TEXT, "The body that voted (bodies.slug)."),
        "draft": (TEXT, "The draft voted on; empty for a procedural vote."),
        "outcome": (TEXT, "The vote's outcome: adopted, not-adopted or vetoed."),
        "party_code": (TEXT, "The member that voted (parties.code)."),
        "party_name": (TEXT, "Its name as the site shows it."),
        "choice": (TEXT, f"How it voted: {_choice_list(Ballot.Choice.choices)}."),
    },
    "seats": {
        "id": (INTEGER, "The seat's number."),
        "country_code": (TEXT, "The member state (parties.code)."),
        "country_name": (TEXT, "Its name as the site shows it."),
        "body": (TEXT, "The body it sat on (bodies.slug)."),
        "kind": (TEXT, "permanent or elected."),
        "start": (DATE, "The first day of the seat; empty when not known."),
        "end": (DATE, "The last day; empty while the seat is held or when not known."),
    },
}


class CodebookError(Exception):
    """The columns of a table and its codebook entry differ; the message is one line."""


def columns(table):
    """{column: (type, meaning)} of `table` (a tables.Table), its page link included."""
    described = dict(COLUMNS.get(table.name, {}))
    if table.page_column():
        described[table.page_column()] = (URL, PAGES.get(table.name, "The row's page on the site."))
    return described


def check(table):
    """Raise CodebookError unless the columns of `table` are exactly those the codebook describes."""
    headers = table.headers()
    described = columns(table)
    missing = [header for header in headers if header not in described]
    extra = [name for name in described if name not in headers]
    if missing:
        raise CodebookError(f"the codebook does not describe column {', '.join(missing)} of table {table.name}")
    if extra:
        raise CodebookError(f"the codebook describes column {', '.join(extra)} that table {table.name} does not have")


def rows(tables):
    """(table, column, type, meaning) for every column of `tables`, in file order."""
    for table in tables:
        described = columns(table)
        for header in table.headers():
            kind, meaning = described[header]
            yield table.name, header, kind, meaning


def as_csv(tables):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["table", "column", "type", "meaning"])
    writer.writerows(rows(tables))
    return out.getvalue()


def as_markdown(tables):
    """The codebook for people: a section per table with its sentence, a line per column."""
    lines = ["# Codebook", "", CONVENTIONS, ""]
    for table in tables:
        lines += [f"## {table.name}", "", table.about, "", "| column | type | meaning |", "|---|---|---|"]
        for _, header, kind, meaning in rows([table]):
            lines.append(f"| {header} | {kind} | {meaning.replace('|', '/')} |")
        lines.append("")
    return "\n".join(lines)
