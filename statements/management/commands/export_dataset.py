from django.core.management.base import BaseCommand, CommandError

from statements.ops.dataset import DatasetError, export_dataset


class Command(BaseCommand):
    help = (
        "Write the whole archive, corrections history and user accounts included, into DIR: one JSON Lines "
        "file per table and a manifest with row counts and SHA-256 checksums (docs/backups.md). The bundle "
        "holds private data; keep it private."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR", help="A new or empty directory.")
        parser.add_argument(
            "--no-secrets",
            action="store_true",
            help=(
                "Leave out API tokens and the email alerts' subscribers, and write unusable passwords "
                "instead of password hashes."
            ),
        )

    def handle(self, *args, **options):
        try:
            summary = export_dataset(options["directory"], secrets=not options["no_secrets"])
        except DatasetError as error:
            raise CommandError(f"Export failed: {error}.") from None
        if options["verbosity"] >= 2:
            self.stdout.write("\n".join(summary.table_lines()))
        self.stdout.write(summary.line("Exported", "to"))
