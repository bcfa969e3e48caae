from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from statements.editor.records import RecordImportError, import_record, read_record_file

SUFFIXES = {".pdf", ".txt"}


class Command(BaseCommand):
    help = (
        "Import every verbatim record and press release (*.pdf, *.txt) in a directory, each in its own "
        "transaction: a file that fails is reported and the others are still imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR")

    def handle(self, *args, **options):
        directory = Path(options["directory"])
        if not directory.is_dir():
            raise CommandError(f"{directory} is not a directory.")
        files = sorted(path for path in directory.iterdir() if path.suffix.lower() in SUFFIXES and path.is_file())
        if not files:
            raise CommandError(f"{directory} holds no .pdf or .txt file.")
        imported = unchanged = 0
        failures = []
        progress = tqdm(files, unit="file", disable=options["verbosity"] == 0, file=self.stderr._out)
        for path in progress:
            progress.set_postfix_str(path.name)
            try:
                result = import_record(read_record_file(path))
            except RecordImportError as error:
                failures.append(f"{path.name}: {error}")
                continue
            if result.changed:
                imported += 1
            else:
                unchanged += 1
        for failure in failures:
            self.stderr.write(f"failed: {failure}")
        self.stdout.write(
            f"{len(files)} files: {imported} imported or updated, {unchanged} already up to date, "
            f"{len(failures)} failed."
        )
        if failures:
            raise CommandError(f"{len(failures)} of {len(files)} files could not be imported.")
