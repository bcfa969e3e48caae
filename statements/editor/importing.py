"""Saving an article's statements: one operation that spans sources, delegates, meetings and statements.

The extractor (`statements.extraction`) proposes candidates and knows nothing of the database;
this module turns the editor's choices into rows, in one transaction, and makes a second import
of the same article harmless: the source is found again (by URL, or by its text when it has
none) and any statement already cited from the same place, or with the same words, is skipped
and reported instead of being created twice. Two imports of one article at the same moment
cannot both create its source: the database holds one source per URL and per pasted text
(Source.fingerprint), and the import that comes second fails whole with AlreadyImported.
"""

import datetime
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import F, Max, OuterRef, Q, Subquery

from statements.extraction import KnownSpeaker
from statements.history import REASON_MAX_LENGTH
from statements.models import Alias, Citation, Delegate, Meeting, Mention, Party, Position, Source, Statement, Topic

# Far beyond any news report or press release (the longest UN meetings coverage runs to about
# 60,000 characters), small enough that a paste by mistake is refused before any work.
MAX_ARTICLE_CHARS = 200_000


class ArticleError(ValueError):
    """Input that cannot be imported; the message is meant for the editor."""


class AlreadyImported(ArticleError):
    """Another import created this article's source while this one was saving; nothing was saved."""

    def __init__(self, source):
        self.source = source
        label = f"source {source.pk}" + (f" (“{source.title}”)" if source.title else "")
        super().__init__(
            f"Another editor saved this article a moment ago, as {label}; nothing was saved here. "
            "Save again to add the statements it does not have yet."
        )


def check_article_text(text):
    """Return `text` if it can be read as an article, else raise ArticleError with a one-line reason."""
    if not isinstance(text, str):
        raise ArticleError("The text must be a string.")
    if "\x00" in text:
        raise ArticleError("The text contains binary data (NUL characters); paste the article's plain text.")
    if len(text) > MAX_ARTICLE_CHARS:
        raise ArticleError(f"The text is too long: {len(text):,} characters; the limit is {MAX_ARTICLE_CHARS:,}.")
    if not text.strip():
        raise ArticleError("The text is empty.")
    return text


def read_article(path):
    """The text of the article file at `path`, checked; ArticleError with a one-line reason otherwise."""
    try:
        with open(path, "rb") as file:
            data = file.read(MAX_ARTICLE_CHARS * 4 + 1)
    except OSError as error:
        raise ArticleError(f"Cannot read {path}: {error.strerror or error}.") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ArticleError(f"{path} is not UTF-8 text.") from None
    return check_article_text(normalise_newlines(text))


def normalise_newlines(text):
    """Browsers send a textarea's line breaks as CRLF; offsets are kept against LF-only text."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def known_speakers():
    """Every delegate as the extractor knows them, with aliases and a country. Two queries.

    The country is the state of the delegate's latest position (an open-ended one first);
    positions for organisations give none, since the extractor speaks ISO alpha-3 only.
    """
    latest_state = (
        Position.objects.filter(delegate=OuterRef("pk"), party__kind=Party.Kind.STATE)
        .order_by(F("end").desc(nulls_first=True), F("start").desc(nulls_last=True), "-id")
        .values("party__code")[:1]
    )
    delegates = Delegate.objects.annotate(country=Subquery(latest_state)).values_list("id", "full_name", "country")
    aliases = {}
    for delegate_id, name in Alias.objects.values_list("delegate_id", "name"):
        aliases.setdefault(delegate_id, []).append(name)
    return [
        KnownSpeaker(id=pk, full_name=name, aliases=tuple(aliases.get(pk, ())), country=country)
        for pk, name, country in delegates
    ]


@dataclass
class Choice:
    """One statement the editor (or the command) decided to save.

    `start`/`end` are offsets in the article text; the statement's text is the article's own
    words between them. The speaker is an existing delegate (`delegate`), a new one to create
    (`new_delegate`, a full name), or nobody; `party` is the code of the state or organisation
    spoken for. `mentions` are (code, relation) pairs of the parties it speaks about and how
    (Mention.Relation), `topics` the ids of its topics.
    """

    start: int
    end: int
    kind: str = Statement.Kind.DIRECT
    delegate: int | None = None
    new_delegate: str = ""
    party: str | None = None
    title: str = ""
    mentions: tuple = ()
    topics: tuple = ()


@dataclass
class NewMeeting:
    body: object  # a Body
    date: datetime.date
    title: str = ""


@dataclass
class ImportResult:
    source: Source
    source_created: bool
    meeting: Meeting | None
    meeting_created: bool = False
    created: list = field(default_factory=list)  # Statements
    skipped: list = field(default_factory=list)  # (Choice, the Statement already there)
    new_delegates: list = field(default_factory=list)
    dry_run: bool = False


def words(text):
    """The text as compared for duplicates: case, spacing and quote styles do not matter."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.split()).casefold()


