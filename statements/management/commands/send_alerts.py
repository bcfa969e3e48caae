from django.core.management.base import BaseCommand, CommandError

from statements.alerts.sending import send_due


class Command(BaseCommand):
    help = (
        "Mail every confirmed email alert the statements recorded since its last mail: immediate alerts at "
        "once, daily digests once a day. Safe to run every minute and from several places at once: a statement "
        "is mailed to a subscription at most once."
    )

    def handle(self, *args, **options):
        sent, failed = send_due()
        if options["verbosity"] >= 1 and (sent or failed):
            self.stdout.write(f"Sent {sent} alert{'s' if sent != 1 else ''}.")
        if failed:
            raise CommandError(
                f"{failed} alert{'s' if failed != 1 else ''} could not be sent; they are tried again next run."
            )
