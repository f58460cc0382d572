"""The `classify` command: CSV in, the same rows plus classification out; bad input fails cleanly."""

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from crawler import cli
from crawler.commands import classify as classify_command

REPO = Path(__file__).resolve().parents[2]
NEW_COLUMNS = ["track", "track_confidence", "track_evidence", "credential_level",
               "credential_evidence", "delivery_mode", "delivery_evidence", "delivery_options"]
LISTINGS = (
    "title,credential,cip_code,delivery,provider_id,notes\n"
    "Medical Billing & Coding Specialist - Online,Certificate of Completion,51.0713,,p-1,keep me\n"
    "Full Stack Coding Bootcamp,,,In-person,p-2,\"quoted, with comma\"\n"
    "Health Information Technology,Associate's degree,51.0707,"
    "IPEDS DEP: all required coursework can be completed at a distance,p-3,\n"
)


def read_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_is_registered_on_the_command_line():
    assert "classify" in cli.COMMANDS
    assert classify_command.HELP and classify_command.__doc__


def test_adds_classification_and_passes_other_columns_through(tmp_path, run_command):
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text(LISTINGS, encoding="utf-8")
    result = run_command(str(source), "-o", str(target))
    assert result.code == 0
    with target.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert header == ["title", "credential", "cip_code", "delivery", "provider_id", "notes"] + NEW_COLUMNS
    rows = read_rows(target.read_text(encoding="utf-8"))
    assert [row["provider_id"] for row in rows] == ["p-1", "p-2", "p-3"]
    assert rows[1]["notes"] == "quoted, with comma"
    coding, bootcamp, hit = rows
    assert (coding["track"], coding["credential_level"], coding["delivery_mode"]) == (
        "billing_coding", "certificate", "online")
    assert float(coding["track_confidence"]) > 0.9
    assert "cip 51.0713" in coding["track_evidence"]
    assert (bootcamp["track"], bootcamp["delivery_mode"]) == ("other", "campus")
    assert (hit["track"], hit["credential_level"], hit["delivery_mode"]) == ("hit", "associate", "online")
    assert "3 rows" in result.stderr and "billing_coding 1" in result.stderr and "other 1" in result.stderr


def test_reads_stdin_and_writes_stdout(run_command):
    result = run_command("-", stdin=LISTINGS.encode("utf-8"))
    assert result.code == 0
    assert [row["track"] for row in read_rows(result.stdout)] == ["billing_coding", "other", "hit"]


def test_pipes_through_a_real_process():
    runner = ("import argparse, sys; from crawler.commands import classify as c; "
              "p = argparse.ArgumentParser(); c.configure(p); sys.exit(c.run(p.parse_args()))")
    done = subprocess.run([sys.executable, "-c", runner, "-"], input=LISTINGS.encode("utf-8"),
                          capture_output=True, cwd=REPO, timeout=60)
    assert done.returncode == 0, done.stderr
    assert [row["track"] for row in read_rows(done.stdout.decode("utf-8"))] == [
        "billing_coding", "other", "hit"]


def test_reads_the_training_provider_column_names(run_command):
    nj = ("program_title,credential_raw,credential,cip_code,online\n"
          "Nursing,Master's Degree,other,51.3801,no\n"
          "Online Medical Billing and Coding,Certificate of Completion,certificate,51.0713,yes\n")
    rows = read_rows(run_command("-", stdin=nj.encode("utf-8")).stdout)
    assert (rows[0]["credential_level"], rows[0]["track"], rows[0]["delivery_mode"]) == (
        "master", "other", "campus")
    assert (rows[1]["track"], rows[1]["delivery_mode"]) == ("billing_coding", "online")


def test_accepts_a_utf8_byte_order_mark(run_command):
    result = run_command("-", stdin=b"\xef\xbb\xbf" + "title\nCodificación Médica\n".encode("utf-8"))
    assert result.code == 0
    assert read_rows(result.stdout)[0]["title"] == "Codificación Médica"


def test_classifying_an_output_again_replaces_its_columns(tmp_path, run_command):
    first = run_command("-", stdin=LISTINGS.encode("utf-8")).stdout
    again = run_command("-", stdin=first.encode("utf-8")).stdout
    assert again == first


def test_reports_progress_on_large_files(run_command, monkeypatch):
    monkeypatch.setattr(classify_command, "PROGRESS_EVERY", 2)
    many = "title\n" + "Medical Coding\n" * 5
    result = run_command("-", stdin=many.encode("utf-8"))
    assert "2 rows..." in result.stderr and "4 rows..." in result.stderr


def _assert_failed_cleanly(result, tmp_path, *words):
    assert result.code != 0
    message = result.stderr.strip()
    assert "\n" not in message and "Traceback" not in message
    for word in words:
        assert word in message
    assert sorted(path.name for path in tmp_path.iterdir()) == ["in.csv"]  # no output, no temp file


@pytest.mark.parametrize("content, words", [
    (b"", ["empty"]),
    (b"name_of_school,cip_code\nExample College,51.0707\n", ["title", "name_of_school"]),
    ("title\nCodificaci\u00f3n M\u00e9dica\n".encode("latin-1"), ["not UTF-8", "0xf3"]),
    ("title\nMedical Coding\n".encode("utf-16"), ["UTF-16", "expected UTF-8"]),
    (b"title,cip_code\nMedical Coding,51.0713,extra,fields\n", ["line 2", "4 fields"]),
])
def test_bad_input_fails_with_one_line_and_no_output_file(tmp_path, run_command, content, words):
    source = tmp_path / "in.csv"
    source.write_bytes(content)
    result = run_command(str(source), "-o", str(tmp_path / "out.csv"))
    _assert_failed_cleanly(result, tmp_path, *words)


def test_a_failed_run_leaves_an_existing_output_untouched(tmp_path, run_command):
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_bytes("title\nMedical Coding\nCodificaci\u00f3n\n".encode("latin-1"))
    target.write_text("previous results\n", encoding="utf-8")
    assert run_command(str(source), "-o", str(target)).code != 0
    assert target.read_text(encoding="utf-8") == "previous results\n"


def test_missing_input_file_is_one_line(tmp_path, run_command):
    result = run_command(str(tmp_path / "nope.csv"))
    assert result.code != 0 and "cannot read" in result.stderr
