"""Promote a healthy run's staged rows into institutions, programs and the enrichment tables,
and record what changed in programs.

Called inside one transaction (with the run's own row), so readers see the database either
before or after the whole run. For the spider's source it records in ``changes``:
  added    a program not listed before, or listed again after it was removed;
  changed  one row per field whose value differs (old value -> new value);
  removed  a listed program the run no longer found (only for a complete run, and for a
           spider that crawls many sites only on the sites it crawled completely).
Programs keep ``first_seen``, ``last_seen`` and ``removed_at``; removed rows stay in ``programs``.
Enrichment tables (College Scorecard outcomes and school facts) are upserted, nothing more.

A promotion never writes NULL over a stored value unless the source cleared it: a field the
item did not carry at all (``unset_fields`` in the staging row) keeps the stored value; a field
it carried as None clears it (``_keep_unsent_values``).
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass

import sqlite_utils

from db.pages import promote_pages
from db.schema import ENRICHMENT_TABLES, INSTITUTIONS, PROGRAMS, TABLES

# Which fields count as a change is said on the item fields (crawler.items.described).
TRACKED_FIELDS = tuple(name for name, meta in PROGRAMS.item_class.fields.items()
                       if meta.get("tracked", True))
# The run's programs that promotion writes (new, listed again or changed); the rest only get
# their last_seen moved on. A temporary table: private to the connection, gone when it closes.
TO_WRITE = "temp.programs_to_write"
MISSING = "temp.programs_missing"  # listed programs a complete run did not find


@dataclass(frozen=True)
class Promotion:
    added: int
    changed: int  # programs with at least one changed field
    removed: int


def promote(db: sqlite_utils.Database, run_id: int, source: str, seen_at: str,
             remove_missing: bool, sites: Collection[str] | None = None) -> Promotion:
    """Move run ``run_id``'s staged rows into place; the caller owns the transaction.

    ``sites``: when given, only programs of these sites (programs.site) can be marked removed.

    Set operations over indexed keys, whatever the number of programs: the staged programs
    that would change their live row (or are new, or were removed) are put aside first; only
    those are compared field by field for the change log and written. Every other staged
    program only gets its last_seen moved on.
    """
    # 'added' rows name programs inserted further down: check the foreign key at commit.
    db.execute("PRAGMA defer_foreign_keys = ON")
    for spec in TABLES:
        _keep_unsent_values(db, spec, run_id)
    _upsert(db, INSTITUTIONS, run_id)
    params = {"run": run_id, "source": source, "seen": seen_at,
              "sites": None if sites is None else json.dumps(sorted(sites))}
    _set_aside_programs_to_write(db, params)
    added = _record_added(db, params)
    changed = _record_changed(db, params)
    removed = _mark_removed(db, params) if remove_missing else 0
    _upsert(db, PROGRAMS, run_id, seen_at, only=TO_WRITE)
    db.execute("UPDATE programs SET last_seen = :seen WHERE program_id IN "
               "(SELECT program_id FROM staged_programs WHERE run_id = :run) "
               "AND last_seen IS NOT :seen", params)
    db.execute(f"DROP TABLE {TO_WRITE}")
    for spec in ENRICHMENT_TABLES:
        _upsert(db, spec, run_id)
    promote_pages(db, run_id)
    for spec in TABLES:
        _clear_staged(db, spec.staging_name, run_id)
    return Promotion(added, changed, removed)


def _clear_staged(db, table: str, run_id: int) -> None:
    """Delete the run's staged rows. Usually they are all the table holds (a run clears the
    staging tables when it begins): then a DELETE without WHERE, which SQLite does by freeing
    the table's pages instead of deleting row by row."""
    others = db.execute(f"SELECT 1 FROM {table} WHERE run_id < :run OR run_id > :run LIMIT 1",
                        {"run": run_id}).fetchone()
    if others is None:
        db.execute(f"DELETE FROM {table}")
    else:
        db.execute(f"DELETE FROM {table} WHERE run_id = ?", [run_id])


def _set_aside_programs_to_write(db, params) -> None:
    """The run's programs that are new, listed again, or would change a live column.

    One join over the primary keys, every column compared in SQL: exact, and cheaper than
    hashing each row in Python while staging (measured, issue 14).
    """
    differs = " OR ".join(f"p.[{column}] IS NOT {_new_value(column, 's', 'p')}"
                          for column in PROGRAMS.item_columns() if column != PROGRAMS.pk)
    db.execute(f"DROP TABLE IF EXISTS {TO_WRITE}")
    # listed: the program is in the directory now (so not 'added'; compare its fields).
    db.execute(f"CREATE TEMP TABLE {TO_WRITE.split('.')[1]} "
               f"(program_id TEXT PRIMARY KEY, listed INTEGER NOT NULL)")
    db.execute(
        f"INSERT INTO {TO_WRITE} (program_id, listed) "
        f"SELECT s.program_id, p.program_id IS NOT NULL AND p.removed_at IS NULL "
        f"FROM staged_programs s "
        f"LEFT JOIN programs p ON p.program_id = s.program_id "
        f"WHERE s.run_id = :run AND (p.program_id IS NULL OR p.removed_at IS NOT NULL "
        f"OR {differs})", params)