def find_source(url, text):
    """The source already holding this article: by URL when there is one, else by its text.

    Without a URL, a source imported from pasted text has the text's fingerprint (the same words
    however spaced); one saved another way (the API, the admin) is found by its exact text.
    """
    if url:
        return Source.objects.filter(url=url).first()
    same_text = Q(fingerprint=Source.fingerprint_of(text)) | Q(text=text)
    return Source.objects.filter(same_text, url="").order_by("id").first()


def create_source(reason, url, text, **fields):
    """A new source for this article, or AlreadyImported when another import has just created it.

    The database's unique URL or fingerprint refuses the second of two simultaneous imports; its
    insert waits for the first to commit, so the source it lost to can be named. Run inside a
    transaction, which the caller then rolls back whole by letting the error through.
    """
    fingerprint = "" if url else Source.fingerprint_of(text)
    try:
        with transaction.atomic():
            return create_with_reason(Source, reason, url=url, text=text, fingerprint=fingerprint, **fields)
    except IntegrityError:
        existing = find_source(url, text)
        if existing is None:
            raise
        raise AlreadyImported(existing) from None


def existing_citations(source):
    """Citations of `source` with their statements and speakers, for duplicate checks and display."""
    if source is None:
        return []
    return list(
        Citation.objects.filter(source=source)
        .select_related("statement__speaker", "statement__party")
        .order_by("start", "id")
    )


def already_there(start, end, quote, citations, kind=Statement.Kind.DIRECT):
    """The statement already cited from the same offsets, or with the same words, if any.

    Paraphrases have no exact bounds (one editor takes the clause, the extractor the sentence),
    so a paraphrase overlapping one already cited from the source counts as the same.
    """
    quote_words = words(quote)
    for citation in citations:
        if citation.start == start and citation.end == end:
            return citation.statement
    for citation in citations:
        if words(citation.statement.text) == quote_words:
            return citation.statement
    if kind == Statement.Kind.PARAPHRASE and start is not None:
        for citation in citations:
            if (
                citation.statement.kind == Statement.Kind.PARAPHRASE
                and citation.start is not None
                and citation.start < end
                and start < citation.end
            ):
                return citation.statement
    return None


def is_full_name(name):
    """Whether a name the extractor gives looks like a person's full name, worth a new delegate.

    “Vasily Nebenzya” does; “Nebenzya” (a surname alone) and “the Chinese envoy” do not.
    """
    parts = (name or "").split()
    return len(parts) >= 2 and parts[0][0].isupper() and parts[-1][0].isupper() and parts[0].lower() != "the"


def locate(source, text, start, end):
    """Offsets of text[start:end] in `source`'s stored text, which may differ from the pasted one."""
    if source is None or source.text == text:
        return start, end
    found = source.text.find(text[start:end])
    if found < 0:
        return None, None
    return found, found + (end - start)


def sort_name(full_name):
    """“Vasily Nebenzya” sorts as “Nebenzya, Vasily”; an editor fixes names that order otherwise."""
    parts = full_name.rsplit(" ", 1)
    return f"{parts[1]}, {parts[0]}" if len(parts) == 2 else full_name


def find_delegate(name):
    """An existing delegate called `name` (full name or alias, any case), or None."""
    return Delegate.objects.filter(Q(full_name__iexact=name) | Q(aliases__name__iexact=name)).order_by("id").first()


def import_reason(url):
    """The change reason the history keeps for what an import creates, cut to the column's 100 characters."""
    reason = f"Imported from {url}" if url else "Imported from a pasted article"
    return reason if len(reason) <= REASON_MAX_LENGTH else reason[: REASON_MAX_LENGTH - 1] + "…"


def create_with_reason(model, reason, **fields):
    """`model.objects.create(**fields)`, with `reason` kept as the history record's change reason."""
    obj = model(**fields)
    obj._change_reason = reason
    obj.save(force_insert=True)
    return obj


def party_of(code, parties):
    return parties.get(code.upper() if code and len(code) == 3 else code)


def save_mentions_and_topics(statement, choice, parties, topics):
    """The parties `statement` speaks about and its topics, as `choice` gives them. Two queries at most.

    The topics are set on the statement (its history records them, with the import's reason);
    a party named twice with one relation is saved once.
    """
    mentions = dict.fromkeys((party_of(code, parties), relation) for code, relation in choice.mentions)
    if mentions:
        Mention.objects.bulk_create(Mention(statement=statement, party=party, relation=rel) for party, rel in mentions)
    if choice.topics:
        statement.topics.set([topics[topic] for topic in choice.topics])


