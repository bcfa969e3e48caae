from django.core.management.base import BaseCommand, CommandError

from statements.ops.publish.release import PublishError, publish_dataset


class Command(BaseCommand):
    help = (
        "Write a public release into DIR/YYYY-MM-DD: every table as gzip-compressed CSV and JSON Lines, "
        "Popolo JSON, a README with the licences and how to cite it, a codebook of every column and "
        "SHA256SUMS. No accounts, tokens or history. The release appears whole or not at all."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "directory", metavar="DIR", help="An existing directory, e.g. the RELEASES_DIR the site serves."
        )
        parser.add_argument(
            "--base-url",
            default="",
            help="The site's public address (https://example.org), to write absolute links to its pages.",
        )

    def handle(self, *args, **options):
        try:
            published = publish_dataset(options["directory"], base_url=options["base_url"])
        except PublishError as error:
            raise CommandError(f"Publishing failed: {error}.") from None
        self.stdout.write(published.line())
