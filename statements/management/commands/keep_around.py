from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from statements import around_table


class Command(BaseCommand):
    help = (
        "Make again what PostgreSQL keeps around each statement (statements/around_table.py), or with "
        "--check list the statements whose kept rows differ from their topics, citations, mentions, "
        "replies, joint parties and checks. Needed only after writing with PostgreSQL's triggers off "
        "(session_replication_role = replica, pg_restore --disable-triggers)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Change nothing; exit 1 if any row differs.")

    def handle(self, *args, check, **options):
        if connection.vendor != "postgresql":
            self.stdout.write(f"Nothing is kept on {connection.vendor}: the pages and the API read the tables.")
            return
        with transaction.atomic(), connection.cursor() as cursor:
            if check:
                differing = around_table.differences(cursor)
                if differing:
                    shown = ", ".join(map(str, differing[:20])) + (" …" if len(differing) > 20 else "")
                    many = "statements differ" if len(differing) > 1 else "statement differs"
                    raise CommandError(f"{len(differing)} {many} from the six tables: {shown}")
                self.stdout.write("Every statement's kept rows are up to date.")
                return
            around_table.fill(cursor)
        self.stdout.write("What lies around every statement was made again.")