def _keep_unsent_values(db, spec, run_id: int) -> None:
    """Give each staged field its item did not carry (``unset_fields``: the source said nothing
    about it, e.g. an API that renamed the field) the stored value, so it is neither blanked
    nor recorded as a change. A field the item carried empty (None) is the source clearing it,
    and clears the stored value."""
    assignments = ", ".join(
        f"[{name}] = CASE WHEN instr(s.unset_fields, '\"{name}\"') "
        f"THEN coalesce(s.[{name}], live.[{name}]) ELSE s.[{name}] END"
        for name in spec.item_columns() if name != spec.pk)
    db.execute(f"UPDATE {spec.staging_name} AS s SET {assignments} FROM {spec.name} AS live "
               f"WHERE live.[{spec.pk}] = s.[{spec.pk}] AND s.run_id = :run "
               f"AND s.unset_fields IS NOT NULL", {"run": run_id})


def _record_added(db, params) -> int:
    return db.execute(
        f"INSERT INTO changes (run_id, program_id, change) "
        f"SELECT :run, program_id, 'added' FROM {TO_WRITE} WHERE NOT listed "
        f"ORDER BY program_id", params).rowcount


def _record_changed(db, params) -> int:
    for name in TRACKED_FIELDS:
        new = _new_value(name, "s", "p")
        db.execute(
            f"INSERT INTO changes (run_id, program_id, change, field, old_value, new_value) "
            f"SELECT :run, s.program_id, 'changed', '{name}', p.[{name}], {new} "
            # CROSS JOIN: SQLite then loops over the few rows to write, not the whole run, and
            # looks up only the listed ones (a first run writes every row, compares none).
            f"FROM {TO_WRITE} w "
            f"CROSS JOIN staged_programs s ON s.run_id = :run AND s.program_id = w.program_id "
            f"CROSS JOIN programs p ON p.program_id = w.program_id "
            f"WHERE w.listed AND p.[{name}] IS NOT {new} "
            f"ORDER BY s.program_id", params)
    return db.execute("SELECT count(DISTINCT program_id) FROM changes "
                      "WHERE run_id = :run AND change = 'changed'", params).fetchone()[0]


def _mark_removed(db, params) -> int:
    """Programs of the source (and of the sites in scope) the run did not stage."""
    db.execute(f"DROP TABLE IF EXISTS {MISSING}")
    db.execute(f"CREATE TEMP TABLE {MISSING.split('.')[1]} (program_id TEXT PRIMARY KEY)")
    db.execute(
        f"INSERT INTO {MISSING} (program_id) SELECT p.program_id FROM programs p "
        f"WHERE p.source = :source AND p.removed_at IS NULL "
        f"AND (:sites IS NULL OR p.site IN (SELECT value FROM json_each(:sites))) "
        f"AND NOT EXISTS (SELECT 1 FROM staged_programs s "
        f" WHERE s.run_id = :run AND s.program_id = p.program_id)", params)
    db.execute(f"INSERT INTO changes (run_id, program_id, change) "
               f"SELECT :run, program_id, 'removed' FROM {MISSING} ORDER BY program_id", params)
    removed = db.execute(f"UPDATE programs SET removed_at = :seen WHERE program_id IN "
                         f"(SELECT program_id FROM {MISSING})", params).rowcount
    db.execute(f"DROP TABLE {MISSING}")
    return removed


def _new_value(column: str, staged: str, live: str) -> str:
    """What promotion writes over a live column, as SQL over the staged row (alias ``staged``)
    and the live row (alias ``live``): the one place that says it. Change detection, the
    change log and the write all use it."""
    return f"{staged}.[{column}]"


def _upsert(db, spec, run_id: int, seen_at: str | None = None, only: str | None = None) -> None:
    """Insert or update the live table from the run's staged rows, in one statement.

    With ``seen_at`` (programs): a new row gets first_seen, every row gets last_seen and loses
    removed_at. Rows from before the history existed get their
    first_seen now. ``only``: a table of the keys to write (the others are left alone).
    """
    columns = list(spec.item_columns())
    values = {column: f"[{column}]" for column in columns}
    updates = {column: _new_value(column, "excluded", spec.name)
               for column in columns if column != spec.pk}
    if seen_at is not None:
        values |= {"first_seen": ":seen", "last_seen": ":seen", "removed_at": "NULL"}
        updates |= {"first_seen": "coalesce(first_seen, :seen)", "last_seen": ":seen",
                    "removed_at": "NULL"}
    keys = f" AND [{spec.pk}] IN (SELECT [{spec.pk}] FROM {only})" if only else ""
    db.execute(
        f"INSERT INTO {spec.name} ({', '.join(f'[{name}]' for name in values)}) "
        f"SELECT {', '.join(values.values())} FROM {spec.staging_name} "
        f"WHERE run_id = :run{keys} "
        f"ON CONFLICT([{spec.pk}]) DO UPDATE SET "
        f"{', '.join(f'[{name}] = {value}' for name, value in updates.items())}",
        {"run": run_id, "seen": seen_at})
