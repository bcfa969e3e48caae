from django.core.management.base import BaseCommand

from statements.ops.demo import load_demo


class Command(BaseCommand):
    help = (
        "Load the demo Security Council meeting of 28 June 2024 from the seed article, and correct what "
        "earlier versions loaded (each change saved in the history with its reason). Safe to run again."
    )

    def handle(self, *args, **options):
        created = load_demo()
        corrections = created.pop("corrections")
        if any(created.values()):
            summary = ", ".join(
                f"{count} {name if count > 1 else name.removesuffix('s')}" for name, count in created.items() if count
            )
            self.stdout.write(f"Demo data loaded: {summary} created.")
        if corrections:
            self.stdout.write(
                f"Demo data corrected: {corrections} change{'s' if corrections > 1 else ''} to rows an earlier "
                "version loaded, each in the history with its reason."
            )
        if not corrections and not any(created.values()):
            self.stdout.write("Demo data already loaded; nothing changed.")
