"""CSV out of the directory: export filters, and formulas neutralized in both CSV paths."""

from __future__ import annotations

import asyncio
import csv
import io
import subprocess
import sys
import urllib.request
import xml.etree.ElementTree as ElementTree

import pytest
from datasette.app import Datasette

from crawler.cli import main
from crawler.commands.export import EXPORT_COLUMNS
from crawler.commands.serve import PLUGINS_DIR
from crawler.settings import PROJECT_ROOT
from db.directory import refresh_directory
from db.metadata import build_metadata
from tests.datasette_process import serve_process

FORMULA = '=HYPERLINK("http://x","y")'
ATOM = "{http://www.w3.org/2005/Atom}"
PROGRAMS = [
    # program_id, title, state, track, credential_level, delivery_mode, first_seen, removed_at
    ("p1", FORMULA, "NJ", "hit", "associate", "online", "2026-01-01T00:00:00+00:00", None),
    ("p2", "Medical Coding", "NJ", "billing_coding", "certificate", "campus",
     "2026-01-01T00:00:00+00:00", None),
    ("p3", "@SUM(1+1)", "TX", "billing_coding", "certificate", "online",
     "2026-03-01T00:00:00+00:00", None),
    ("p4", "Health Information Management", "TX", "him", "associate", "online",
     "2026-01-01T00:00:00+00:00", "2026-03-01T00:00:00+00:00"),
]


@pytest.fixture
def directory(database, database_path):
    """Two runs' worth of history: p3 added and p1 changed by run 2, p4 removed by it."""
    database["institutions"].insert_all([
        {"unitid": 1, "name": "Bayshore CC", "state": "NJ", "latitude": 40.1, "longitude": -74.2,
         "website": "-2+3+cmd|' /C calc'!A0"},
        {"unitid": 2, "name": "Lone Star", "state": "TX", "latitude": 30.2, "longitude": -97.7}])
    database["programs"].insert_all(
        {"program_id": pid, "unitid": 1 if state == "NJ" else 2, "title": title, "state": state,
         "institution_name": "Bayshore CC" if state == "NJ" else "Lone Star", "track": track,
         "credential_level": level, "delivery_mode": mode, "first_seen": first_seen,
         "last_seen": first_seen, "removed_at": removed_at, "source": "ipeds"}
        for pid, title, state, track, level, mode, first_seen, removed_at in PROGRAMS)
    database["crawl_runs"].insert_all([
        {"run_id": 1, "spider": "ipeds", "status": "succeeded",
         "finished_at": "2026-01-01T00:00:00+00:00"},
        {"run_id": 2, "spider": "ipeds", "status": "succeeded",
         "finished_at": "2026-03-01T00:00:00+00:00"}])
    database["changes"].insert_all([
        {"run_id": 1, "program_id": pid, "change": "added"} for pid in ("p1", "p2", "p4")] + [
        {"run_id": 2, "program_id": "p3", "change": "added"},
        {"run_id": 2, "program_id": "p1", "change": "changed", "field": "delivery_mode",
         "old_value": "campus", "new_value": "online"},
        {"run_id": 2, "program_id": "p4", "change": "removed"}])
    refresh_directory(database)  # what every promotion does
    return database_path


def export_to_stdout(database_path, *filters) -> list[dict]:
    result = subprocess.run([sys.executable, "-m", "crawler", "export", "--db",
                             str(database_path), "-o", "-", *filters],
                            capture_output=True, cwd=PROJECT_ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    text = result.stdout.decode("utf-8")
    assert text.splitlines()[0] == ",".join(EXPORT_COLUMNS)
    return list(csv.DictReader(io.StringIO(text)))


def export_to_file(database_path, *filters) -> list[dict]:
    output = database_path.parent / "export" / "programs.csv"
    assert main(["export", "--db", str(database_path), "-o", str(output), *filters]) == 0
    with output.open(encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle)) == list(EXPORT_COLUMNS)
        handle.seek(0)
        return list(csv.DictReader(handle))


def test_export_neutralizes_formulas_and_keeps_numbers(directory):
    rows = {row["program_id"]: row for row in export_to_stdout(directory)}
    assert rows["p1"]["title"] == "'" + FORMULA
    assert rows["p3"]["title"] == "'@SUM(1+1)"
    assert rows["p1"]["website"] == "'-2+3+cmd|' /C calc'!A0"
    assert rows["p2"]["title"] == "Medical Coding"
    assert rows["p1"]["longitude"] == "-74.2"
    assert "p4" not in rows  # removed programs are not in the directory


