from django.core.management.base import BaseCommand

from statements.ops.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo Security Council meeting of 28 June 2024 from the seed article. Safe to run again."

    def handle(self, *args, **options):
        created = load_demo()
        if any(created.values()):
            summary = ", ".join(
                f"{count} {name if count > 1 else name.removesuffix('s')}" for name, count in created.items() if count
            )
            self.stdout.write(f"Demo data loaded: {summary} created.")
        else:
            self.stdout.write("Demo data already loaded; nothing changed.")
