"""Benchmark the quote extractor: accuracy on the real annotated corpus, and throughput on one core.

Run from the repository root:

    python bench/extraction.py                        the development part, and MB/s
    python bench/extraction.py --test --note after    the frozen test part too (logged, see below)
    python bench/extraction.py --extractor /tmp/base  the extractor of another checkout, same scoring

Accuracy is scored on tests/data/extraction_real/ (statements.extraction.evaluation, which the
tests use too): precision and recall of direct quotations, embedded fragments included, and
speaker accuracy, the share of the found quotations whose speaker is right. The development part
is printed article by article; the test part, frozen, only in total, and only with --test, which
appends a dated line to tests/data/extraction_real/TEST_LOG.md: every look at the test part is
logged there. --unit adds the hand-written hard cases of tests/data/extraction/.

Throughput, in MB/s, is measured on the development articles (never on the test part), repeated
to the requested size, two ways: article by article (how the importer calls it) and as one long
text (which would expose any cost that grows faster than the length of the text).
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import subprocess
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
TEST_LOG = REPO_ROOT / "tests" / "data" / "extraction_real" / "TEST_LOG.md"


def load(extractor_root: Path):
    """`extract` from the checkout at `extractor_root`, and this checkout's scoring module.

    The scoring always comes from here, so that an older extractor is measured the same way.
    """
    sys.path.insert(0, str(extractor_root))
    from statements.extraction import extract

    spec = importlib.util.spec_from_file_location(
        "bench_evaluation", REPO_ROOT / "statements" / "extraction" / "evaluation.py"
    )
    evaluation = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = evaluation  # dataclasses look their module up by name
    spec.loader.exec_module(evaluation)
    return extract, evaluation


def commit_of(root: Path) -> str:
    """The checkout's commit, marked "+changes" when its extractor differs from it."""

    def git(*args):
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True).stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    return commit + (" +changes" if git("status", "--porcelain", "--", "statements/extraction") else "")


def format_real(label: str, score) -> str:
    spans = score.spans
    return (
        f"{label:<20} precision {spans.precision:5.3f}  recall {spans.recall:5.3f}  "
        f"speaker accuracy {score.speaker_accuracy:5.3f}   ({spans.true_positives} of {spans.predicted} "
        f"proposed are annotated, {spans.true_positives} of {spans.expected} annotated found, "
        f"{score.right_speaker} of {spans.true_positives} with the right speaker; "
        f"fragments {score.fragments_found} of {score.fragments_expected} found)"
    )


def print_part(extract, evaluation, split: str, per_article: bool):
    cases = evaluation.load_real_corpus(split)
    total, per_case = evaluation.score_real(cases, extract)
    print(f"{split} part: {len(cases)} articles, {total.spans.expected} annotated direct quotations")
    if per_article:
        for name, score in per_case.items():
            spans = score.spans
            print(
                f"  {name:<44} found {spans.true_positives:>3}/{spans.expected:<3} proposed {spans.predicted:>3}"
                f"  right speaker {score.right_speaker:>3}"
            )
    print(format_real(f"{split}:", total))
    return cases, total


def log_test_run(total, cases, note: str, extractor: str) -> None:
    spans = total.spans
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    line = (
        f"- {now} — {note or 'no note'} — extractor {extractor} — {len(cases)} articles, {spans.expected} "
        f"quotations: precision {spans.precision:.3f}, recall {spans.recall:.3f}, speaker accuracy "
        f"{total.speaker_accuracy:.3f}, fragments {total.fragments_found} of {total.fragments_expected} found "
        f"(`python bench/extraction.py --test`)\n"
    )
    with TEST_LOG.open("a", encoding="utf-8") as log:
        log.write(line)
    print(f"Logged in {TEST_LOG.relative_to(REPO_ROOT)}: {line.strip()}")


def print_unit(extract, evaluation) -> None:
    report = evaluation.evaluate(evaluation.load_corpus(), extract)
    spans, speakers = report.spans, report.speakers
    print(
        f"unit cases ({len(report.per_case)} written for the extractor): spans P {spans.precision:.3f} "
        f"R {spans.recall:.3f}; speakers P {speakers.precision:.3f} R {speakers.recall:.3f}"
    )


class Timer:
    """Wall-clock and CPU seconds of a block: on a busy machine the CPU time is the fairer measure."""

    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc_info):
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu


def throughput_per_article(extract, cases, target_bytes: int) -> tuple[Timer, int]:
    """Time extracting the articles one at a time, repeated until `target_bytes` are done."""
    articles = [(case.text, case.known, len(case.text.encode("utf-8"))) for case in cases]
    done = 0
    with Timer() as timer:
        while done < target_bytes:
            for text, known, size in articles:
                extract(text, known)
                done += size
    return timer, done


def throughput_one_text(extract, cases, target_bytes: int) -> tuple[Timer, int]:
    """Time extracting the articles joined and repeated into a single text of `target_bytes`."""
    block = "\n\n".join(case.text for case in cases) + "\n\n"
    repeats = max(1, target_bytes // len(block.encode("utf-8")) + 1)
    text = block * repeats
    size = len(text.encode("utf-8"))
    with Timer() as timer:
        extract(text)
    return timer, size


def format_rate(label: str, timer: Timer, size: int) -> str:
    return (
        f"Throughput, {label:<19} {size / 1e6 / timer.cpu:6.2f} MB/s of CPU time, "
        f"{size / 1e6 / timer.wall:6.2f} MB/s wall-clock ({size / 1e6:.1f} MB, one core)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--test", action="store_true", help="score the frozen test part too (logged in TEST_LOG.md)")
    parser.add_argument("--note", default="", help="why the test part is scored, for TEST_LOG.md")
    parser.add_argument("--extractor", type=Path, default=REPO_ROOT, help="checkout whose extractor to score")
    parser.add_argument("--unit", action="store_true", help="also the hand-written cases of tests/data/extraction/")
    parser.add_argument("--megabytes", type=float, default=5.0, help="text to process for throughput (default 5)")
    options = parser.parse_args(argv)
    extract, evaluation = load(options.extractor.resolve())
    extractor = f"{commit_of(options.extractor)} ({options.extractor})"
    print(f"Extractor: {extractor}")
    dev, _ = print_part(extract, evaluation, "dev", per_article=True)
    if not dev:
        print("No development articles found in tests/data/extraction_real/.", file=sys.stderr)
        return 1
    if options.test:
        cases, total = print_part(extract, evaluation, "test", per_article=False)
        log_test_run(total, cases, options.note, extractor)
    if options.unit:
        print_unit(extract, evaluation)
    if options.megabytes > 0:
        target = int(options.megabytes * 1e6)
        print(format_rate("article by article:", *throughput_per_article(extract, dev, target)))
        print(format_rate("one long text:", *throughput_one_text(extract, dev, target)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
