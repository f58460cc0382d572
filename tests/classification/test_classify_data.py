"""The labelled data stays what data/classification/README.md says it is."""

import csv
from collections import Counter

import pytest

from bench.classify_data import DATA_DIR, load_examples, source_files
from bench.classify_split import split_for
from crawler.classification import CREDENTIAL_LEVELS, DELIVERY_MODES, TRACKS


def read(name: str) -> list[dict]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


SOURCE_NAMES = [str(path.relative_to(DATA_DIR)) for path in source_files()]


@pytest.fixture
def examples():
    return load_examples()


@pytest.mark.parametrize("name", SOURCE_NAMES)
def test_split_is_the_fixed_hash_of_the_title(name):
    for row in read(name):
        title = row.get("title") or row["program_title"]
        assert row["split"] == split_for(title, row.get("origin", "")), title


def test_nj_tracks_are_the_cip_labels_with_the_recorded_corrections():
    corrections = {row["record_id"]: row for row in read("nj_corrections.csv")}
    labelled = read("nj_etpl_labelled.csv")
    corrected_ids = Counter(row["record_id"] for row in labelled if row["record_id"] in corrections)
    assert set(corrected_ids) == set(corrections) and set(corrected_ids.values()) == {1}
    for row in labelled:
        correction = corrections.get(row["record_id"])
        if correction:
            assert (correction["old_label"], correction["program_title"]) == (
                row["label"], row["program_title"])
            assert correction["new_label"] != correction["old_label"] and correction["reason"]
        expected = correction["new_label"] if correction else row["label"]
        assert row["expected_track"] == expected, row["record_id"]


def test_labels_use_the_classifier_vocabulary(examples):
    for example in examples:
        assert example.track in TRACKS
        # Empty: the source says nothing about it, so the row is not scored on it.
        assert example.credential_level in CREDENTIAL_LEVELS + ("",)
        assert example.delivery_mode in DELIVERY_MODES + ("",)


@pytest.mark.parametrize("name", SOURCE_NAMES)
def test_every_source_file_is_described_in_the_readme(name):
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert f"`{name}`" in readme


def test_real_sources_besides_new_jersey():
    real = [name for name in SOURCE_NAMES if name.startswith("sources/")]
    rows = [row for name in real for row in read(name)]
    assert len(real) >= 3 and len(rows) >= 2000
    assert sum(row["expected_track"] != "other" for row in rows) >= 50


def test_every_track_is_in_both_splits(examples):
    for split in ("dev", "heldout"):
        assert {example.track for example in examples if example.split == split} == set(TRACKS)


def test_enough_curated_titles_covering_every_label(examples):
    curated = [example for example in examples if example.source == "curated"]
    assert len(curated) >= 150
    assert {example.credential_level for example in curated} == set(CREDENTIAL_LEVELS)
    assert {example.delivery_mode for example in curated} == set(DELIVERY_MODES)


def test_titles_named_in_the_issue_are_dev(examples):
    named = [example for example in examples if example.origin == "issue"]
    assert named and {example.split for example in named} == {"dev"}


def test_california_scorecard_rows_are_the_kept_copy_labelled_as_recorded():
    # The CSV is what its build record makes of the kept copy of the public file: same rows,
    # same order, labels only from the record's lists (a hand edit of the CSV would fail here).
    import importlib.util

    path = DATA_DIR / "sources" / "build_ca_etp.py"
    spec = importlib.util.spec_from_file_location("build_ca_etp", path)
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    rebuilt = build.ca_etp(build.read_programs(None))
    kept = read("sources/ca_etp.csv")
    assert [row["source_id"] for row in kept] == [row["source_id"] for row in rebuilt]
    for want, got in zip(rebuilt, kept):
        for column in ("title", "delivery", "expected_track", "expected_credential_level",
                       "expected_delivery_mode"):
            assert got[column] == want[column], (got["source_id"], column)
    assert Counter(row["expected_track"] for row in kept)["billing_coding"] == 3
