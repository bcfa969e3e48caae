"""Benchmark the record parsers: accuracy on the hand-checked corpus, and speed.

Run from the repository root:  python bench/records.py [--long-characters 150000] [--repeat 5]

Prints, for verbatim records and press releases, per split (dev, test) and overall: turn
precision and recall, party and spoken-language accuracy over the matched turns, exact-vote
accuracy and front-page field accuracy (scored by statements.records.evaluation, which the
tests use too), then the speed:

- text: characters per second of `statements.records.read` over the corpus texts, and the
  time of one long record (the dev verbatim records' turns repeated to ~150,000 characters,
  the size of a 30-page record; repeated real text, for timing only);
- PDF: pages per second through `read(pdf_bytes)`, the PDFs built from the same texts with
  tests/record_pdfs.py (reportlab) when it is there; otherwise only the text figures are
  printed, and the script says so.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from statements.records import read  # noqa: E402
from statements.records.evaluation import KINDS, SPLITS, Score, evaluate, load_cases  # noqa: E402


def format_score(label: str, score: Score) -> str:
    return (
        f"{label:<22} files {score.cases:>2}  turns P {score.turn_precision:5.3f} R {score.turn_recall:5.3f}"
        f" ({score.matched_turns}/{score.predicted_turns} predicted, {score.matched_turns}/{score.expected_turns}"
        f" expected)  party {score.party_accuracy:5.3f}  language {score.language_accuracy:5.3f}"
        f"  votes exact {score.vote_accuracy:5.3f} ({score.votes_exact}/{score.vote_slots})"
        f"  front page {score.field_accuracy:5.3f} ({score.fields_correct}/{score.fields_checked})"
    )


def print_accuracy(verbose: bool) -> list:
    overall = Score()
    all_cases = []
    for split in SPLITS:
        per_split = Score()
        for kind in KINDS:
            cases = load_cases(kind, split)
            all_cases.extend(cases)
            if not cases:
                print(f"{kind}/{split}: no files yet")
                continue
            score = evaluate(cases, read)
            print(format_score(f"{kind}/{split}", score))
            if verbose and split == "dev":  # the test split is scored, never read
                for failure in score.failures:
                    print(f"    {failure}")
            per_split.add(score)
        print(format_score(f"all/{split}", per_split))
        overall.add(per_split)
    print(format_score("all", overall))
    misses = overall.misses()
    print("Targets (P, R, party >= 0.98; votes >= 0.95):", "met" if not misses else "missed: " + "; ".join(misses))
    return all_cases


def long_record(cases) -> str:
    """The dev verbatim records' front page and turns, the turns repeated to the size of a long record."""
    texts = [case.text for case in cases if case.kind == "verbatim" and case.split == "dev"]
    with_turns = [text for text in texts if re.search(r"^(?:\d+\. )?The (?:President|PRESIDENT)\b", text, re.M)]
    if not with_turns:
        return ""
    source = max(with_turns, key=len)
    first = re.search(r"^(?:\d+\. )?The (?:President|PRESIDENT)\b", source, re.M).start()
    front, body = source[:first], source[first:].rstrip() + "\n\n"
    return front + body * max(1, 150_000 // len(body))


def time_text(cases, repeat: int) -> None:
    texts = [case.text for case in cases]
    characters = sum(len(text) for text in texts) * repeat
    cpu = time.process_time()
    for _ in range(repeat):
        for text in texts:
            try:
                read(text)
            except Exception:  # a refused file still costs its reading time
                pass
    cpu = time.process_time() - cpu
    print(f"Text, corpus files: {characters / cpu:,.0f} characters/s of CPU time ({characters:,} characters)")
    text = long_record(cases)
    if text:
        started = time.perf_counter()
        record = read(text)
        elapsed = time.perf_counter() - started
        print(f"Text, one long record: {len(text):,} characters, {len(record.turns)} turns in {elapsed:.3f} s")


def time_pdf(cases) -> None:
    try:
        sys.path.insert(0, str(REPO_ROOT / "tests"))
        from record_pdfs import build_record_pdf
    except ImportError as error:
        print(f"PDF: not measured ({error}); the figures above are for text only")
        return
    try:
        from statements.records import pdf  # noqa: F401
    except ImportError:
        print("PDF: statements/records/pdf.py is not there yet; the figures above are for text only")
        return
    texts = [case.text for case in cases if case.kind == "verbatim"]
    if long := long_record(cases):
        texts.append(long)
    pdfs = []
    for text in texts:
        try:
            pdfs.append(build_record_pdf(text))
        except Exception as error:  # the builder's own limits (fonts, layout) are not the parser's
            print(f"PDF: could not build one test PDF ({type(error).__name__}: {error})")
    pages = sum(len(re.findall(rb"/Type\s*/Page\b", data)) for data in pdfs)
    started, cpu = time.perf_counter(), time.process_time()
    failures = 0
    for data in pdfs:
        try:
            read(data)
        except Exception:
            failures += 1
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(
        f"PDF: {pages} pages in {len(pdfs)} PDFs built with tests/record_pdfs.py: {pages / cpu:,.1f} pages/s of CPU"
        f" time, {pages / wall:,.1f} pages/s wall-clock ({failures} refused)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="passes over the corpus texts for the text timing")
    parser.add_argument("--verbose", action="store_true", help="list every missed or extra turn and vote")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF timing")
    options = parser.parse_args(argv)
    cases = print_accuracy(options.verbose)
    if not cases:
        print("No corpus found in tests/data/records/.", file=sys.stderr)
        return 1
    time_text(cases, options.repeat)
    if not options.no_pdf:
        time_pdf(cases)
    return 0


if __name__ == "__main__":
    sys.exit(main())
