import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import URLValidator

from statements.editor.importing import ArticleError, Choice, import_article, is_full_name, known_speakers, read_article
from statements.extraction import extract
from statements.models import Meeting, Source, Statement


def choice_for(candidate):
    new_delegate = ""
    if candidate.delegate is None and is_full_name(candidate.speaker):
        new_delegate = candidate.speaker
    return Choice(
        start=candidate.start,
        end=candidate.end,
        kind=candidate.kind,
        delegate=candidate.delegate,
        new_delegate=new_delegate,
        party=candidate.country,
        title=candidate.role or "",
    )


class Command(BaseCommand):
    help = (
        "Extract the statements of an article file and save them with their source. Importing the same "
        "article again creates no duplicates."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A UTF-8 text file holding the article.")
        parser.add_argument("--url", default="", help="The article's address; identifies it on a second import.")
        parser.add_argument("--publisher", default="")
        parser.add_argument("--title", default="")
        parser.add_argument("--date", required=True, help="Publication date, YYYY-MM-DD.")
        parser.add_argument("--kind", choices=Source.Kind.values, default=Source.Kind.NEWS, help="The source's kind.")
        parser.add_argument("--meeting", type=int, help="Id of the meeting the statements were made at.")
        parser.add_argument(
            "--min-confidence", type=float, default=0.5, help="Skip candidates the extractor is less sure of."
        )
        parser.add_argument("--dry-run", action="store_true", help="Report what would be saved; save nothing.")

    def handle(self, *args, **options):
        try:
            published_on = datetime.date.fromisoformat(options["date"])
        except ValueError:
            raise CommandError(f"--date must be a date written YYYY-MM-DD; got {options['date']!r}.") from None
        url = options["url"].strip()
        if url:
            try:
                URLValidator(schemes=["http", "https"])(url)
            except ValidationError:
                raise CommandError(f"--url is not a web address: {url!r}.") from None
        for name, limit in (("url", 500), ("publisher", 200), ("title", 300)):
            if len(options[name]) > limit:
                raise CommandError(f"--{name} is too long ({len(options[name])} characters; the limit is {limit}).")
        if not 0 <= options["min_confidence"] <= 1:
            raise CommandError("--min-confidence must be between 0 and 1.")
        meeting = None
        if options["meeting"] is not None:
            meeting = Meeting.objects.filter(pk=options["meeting"]).first()
            if meeting is None:
                raise CommandError(f"There is no meeting with id {options['meeting']}.")
        try:
            text = read_article(options["file"])
        except ArticleError as error:
            raise CommandError(str(error)) from None

        candidates = [c for c in extract(text, known_speakers()) if c.confidence >= options["min_confidence"]]
        if not candidates:
            raise CommandError(
                f"No statements found with a confidence of at least {options['min_confidence']}; nothing saved."
            )
        try:
            result = import_article(
                text,
                source_kind=options["kind"],
                url=url,
                publisher=options["publisher"].strip(),
                title=options["title"].strip(),
                published_on=published_on,
                choices=[choice_for(candidate) for candidate in candidates],
                meeting=meeting,
                dry_run=options["dry_run"],
            )
        except ArticleError as error:
            raise CommandError(str(error)) from None
        self.report(result)

    def report(self, result):
        would = "Would create" if result.dry_run else "Created"
        source = "new" if result.source_created else "already in the archive"
        self.stdout.write(f"Source: {result.source} ({source}).")
        for delegate in result.new_delegates:
            self.stdout.write(f"New delegate: {delegate.full_name}.")
        for statement in result.created:
            self.stdout.write(f"  + {describe(statement)}")
        for choice, statement in result.skipped:
            self.stdout.write(f"  = {choice.start}-{choice.end} already there as statement {statement.pk}")
        self.stdout.write(
            f"{would} {len(result.created)} statement{'s' if len(result.created) != 1 else ''}; "
            f"skipped {len(result.skipped)} already in the archive."
        )


def describe(statement):
    who = statement.speaker or statement.party or "unknown speaker"
    text = " ".join(statement.text.split())
    text = text if len(text) <= 70 else text[:67] + "..."
    label = "said" if statement.kind == Statement.Kind.DIRECT else "(paraphrase)"
    return f"{who} {label}: “{text}”"
