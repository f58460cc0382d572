"""Reads behind named functions (db/queries.py): read-only where they only read."""

from __future__ import annotations

import sqlite3

import pytest

from db.directory import refresh_directory
from db.queries import (DirectoryFilter, catalog_seed_institutions, directory_rows,
                        institutions_for_linking, ipeds_listings, read_only)


@pytest.fixture
def stored(database):
    database["institutions"].insert_all([
        {"unitid": 2, "name": "Lone Star", "city": "Austin", "state": "TX", "website": " "},
        {"unitid": 1, "name": "Bayshore CC", "city": "Toms River", "state": "NJ",
         "website": "www.bayshore.edu/"}])
    database["programs"].insert_all([
        {"program_id": "b", "unitid": 1, "source": "ipeds", "title": "HIT", "state": "NJ",
         "institution_name": "Bayshore CC", "track": "hit", "credential_level": "associate"},
        {"program_id": "a", "unitid": 2, "source": "ipeds", "title": "Coding", "state": "TX",
         "institution_name": "Lone Star", "track": "billing_coding",
         "credential_level": "certificate"},
        {"program_id": "gone", "unitid": 1, "source": "ipeds", "title": "HIM", "state": "NJ",
         "removed_at": "2026-01-01T00:00:00+00:00"},
        {"program_id": "cat", "unitid": 1, "source": "catalog", "title": "HIT", "state": "NJ"}])
    database["crawl_runs"].insert({"run_id": 1, "finished_at": "2026-03-01T00:00:00+00:00"})
    database["changes"].insert({"run_id": 1, "program_id": "a", "change": "added"})
    refresh_directory(database)  # what every promotion does
    return database


def test_linking_reads_institutions_and_listed_ipeds_programs(stored, database_path):
    assert [row["unitid"] for row in institutions_for_linking(database_path)] == [1, 2]
    assert institutions_for_linking(database_path)[0] == {
        "unitid": 1, "name": "Bayshore CC", "city": "Toms River", "state": "NJ",
        "website": "www.bayshore.edu/"}
    assert ipeds_listings(database_path) == [
        {"program_id": "a", "unitid": 2, "track": "billing_coding",
         "credential_level": "certificate"},
        {"program_id": "b", "unitid": 1, "track": "hit", "credential_level": "associate"}]


def test_before_the_first_crawl_linking_reads_nothing_and_creates_no_file(tmp_path):
    missing = tmp_path / "none.db"
    assert institutions_for_linking(missing) == [] and ipeds_listings(missing) == []
    assert not missing.exists()


def test_an_empty_database_file_has_nothing_to_link(tmp_path):
    sqlite3.connect(tmp_path / "empty.db").close()
    assert institutions_for_linking(tmp_path / "empty.db") == []
    assert ipeds_listings(tmp_path / "empty.db") == []


def test_seed_institutions_are_those_with_a_website(stored, database_path):
    assert catalog_seed_institutions(database_path) == [(1, "Bayshore CC", "www.bayshore.edu/")]
    with pytest.raises(FileNotFoundError):
        catalog_seed_institutions(database_path.parent / "none.db")


def test_read_only_connections_cannot_write(stored, database_path):
    with read_only(database_path) as connection:
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            connection.execute("DELETE FROM programs")
    assert stored["programs"].count == 4


def test_directory_rows_filter_on_any_of_the_values_and_on_changes(stored):
    def ids(where):
        return [row[0] for row in directory_rows(stored, ("program_id",), where)]

    assert ids(DirectoryFilter()) == ["cat", "b", "a"]  # by state, institution, title, id
    assert ids(DirectoryFilter({"state": ["TX", "NJ"], "track": ["hit"]})) == ["b"]
    assert ids(DirectoryFilter({"state": []})) == ["cat", "b", "a"]
    assert ids(DirectoryFilter(changed_since="2026-03-01T00:00:00+00:00")) == ["a"]
    assert ids(DirectoryFilter(changed_since="2026-03-02T00:00:00+00:00")) == []


def test_directory_rows_refuse_names_that_are_not_directory_columns(stored):
    with pytest.raises(ValueError, match="removed_at"):
        directory_rows(stored, ("program_id", "removed_at"))
    with pytest.raises(ValueError, match="1=1"):
        directory_rows(stored, ("program_id",), DirectoryFilter({"1=1) OR (1": ["x"]}))


def test_seed_institutions_have_a_listed_program_in_our_tracks(stored, database_path):
    stored["institutions"].insert_all([
        {"unitid": 3, "name": "Only Removed", "website": "removed.edu"},
        {"unitid": 4, "name": "Only Look-alikes", "website": "lookalike.edu"},
        {"unitid": 5, "name": "No Programs", "website": "none.edu"}])
    stored["programs"].insert_all([
        {"program_id": "r", "unitid": 3, "source": "ipeds", "title": "HIT", "track": "hit",
         "removed_at": "2026-01-01T00:00:00+00:00"},
        {"program_id": "o", "unitid": 4, "source": "ipeds", "title": "Medical Assisting",
         "track": "other"}])
    assert [unitid for unitid, _, _ in catalog_seed_institutions(database_path)] == [1]


def test_an_empty_database_file_has_no_seed_institutions(tmp_path):
    sqlite3.connect(tmp_path / "empty.db").close()
    assert catalog_seed_institutions(tmp_path / "empty.db") == []