@pytest.mark.parametrize("filters, expected", [
    ((), ["p1", "p2", "p3"]),
    (("--track", "billing_coding"), ["p2", "p3"]),
    (("--state", "tx"), ["p3"]),
    (("--state", "NJ", "--state", "TX", "--delivery-mode", "online"), ["p1", "p3"]),
    (("--credential-level", "associate"), ["p1"]),
    (("--changed-since", "2026-02-01"), ["p1", "p3"]),
    (("--changed-since", "2026-03-01T01:00:00+01:00"), ["p1", "p3"]),
    (("--changed-since", "2026-03-02"), []),
    (("--track", "billing_coding", "--changed-since", "2026-02-01"), ["p3"]),
])
def test_export_filters(directory, filters, expected):
    assert sorted(row["program_id"] for row in export_to_file(directory, *filters)) == expected


@pytest.mark.parametrize("bad, message", [
    (["--track", "coding"], "invalid choice: 'coding'"),
    (["--changed-since", "last week"], "not a date: 'last week' (use YYYY-MM-DD)")])
def test_export_rejects_bad_filters(directory, bad, message, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["export", "--db", str(directory), *bad])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


@pytest.fixture
def datasette(directory):
    return Datasette([str(directory)], metadata=build_metadata(directory.stem),
                     plugins_dir=str(PLUGINS_DIR))


def get(datasette, path):
    return asyncio.run(datasette.client.get(path))


@pytest.mark.parametrize("path", [
    "/directory/programs.csv?_sort=program_id",
    "/directory/programs.csv?_sort=program_id&_stream=1&_dl=1",
    "/directory/programs.csv?_sort=program_id&_labels=on",
    "/directory/program_directory.csv?_sort=program_id",
    "/directory.csv?sql=select+program_id,title+from+programs+order+by+program_id",
])
def test_datasette_csv_downloads_are_neutralized(datasette, path):
    response = get(datasette, path)
    assert response.status_code == 200
    rows = {row["program_id"]: row for row in csv.DictReader(io.StringIO(response.text))}
    assert rows["p1"]["title"] == "'" + FORMULA
    assert rows["p3"]["title"] == "'@SUM(1+1)"
    assert rows["p2"]["title"] == "Medical Coding"


def test_datasette_json_is_left_alone(datasette):
    data = get(datasette, "/directory/programs/p1.json?_shape=array").json()
    assert data[0]["title"] == FORMULA


def test_datasette_shows_runs_changes_and_a_feed_of_new_programs(datasette):
    runs = get(datasette, "/directory/crawl_runs.json?_shape=array").json()
    assert [run["run_id"] for run in runs] == [2, 1]
    changes = get(datasette, "/directory/program_changes.json?_shape=array&run_id=2").json()
    assert [(c["change"], c["program_id"], c["field"]) for c in changes] == [
        ("removed", "p4", None), ("changed", "p1", "delivery_mode"), ("added", "p3", None)]
    feed = get(datasette, "/directory/new_programs.atom")
    assert feed.status_code == 200
    entries = ElementTree.fromstring(feed.content).findall(f"{ATOM}entry")
    assert [(e.findtext(f"{ATOM}title"), e.findtext(f"{ATOM}updated")) for e in entries] == [
        ("@SUM(1+1) — Lone Star (TX)", "2026-03-01T00:00:00+00:00"),
        (f"{FORMULA} — Bayshore CC (NJ)", "2026-01-01T00:00:00+00:00"),
        ("Medical Coding — Bayshore CC (NJ)", "2026-01-01T00:00:00+00:00")]


@pytest.mark.crawl
def test_serve_command_loads_the_csv_plugin(directory):
    with serve_process(directory) as (base, _):
        with urllib.request.urlopen(f"{base}/directory/programs.csv?_sort=program_id",
                                    timeout=10) as response:
            body = response.read().decode("utf-8")
    first = next(csv.DictReader(io.StringIO(body)))
    assert (first["program_id"], first["title"]) == ("p1", "'" + FORMULA)