def import_article(
    text,
    *,
    source_kind=Source.Kind.NEWS,
    url="",
    publisher="",
    title="",
    published_on=None,
    choices=(),
    meeting=None,
    new_meeting=None,
    language="en",
    dry_run=False,
):
    """Save the chosen statements of an article with their source, all or nothing.

    Creates the source (with the full text) unless one with this URL, or with no URL and this
    text, exists; the meeting when `new_meeting` is given; a delegate (and their position for
    the party and title) for each new name; then one statement and one citation per choice not
    already there. A statement is dated by its meeting, else by `published_on`. With `dry_run`
    everything is rolled back at the end and the result says what would have happened.

    Raises ArticleError for input that cannot be saved, and AlreadyImported when another import
    created the same source meanwhile; nothing is written then.
    """
    text = check_article_text(text)
    if meeting is not None and new_meeting is not None:
        raise ArticleError("Choose an existing meeting or describe a new one, not both.")
    date = meeting.date if meeting else new_meeting.date if new_meeting else published_on
    if date is None:
        raise ArticleError("Statements need a date: give the source's date or a meeting.")
    choices = sorted(choices, key=lambda choice: (choice.start, choice.end))
    for choice in choices:
        if not (0 <= choice.start < choice.end <= len(text)):
            raise ArticleError(f"The offsets {choice.start}–{choice.end} fall outside the text.")
        if choice.kind not in Statement.Kind.values:
            raise ArticleError(f"Unknown statement kind {choice.kind!r}.")
        if choice.kind == Statement.Kind.DIRECT and not text[choice.start : choice.end].strip():
            raise ArticleError("A direct quote cannot be empty.")

        for _, relation in choice.mentions:
            if relation not in Mention.Relation.values:
                raise ArticleError(f"Unknown relation {relation!r}.")

    party_codes = {choice.party for choice in choices if choice.party}
    party_codes |= {code for choice in choices for code, _ in choice.mentions}
    parties = {party.code: party for party in Party.objects.by_codes(party_codes)}
    unknown = sorted(code for code in party_codes if (code.upper() if len(code) == 3 else code) not in parties)
    if unknown:
        raise ArticleError(f"Unknown country or organisation code: {', '.join(unknown)}.")
    topic_ids = {topic for choice in choices for topic in choice.topics}
    topics = Topic.objects.in_bulk(topic_ids)
    if len(topics) != len(topic_ids):
        raise ArticleError(f"Unknown topic id: {', '.join(map(str, sorted(topic_ids - set(topics))))}.")
    delegate_ids = {choice.delegate for choice in choices if choice.delegate}
    delegates = Delegate.objects.in_bulk(delegate_ids)
    if len(delegates) != len(delegate_ids):
        missing = sorted(delegate_ids - set(delegates))
        raise ArticleError(f"Unknown delegate id: {', '.join(map(str, missing))}.")

    reason = import_reason(url)
    with transaction.atomic():
        source = find_source(url, text)
        source_created = source is None
        if source_created:
            source = create_source(
                reason, url, text, kind=source_kind, publisher=publisher, title=title, published_on=published_on
            )
        elif not source.text:
            source.text = text
            source._change_reason = reason
            source.save(update_fields=["text"])
        meeting_created = False
        if new_meeting is not None:
            meeting = create_with_reason(
                Meeting, reason, body=new_meeting.body, date=new_meeting.date, title=new_meeting.title
            )
            meeting_created = True
        if meeting is not None:
            meeting.sources.add(source)
        result = ImportResult(source, source_created, meeting, meeting_created, dry_run=dry_run)

        citations = existing_citations(source)
        sequence = 0
        if meeting is not None:
            sequence = meeting.statements.aggregate(last=Max("sequence"))["last"] or 0
        new_by_name = {}
        for choice in choices:
            start, end = locate(source, text, choice.start, choice.end)
            quote = text[choice.start : choice.end]
            duplicate = already_there(start, end, quote, citations, choice.kind)
            if duplicate is not None:
                result.skipped.append((choice, duplicate))
                continue
            party = party_of(choice.party, parties)
            speaker = delegates.get(choice.delegate)
            name = " ".join(choice.new_delegate.split())
            if speaker is None and name:
                speaker = new_by_name.get(name.casefold()) or find_delegate(name)
                if speaker is None:
                    speaker = create_with_reason(Delegate, reason, full_name=name, sort_name=sort_name(name))
                    if party is not None:
                        create_with_reason(Position, reason, delegate=speaker, party=party, title=choice.title)
                    result.new_delegates.append(speaker)
                new_by_name[name.casefold()] = speaker
            if meeting is not None:
                sequence += 1
            statement = create_with_reason(
                Statement,
                reason,
                meeting=meeting,
                sequence=sequence if meeting is not None else None,
                date=date,
                speaker=speaker,
                party=party,
                speaker_title=choice.title,
                text=quote,
                kind=choice.kind,
                language=language,
            )
            # Compared with what was there before, not with this batch: an editor may attribute
            # one excerpt to several parties ("the United States, Britain and France said …").
            Citation.objects.create(statement=statement, source=source, start=start, end=end)
            save_mentions_and_topics(statement, choice, parties, topics)
            result.created.append(statement)
        if dry_run:
            transaction.set_rollback(True)
    return result
