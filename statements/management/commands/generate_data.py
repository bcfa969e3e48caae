import argparse
import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from statements.ops import synthetic


def positive_int(value):
    """An argparse type: a whole number of at least 1, with a one-line message otherwise."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise argparse.ArgumentTypeError(f"must be a whole number, got {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {number}")
    return number


class Command(BaseCommand):
    help = (
        "Fill the database with synthetic meetings, delegates and statements for load tests and benchmarks. "
        "Countries are the real ones; every generated row is marked as synthetic (meeting symbols SYN/PV.n, "
        f"source URLs under {synthetic.SYNTHETIC_URL}) and --clear removes them all, and nothing else."
    )

    def add_arguments(self, parser):
        parser.add_argument("--statements", type=positive_int, help="How many statements to generate.")
        parser.add_argument("--delegates", type=positive_int, default=3000, help="How many delegates (3000).")
        parser.add_argument("--meetings", type=positive_int, default=20000, help="How many meetings (20000).")
        parser.add_argument("--seed", type=int, default=1, help="Random seed; the same seed gives the same data (1).")
        parser.add_argument(
            "--batch", type=positive_int, default=50000, help="Statements written per COPY or bulk insert (50000)."
        )
        parser.add_argument(
            "--clear", action="store_true", help="Delete previously generated rows first (alone: only delete)."
        )

    def handle(self, *args, **options):
        count = options["statements"]
        if count is None and not options["clear"]:
            raise CommandError("Give --statements N to generate data, or --clear to delete synthetic data.")

        if options["clear"]:
            started = time.monotonic()
            deleted = synthetic.clear()
            summary = ", ".join(f"{number} {label}" for label, number in deleted.items() if number) or "nothing"
            self.stdout.write(f"Deleted synthetic data: {summary} ({time.monotonic() - started:.1f} s).")
        if count is None:
            return

        bar = tqdm(total=count, unit=" statements", unit_scale=True, disable=options["verbosity"] == 0, mininterval=0.5)
        generator = synthetic.Generator(
            statements=count,
            delegates=options["delegates"],
            meetings=options["meetings"],
            seed=options["seed"],
            batch=options["batch"],
            progress=bar.update,
        )
        started = time.monotonic()
        try:
            result = generator.run()
        except synthetic.SyntheticDataError as error:
            raise CommandError(str(error)) from None
        finally:
            bar.close()
        elapsed = time.monotonic() - started

        self.stdout.write(
            f"Generated {result.statements:,} statements, {result.citations:,} citations, "
            f"{result.topic_links:,} topic links, {result.mentions:,} mentions, {result.delegates:,} delegates, "
            f"{result.meetings:,} meetings and {result.sources:,} sources in {elapsed:.1f} s "
            f"({result.statements / max(elapsed, 1e-9):,.0f} statements/s, "
            f"{result.rows / max(elapsed, 1e-9):,.0f} rows/s of statements, citations, topic links and mentions"
            + (f"; VACUUM ANALYZE took {result.seconds['analyse']:.1f} s" if "analyse" in result.seconds else "")
            + ")."
        )
        if result.bench_meeting_id:
            self.stdout.write(
                f"Meeting with {result.bench_meeting_size} statements: id {result.bench_meeting_id} "
                f"({synthetic.SYMBOL_PREFIX}1)."
            )
        if result.busiest_delegate_id:
            self.stdout.write(f"Delegate with the most statements: id {result.busiest_delegate_id}.")
        self.stdout.write(f"Search words: common '{synthetic.COMMON_WORD}', rare '{synthetic.RARE_WORD}'.")
