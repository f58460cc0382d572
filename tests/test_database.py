"""The database build: schema from the items, idempotent, FTS kept in sync, views."""

from __future__ import annotations

import sqlite3

import pytest

from crawler.items import ProgramItem
from db.build import open_database
from db.directory import ensure_directory, refresh_directory


def add_rows(db):
    db["institutions"].insert({"unitid": 1, "name": "Bayshore Community College", "state": "NJ",
                               "latitude": 40.1, "longitude": -74.2})
    db["programs"].insert({"program_id": "p1", "unitid": 1, "title": "Medical Coding Certificate",
                           "institution_name": "Bayshore Community College", "state": "NJ",
                           "track": "billing_coding", "delivery_mode": "online"})
    refresh_directory(db)  # what every promotion does


def test_every_item_field_is_a_column(database):
    assert set(ProgramItem.fields) <= set(database["programs"].columns_dict)
    assert database["programs"].columns_dict["completions"] is int
    assert database["programs"].pks == ["program_id"]


def test_build_is_idempotent_and_keeps_data(database, database_path):
    add_rows(database)
    database.close()
    again = open_database(database_path)
    assert again["programs"].count == 1
    assert again["programs_fts"].exists()


def test_full_text_search_follows_inserts_and_updates(database):
    add_rows(database)
    assert [r["program_id"] for r in database["programs"].search("coding")] == ["p1"]
    database["programs"].update("p1", {"title": "Health Information Technology AAS"})
    assert list(database["programs"].search("coding")) == []
    assert [r["program_id"] for r in database["programs"].search("bayshore")] == ["p1"]


def test_directory_view_carries_the_map_position(database):
    add_rows(database)
    row = next(database["program_directory"].rows)
    assert (row["latitude"], row["longitude"]) == (40.1, -74.2)


def test_wal_mode(database):
    assert database.journal_mode == "wal"


def test_unknown_institution_is_rejected(database):
    with pytest.raises(sqlite3.IntegrityError):
        database["programs"].insert({"program_id": "p9", "unitid": 999, "title": "x"})


@pytest.mark.parametrize("filters", [("track", "state"), ("credential_level", "delivery_mode")])
def test_the_filters_people_combine_read_the_directory_in_its_order(database, filters):
    # A filtered page, its JSON and its CSV (up to 1,000 rows) come out of an index already
    # sorted by institution, the directory's sort: no sort of every matching row.
    where = " AND ".join(f"[{column}] = ?" for column in reversed(filters))
    plan = database.execute(
        f"EXPLAIN QUERY PLAN SELECT * FROM program_directory WHERE {where} "
        f"ORDER BY institution_name LIMIT 1001", ["x", "y"]).fetchall()
    assert not any("TEMP B-TREE" in row[-1] for row in plan), plan


def test_an_index_the_directory_has_outgrown_is_dropped(database):
    database["program_directory"].create_index(["track", "state"], if_not_exists=True)
    ensure_directory(database)
    assert "idx_program_directory_track_state" not in {
        index.name for index in database["program_directory"].indexes}
