from django.core.management.base import BaseCommand, CommandError

from statements.editor.records import RecordImportError, import_record, read_record_file


class Command(BaseCommand):
    help = (
        "Import a Security Council verbatim record (S/PV.…) or press release (SC/…), as a PDF or text file, "
        "into the archive: one transaction; importing it again changes nothing, a corrected version updates it."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The record's PDF or UTF-8 text.")
        parser.add_argument("--url", default="", help="Where the document was published.")
        parser.add_argument("--dry-run", action="store_true", help="Show what would be saved; save nothing.")

    def handle(self, *args, **options):
        try:
            record = read_record_file(options["file"])
            result = import_record(record, url=options["url"], dry_run=options["dry_run"])
        except RecordImportError as error:
            raise CommandError(f"{options['file']}: {error}") from None
        for warning in result.warnings:
            self.stderr.write(f"warning: {warning}")
        if options["verbosity"] >= 2:
            for turn in result.turns:
                speaker = turn.speaker or "—"
                self.stdout.write(f"{turn.sequence:>4} {turn.label} → {speaker} ({turn.party or 'no party'})")
        prefix = "Would import" if options["dry_run"] else "Imported"
        self.stdout.write(f"{prefix} {result.summary()}.")
