"""Hostile cells in both CSV paths (`export` and Datasette's CSV through the plugin): a bare
carriage return must stay inside its quoted cell, and a formula hidden behind NUL or other
control characters must be neutralized like any other (OWASP ASVS 1.2.10, RFC 4180 §2.6)."""

from __future__ import annotations

import asyncio
import csv
import io

import pytest
from datasette.app import Datasette

from crawler.cli import main
from crawler.commands.serve import PLUGINS_DIR
from crawler.csv_safety import neutralize
from db.directory import refresh_directory
from db.metadata import build_metadata

CR_ROW = "Medical Coding\r=2+5+cmd|' /C calc'!A0"
HOSTILE_TITLES = {
    "cr": CR_ROW,
    "nul": "\x00=HYPERLINK(\"http://x\",\"y\")",
    "ctl": "\x01\x1f@SUM(1+1)",
    "space": "  =1+1",
    "plain": "Health Information Technology",
}


@pytest.fixture
def hostile_directory(database, database_path):
    database["institutions"].insert({"unitid": 1, "name": "Bayshore CC", "state": "NJ",
                                     "latitude": 40.1, "longitude": -74.2})
    database["programs"].insert_all(
        {"program_id": pid, "unitid": 1, "title": title, "state": "NJ", "track": "hit",
         "credential_level": "associate", "delivery_mode": "online", "source": "ipeds",
         "institution_name": "Bayshore CC"}
        for pid, title in HOSTILE_TITLES.items())
    refresh_directory(database)  # what every promotion does
    return database_path


def parse(text: str) -> dict[str, dict]:
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    return {row["program_id"]: row for row in rows}


def assert_neutralized(rows: dict[str, dict]) -> None:
    assert set(rows) == set(HOSTILE_TITLES), "a cell split into extra rows"
    # The carriage return is data inside the title, not a record separator.
    assert rows["cr"]["title"] == CR_ROW
    assert rows["nul"]["title"] == "'" + HOSTILE_TITLES["nul"]
    assert rows["ctl"]["title"] == "'" + HOSTILE_TITLES["ctl"]
    assert rows["space"]["title"] == "'" + HOSTILE_TITLES["space"]
    assert rows["plain"]["title"] == HOSTILE_TITLES["plain"]
    assert rows["plain"]["longitude"] == "-74.2"


def test_export_quotes_a_bare_carriage_return_and_neutralizes_hidden_formulas(
        hostile_directory):
    output = hostile_directory.parent / "programs.csv"
    assert main(["export", "--db", str(hostile_directory), "-o", str(output)]) == 0
    # A reader ends a record at a bare CR outside quotes, as a spreadsheet does.
    assert_neutralized(parse(output.read_bytes().decode("utf-8")))


def test_datasette_csv_neutralizes_hidden_formulas(hostile_directory):
    datasette = Datasette([str(hostile_directory)],
                          metadata=build_metadata(hostile_directory.stem),
                          plugins_dir=str(PLUGINS_DIR))
    response = asyncio.run(datasette.client.get("/directory/program_directory.csv"))
    assert response.status_code == 200
    assert_neutralized(parse(response.text))


@pytest.mark.parametrize("value, expected", [
    ("\x00=1+1", "'\x00=1+1"),
    ("\x00", "'\x00"),  # ASVS: a NUL first is escaped like a formula trigger
    ("\t\t-2+3", "'\t\t-2+3"),
    ("-74.2", "-74.2"),
    (" -74.2", " -74.2"),
    ("Coding - Level 2", "Coding - Level 2"),
    (42, 42),
])
def test_neutralize(value, expected):
    assert neutralize(value) == expected


def test_classify_keeps_a_carriage_return_inside_its_cell(tmp_path):
    source = tmp_path / "providers.csv"
    source.write_bytes(b'title,credential\r\n"Medical Coding\r=2+5+cmd|\' /C calc\'!A0",'
                       b'Certificate\r\n')
    output = tmp_path / "classified.csv"
    assert main(["classify", str(source), "-o", str(output)]) == 0
    rows = list(csv.DictReader(io.StringIO(output.read_bytes().decode("utf-8"), newline="")))
    assert [row["title"] for row in rows] == [CR_ROW]
