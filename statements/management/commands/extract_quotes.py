import json

from django.core.management.base import BaseCommand, CommandError

from statements.editor.importing import ArticleError, known_speakers, read_article
from statements.extraction import extract


class Command(BaseCommand):
    help = "Print the statements the extractor finds in an article file, with their speakers. Saves nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", help="A UTF-8 text file holding the article.")
        parser.add_argument("--format", choices=["json", "table"], default="table")

    def handle(self, *args, **options):
        try:
            text = read_article(options["file"])
        except ArticleError as error:
            raise CommandError(str(error)) from None
        candidates = extract(text, known_speakers())
        if options["format"] == "json":
            rows = [candidate.as_dict() for candidate in candidates]
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        if not candidates:
            self.stdout.write("No statements found.")
            return
        self.stdout.write(table(candidates))


def table(candidates):
    """One row per candidate; the quote last so that long ones only run off the right-hand side."""
    header = ("#", "kind", "conf", "offsets", "speaker", "id", "country", "role", "quote")
    rows = [header]
    for number, candidate in enumerate(candidates, start=1):
        quote = " ".join(candidate.quote.split())
        rows.append(
            (
                str(number),
                candidate.kind,
                f"{candidate.confidence:.2f}",
                f"{candidate.start}-{candidate.end}",
                candidate.speaker or "-",
                str(candidate.delegate) if candidate.delegate is not None else "-",
                candidate.country or "-",
                candidate.role or "-",
                quote if len(quote) <= 80 else quote[:77] + "...",
            )
        )
    widths = [max(len(row[column]) for row in rows) for column in range(len(header) - 1)]
    lines = []
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    return "\n".join(lines)
