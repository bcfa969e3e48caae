"""The real extraction corpus (tests/data/extraction_real/) and how it is scored.

The corpus: every article has its text and its annotation, its recorded split is the one its
name gives (the fixed SHA-256 rule), and every annotated quotation, fragment and paraphrase is
really in the text. These checks read the annotations of both parts but never run the extractor
on the test part. The score: the development part holds the figures reached while tuning on it
(a floor, so that a change that loses them shows), and the scoring itself is tested on short
cases. The test part is scored only by `python bench/extraction.py --test`, which logs each run.
"""

import json
import unicodedata

import pytest

from statements.extraction import DIRECT, Candidate, extract
from statements.extraction.evaluation import (
    REAL_DIR,
    Case,
    load_real_corpus,
    normalise_quote,
    right_speaker,
    score_real,
    score_real_case,
    split_of,
)

ANNOTATIONS = sorted(REAL_DIR.glob("*.json"))


def annotation(path):
    return json.loads(path.read_text(encoding="utf-8"))


def loose(text):
    """The text as quotations are compared: marks and spaces made alike, any case."""
    return normalise_quote(unicodedata.normalize("NFC", text))


def test_the_corpus_has_at_least_40_articles_and_15_in_the_test_part():
    splits = [split_of(path.stem) for path in ANNOTATIONS]
    assert len(splits) >= 40
    assert splits.count("test") >= 15


@pytest.mark.parametrize("path", ANNOTATIONS, ids=lambda path: path.stem)
def test_each_article_has_its_text_and_the_split_its_name_gives(path):
    spec = annotation(path)
    assert path.with_suffix(".txt").exists()
    assert spec["split"] == split_of(path.stem)
    assert path.stem.startswith(("un_", "wire_"))


@pytest.mark.parametrize("path", ANNOTATIONS, ids=lambda path: path.stem)
def test_each_annotated_quotation_is_in_the_text(path):
    spec = annotation(path)
    text = loose(path.with_suffix(".txt").read_text(encoding="utf-8"))
    for item in spec["quotes"]:
        assert loose(item["quote"]) in text, item["quote"]
        assert item.get("speaker"), item["quote"]
        if item.get("fragment"):
            assert loose(item["in"]) in text, item["in"]
            assert loose(item["quote"]) in loose(item["in"])


def test_the_loader_refuses_an_article_whose_recorded_split_is_not_its_names(tmp_path):
    name = next(f"wire_x{n}" for n in range(100) if split_of(f"wire_x{n}") == "dev")
    (tmp_path / f"{name}.txt").write_text('"We reject this," Nebenzya said.', encoding="utf-8")
    (tmp_path / f"{name}.json").write_text(json.dumps({"split": "test", "quotes": []}), encoding="utf-8")
    with pytest.raises(ValueError, match="split"):
        load_real_corpus("dev", tmp_path)
    assert load_real_corpus("test", tmp_path) == []  # only the files of the part asked for are read


def test_the_split_rule_is_the_first_hex_digit_of_the_names_sha256():
    # sha256("un_a") starts with "7", sha256("un_b") with "a".
    assert (split_of("un_a"), split_of("un_b")) == ("test", "dev")
    with pytest.raises(ValueError):
        load_real_corpus("all")


def candidate(quote, speaker=None, country=None):
    return Candidate(quote, 0, len(quote), DIRECT, speaker=speaker, country=country)


def test_precision_recall_and_speaker_accuracy_count_fragments_too():
    case = Case(
        "x",
        "",
        [
            {"quote": "We reject this,", "speaker": "Vasily Nebenzya"},
            {"quote": "completely false", "speaker": "Vasily Nebenzya", "fragment": True},
            {"quote": "Never again", "speaker": "Robert Wood"},
        ],
    )
    found = [candidate("We reject this", "Nebenzya"), candidate("completely false", "Wood"), candidate("other")]
    score = score_real_case(case, found)
    assert (score.spans.true_positives, score.spans.predicted, score.spans.expected) == (2, 3, 3)
    assert (score.right_speaker, score.speaker_accuracy) == (1, 0.5)
    assert (score.fragments_found, score.fragments_expected) == (1, 1)


def test_a_nameless_speaker_of_the_annotated_country_is_right_where_a_country_speaks():
    assert right_speaker(candidate("x", None, "IRN"), {"speaker": "Iran"})
    assert not right_speaker(candidate("x", None, "IRN"), {"speaker": "Iran's representative Amir Iravani"})
    assert not right_speaker(candidate("x", None, "USA"), {"speaker": "Iran"})


def test_the_development_part_keeps_the_figures_reached_on_it():
    total, per_case = score_real(load_real_corpus("dev"), extract)
    assert len(per_case) >= 15
    spans = total.spans
    assert spans.precision >= 0.95, (spans.true_positives, spans.predicted)
    assert spans.recall >= 0.93, (spans.true_positives, spans.expected)
    assert total.speaker_accuracy >= 0.92, (total.right_speaker, spans.true_positives)
