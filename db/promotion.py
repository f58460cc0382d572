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

from db.schema import ENRICHMENT_TABLES, INSTITUTIONS, PROGRAMS, TABLES

# Which fields count as a change is said on the item fields (crawler.items.described).
TRACKED_FIELDS = tuple(name for name, meta in PROGRAMS.item_class.fields.items()
                       if meta.get("tracked", True))


@dataclass(frozen=True)
class Promotion:
    added: int
    changed: int  # programs with at least one changed field
    removed: int


def promote(db: sqlite_utils.Database, run_id: int, source: str, seen_at: str,
            remove_missing: bool, sites: Collection[str] | None = None) -> Promotion:
    """Move run ``run_id``'s staged rows into place; the caller owns the transaction.

    ``sites``: when given, only programs of these sites (programs.site) can be marked removed.
    """
    # 'added' rows name programs inserted further down: check the foreign key at commit.
    db.execute("PRAGMA defer_foreign_keys = ON")
    for spec in TABLES:
        _keep_unsent_values(db, spec, run_id)
    _upsert(db, INSTITUTIONS, run_id)
    params = {"run": run_id, "source": source, "seen": seen_at,
              "sites": None if sites is None else json.dumps(sorted(sites))}
    added = _record_added(db, params)
    changed = _record_changed(db, params)
    removed = _mark_removed(db, params) if remove_missing else 0
    _upsert(db, PROGRAMS, run_id, seen_at)
    for spec in ENRICHMENT_TABLES:
        _upsert(db, spec, run_id)
    for spec in TABLES:
        db.execute(f"DELETE FROM {spec.staging_name} WHERE run_id = ?", [run_id])
    return Promotion(added, changed, removed)


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
        "INSERT INTO changes (run_id, program_id, change) "
        "SELECT :run, s.program_id, 'added' FROM staged_programs s "
        "LEFT JOIN programs p ON p.program_id = s.program_id "
        "WHERE s.run_id = :run AND (p.program_id IS NULL OR p.removed_at IS NOT NULL) "
        "ORDER BY s.program_id", params).rowcount


def _record_changed(db, params) -> int:
    for name in TRACKED_FIELDS:
        db.execute(
            f"INSERT INTO changes (run_id, program_id, change, field, old_value, new_value) "
            f"SELECT :run, s.program_id, 'changed', '{name}', p.[{name}], s.[{name}] "
            f"FROM staged_programs s JOIN programs p ON p.program_id = s.program_id "
            f"WHERE s.run_id = :run AND p.removed_at IS NULL AND p.[{name}] IS NOT s.[{name}] "
            f"ORDER BY s.program_id", params)
    return db.execute("SELECT count(DISTINCT program_id) FROM changes "
                      "WHERE run_id = :run AND change = 'changed'", params).fetchone()[0]


def _mark_removed(db, params) -> int:
    missing = ("FROM programs p WHERE p.source = :source AND p.removed_at IS NULL "
               "AND (:sites IS NULL OR p.site IN (SELECT value FROM json_each(:sites))) "
               "AND NOT EXISTS (SELECT 1 FROM staged_programs s "
               " WHERE s.run_id = :run AND s.program_id = p.program_id)")
    db.execute(f"INSERT INTO changes (run_id, program_id, change) "
               f"SELECT :run, p.program_id, 'removed' {missing} ORDER BY p.program_id", params)
    return db.execute(f"UPDATE programs SET removed_at = :seen WHERE program_id IN "
                      f"(SELECT p.program_id {missing})", params).rowcount


def _upsert(db, spec, run_id: int, seen_at: str | None = None) -> None:
    """Insert or update the live table from the run's staged rows, in one statement.

    With ``seen_at`` (programs): a new row gets first_seen, every row gets last_seen and loses
    removed_at. Rows from before the history existed get their first_seen now.
    """
    columns = list(spec.item_columns())
    values = {column: f"[{column}]" for column in columns}
    updates = {column: f"excluded.[{column}]" for column in columns if column != spec.pk}
    if seen_at is not None:
        values |= {"first_seen": ":seen", "last_seen": ":seen", "removed_at": "NULL"}
        updates |= {"first_seen": "coalesce(first_seen, :seen)", "last_seen": ":seen",
                    "removed_at": "NULL"}
    db.execute(
        f"INSERT INTO {spec.name} ({', '.join(f'[{name}]' for name in values)}) "
        f"SELECT {', '.join(values.values())} FROM {spec.staging_name} WHERE run_id = :run "
        f"ON CONFLICT([{spec.pk}]) DO UPDATE SET "
        f"{', '.join(f'[{name}] = {value}' for name, value in updates.items())}",
        {"run": run_id, "seen": seen_at})
