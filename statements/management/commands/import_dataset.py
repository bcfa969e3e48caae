from django.core.management.base import BaseCommand, CommandError

from statements.ops.dataset import DatasetError, import_dataset


class Command(BaseCommand):
    help = (
        "Restore a bundle written by export_dataset into a newly migrated database, all or nothing. "
        "Checks the manifest, every checksum and the migration state first (docs/backups.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR", help="The bundle's directory, holding manifest.json.")

    def handle(self, *args, **options):
        try:
            summary = import_dataset(options["directory"])
        except DatasetError as error:
            raise CommandError(f"Import failed: {error}.") from None
        if options["verbosity"] >= 2:
            self.stdout.write("\n".join(summary.table_lines()))
        self.stdout.write(summary.line("Imported", "from"))
