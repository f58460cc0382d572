"""Promotion on an in-memory database, no crawl: what a run adds, changes and removes.

Each test stages rows the way a run would (``staged_*`` under a run id), promotes them and reads
``programs`` and ``changes``. The crawl tests in test_history.py check the same rules end to end.
"""

from __future__ import annotations

import pytest
import sqlite_utils

from db.promotion import promote
from db.runs import begin_run
from db.schema import ensure_schema

INSTITUTION = {"unitid": 1, "name": "Bayshore Community College", "state": "NJ",
               "source": "ipeds"}


def program(program_id: str, **fields) -> dict:
    return {"program_id": program_id, "source": "catalog", "unitid": 1,
            "title": f"Program {program_id}", "track": "hit", "credential_level": "associate",
            "delivery_mode": "campus", "site": "bayshore.edu"} | fields


@pytest.fixture
def db():
    database = sqlite_utils.Database(memory=True)
    ensure_schema(database)
    return database


def run(db, programs, seen_at, remove_missing=True, sites=None, source="catalog"):
    """Stage one run's rows and promote them; returns the Promotion and the run id."""
    run_id = begin_run(db, source, "test", complete=remove_missing)
    db["staged_institutions"].insert({"run_id": run_id} | INSTITUTION)
    for row in programs:
        db["staged_programs"].insert({"run_id": run_id} | row, alter=False)
    with db.atomic():
        promotion = promote(db, run_id, source, seen_at, remove_missing=remove_missing,
                            sites=sites)
    return promotion, run_id


def changes(db, run_id) -> list[tuple]:
    return [tuple(row) for row in db.execute(
        "SELECT change, program_id, field, old_value, new_value FROM changes "
        "WHERE run_id = ? ORDER BY change_id", [run_id]).fetchall()]


def listed(db) -> dict[str, str]:
    return dict(db.execute("SELECT program_id, title FROM programs WHERE removed_at IS NULL "
                           "ORDER BY program_id").fetchall())


def test_a_first_run_adds_every_program_with_first_and_last_seen(db):
    promotion, run_id = run(db, [program("a"), program("b")], "2026-01-01")
    assert (promotion.added, promotion.changed, promotion.removed) == (2, 0, 0)
    assert changes(db, run_id) == [("added", "a", None, None, None),
                                   ("added", "b", None, None, None)]
    assert db.execute("SELECT DISTINCT first_seen, last_seen FROM programs").fetchall() == [
        ("2026-01-01", "2026-01-01")]


def test_a_changed_field_is_one_row_with_old_and_new_value(db):
    run(db, [program("a"), program("b")], "2026-01-01")
    promotion, run_id = run(db, [program("a", delivery_mode="online"), program("b")],
                            "2026-02-01")
    assert (promotion.added, promotion.changed, promotion.removed) == (0, 1, 0)
    assert changes(db, run_id) == [("changed", "a", "delivery_mode", "campus", "online")]
    assert db.execute("SELECT first_seen, last_seen, delivery_mode FROM programs "
                      "WHERE program_id = 'a'").fetchone() == ("2026-01-01", "2026-02-01",
                                                               "online")


def test_bookkeeping_and_evidence_never_count_as_a_change(db):
    run(db, [program("a", fetched_at="2026-01-01T00:00", track_evidence="title: x")],
        "2026-01-01")
    promotion, run_id = run(db, [program("a", fetched_at="2026-02-01T00:00",
                                         track_evidence="title: y")], "2026-02-01")
    assert (promotion.added, promotion.changed, promotion.removed) == (0, 0, 0)
    assert changes(db, run_id) == []


def test_a_complete_run_removes_what_it_no_longer_finds_and_keeps_the_row(db):
    run(db, [program("a"), program("b")], "2026-01-01")
    promotion, run_id = run(db, [program("a")], "2026-02-01")
    assert (promotion.added, promotion.changed, promotion.removed) == (0, 0, 1)
    assert changes(db, run_id) == [("removed", "b", None, None, None)]
    assert listed(db) == {"a": "Program a"}
    assert db.execute("SELECT removed_at FROM programs WHERE program_id = 'b'").fetchone() == (
        "2026-02-01",)


def test_a_partial_run_adds_and_changes_but_never_removes(db):
    run(db, [program("a"), program("b")], "2026-01-01")
    promotion, _ = run(db, [program("a", title="Renamed"), program("c")], "2026-02-01",
                       remove_missing=False)
    assert (promotion.added, promotion.changed, promotion.removed) == (1, 1, 0)
    assert listed(db) == {"a": "Renamed", "b": "Program b", "c": "Program c"}


def test_removals_stay_within_the_sites_crawled_completely(db):
    run(db, [program("a"), program("b", site="other.edu")], "2026-01-01")
    promotion, _ = run(db, [], "2026-02-01", sites={"bayshore.edu"})
    assert promotion.removed == 1
    assert listed(db) == {"b": "Program b"}


def test_removals_stay_within_the_runs_own_source(db):
    run(db, [program("i", source="ipeds")], "2026-01-01", source="ipeds")
    promotion, _ = run(db, [program("a")], "2026-02-01")
    assert promotion.removed == 0
    assert "i" in listed(db)


def test_a_removed_program_found_again_is_added_again(db):
    run(db, [program("a"), program("b")], "2026-01-01")
    run(db, [program("a")], "2026-02-01")
    promotion, run_id = run(db, [program("a"), program("b")], "2026-03-01")
    assert (promotion.added, promotion.changed, promotion.removed) == (1, 0, 0)
    assert changes(db, run_id) == [("added", "b", None, None, None)]
    assert db.execute("SELECT first_seen, removed_at FROM programs "
                      "WHERE program_id = 'b'").fetchone() == ("2026-01-01", None)


def test_promotion_leaves_no_staged_rows(db):
    run(db, [program("a")], "2026-01-01")
    assert db.execute("SELECT count(*) FROM staged_programs").fetchone() == (0,)
    assert db.execute("SELECT count(*) FROM staged_institutions").fetchone() == (0,)


def test_only_new_and_changed_programs_are_written_the_rest_only_seen_again(db):
    db.execute("CREATE TABLE written (program_id TEXT)")
    # Fires for every row promotion writes: each write sets title, last_seen alone does not.
    db.execute("CREATE TRIGGER count_writes AFTER UPDATE OF title ON programs "
               "BEGIN INSERT INTO written VALUES (new.program_id); END")
    run(db, [program("a"), program("b"), program("c")], "2026-01-01")
    run(db, [program("a"), program("b", track_evidence="title: y"), program("c")],
        "2026-02-01")
    assert [row[0] for row in db.execute("SELECT program_id FROM written")] == ["b"]
    assert db.execute("SELECT DISTINCT last_seen FROM programs").fetchall() == [("2026-02-01",)]


def test_a_title_change_is_searchable_and_last_seen_alone_leaves_the_index_alone(db):
    run(db, [program("a")], "2026-01-01")
    run(db, [program("a", title="Medical Coding")], "2026-02-01")
    run(db, [program("a", title="Medical Coding")], "2026-03-01")
    assert db.execute("SELECT rowid FROM programs_fts WHERE programs_fts MATCH 'coding'"
                      ).fetchall() == db.execute("SELECT rowid FROM programs").fetchall()
    trigger = db.execute("SELECT sql FROM sqlite_master WHERE name = 'programs_au'").fetchone()
    assert "AFTER UPDATE OF [title], [description], [institution_name]" in trigger[0]
