"""Benchmark the quote extractor: accuracy on the annotated corpus, and throughput on one core.

Run from the repository root:  python bench/extraction.py [--megabytes 5] [--only PREFIX]

Prints precision, recall and F1 for (a) direct-quotation spans and (b) speaker attribution,
per case and in total (scored by statements.extraction.evaluation, which the tests use too), then
the throughput in MB/s over the corpus texts repeated to the requested size, measured two ways:
article by article (how the importer calls it) and as one long text (which would expose any
cost that grows faster than the length of the text).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from statements.extraction import extract  # noqa: E402
from statements.extraction.evaluation import Score, evaluate, load_corpus  # noqa: E402


def format_score(label: str, score: Score) -> str:
    return (
        f"{label:<24} precision {score.precision:6.3f}  recall {score.recall:6.3f}  F1 {score.f1:6.3f}"
        f"  ({score.true_positives}/{score.predicted} predicted, {score.true_positives}/{score.expected} expected)"
    )


def print_accuracy(cases) -> None:
    report = evaluate(cases, extract)
    print(f"Corpus: {len(cases)} articles, {report.spans.expected} annotated direct quotations")
    for name, (spans, speakers) in report.per_case.items():
        print(f"  {name:<24} spans F1 {spans.f1:5.3f}   speakers F1 {speakers.f1:5.3f}")
    print(format_score("(a) quotation spans", report.spans))
    print(format_score("(b) speaker attribution", report.speakers))


class Timer:
    """Wall-clock and CPU seconds of a block: on a busy machine the CPU time is the fairer measure."""

    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc_info):
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu


def throughput_per_article(cases, target_bytes: int) -> tuple[Timer, int]:
    """Time extracting the corpus articles one at a time, repeated until `target_bytes` are done."""
    articles = [(case.text, case.known, len(case.text.encode("utf-8"))) for case in cases]
    done = 0
    with Timer() as timer:
        while done < target_bytes:
            for text, known, size in articles:
                extract(text, known)
                done += size
    return timer, done


def throughput_one_text(cases, target_bytes: int) -> tuple[Timer, int]:
    """Time extracting the corpus texts joined and repeated into a single text of `target_bytes`."""
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
    parser.add_argument("--megabytes", type=float, default=5.0, help="text to process for throughput (default 5)")
    parser.add_argument("--only", metavar="PREFIX", default="", help="score only the cases whose name starts so")
    options = parser.parse_args(argv)
    cases = [case for case in load_corpus() if case.name.startswith(options.only)]
    if not cases:
        print("No corpus found in tests/data/extraction/.", file=sys.stderr)
        return 1
    print_accuracy(cases)
    target = int(options.megabytes * 1e6)
    print(format_rate("article by article:", *throughput_per_article(cases, target)))
    print(format_rate("one long text:", *throughput_one_text(cases, target)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
