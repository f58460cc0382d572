"""Stage a run's rows: they wait in ``staged_<table>`` under the run id until the run is judged.

Only ``db.promotion`` moves staged rows into the live tables, and only for a healthy run.

Each batch is one ``executemany`` in one transaction: sqlite-utils' ``upsert_all`` runs an
insert and an update per row, five times slower than SQLite can take the rows (issue 14).
Every staged row carries ``row_hash``, a digest of all its item columns, so that promotion
finds the rows that did not change with one indexed comparison instead of field by field.
"""

from __future__ import annotations

import hashlib
import marshal
from collections.abc import Mapping, Sequence

import sqlite_utils

from db.schema import ROW_HASH, TABLES

_TABLES_BY_NAME = {spec.name: spec for spec in TABLES}


def row_hash(values: tuple) -> str:
    """Digest of a row's item column values, in column order.

    Equal digests mean equal values: marshal's bytes decode back to the values (1, 1.0, "1"
    and None stay apart), and four times faster than repr(). The same values may serialise
    differently (string sharing, another Python): that only costs a field-by-field look at
    an unchanged row, never a missed change.
    """
    try:
        serialised = marshal.dumps(values)
    except ValueError:  # a type marshal does not know: repr keeps the values apart as well
        serialised = repr(values).encode()
    return hashlib.blake2b(serialised, digest_size=16).hexdigest()


def stage_rows(db: sqlite_utils.Database, run_id: int,
               rows_by_table: Mapping[str, Sequence[dict]]) -> dict[str, int]:
    """Insert rows (item field -> value; a missing field is NULL) into the staging tables of
    the tables they name, in one transaction; a later row with the same key in the same run
    wins. Returns the number of rows staged per table."""
    unknown = set(rows_by_table) - set(_TABLES_BY_NAME)
    if unknown:
        raise ValueError(f"no staging table for {', '.join(sorted(unknown))}")
    staged = {}
    with db.atomic():
        for name, rows in rows_by_table.items():
            if not rows:
                continue
            spec = _TABLES_BY_NAME[name]
            columns = list(spec.item_columns())
            names = ", ".join(f"[{column}]" for column in ("run_id", *columns, ROW_HASH))
            marks = ", ".join("?" * (len(columns) + 2))
            known = set(columns)
            db.conn.executemany(
                f"INSERT OR REPLACE INTO {spec.staging_name} ({names}) VALUES ({marks})",
                (_staged_values(run_id, row, columns, known) for row in rows))
            staged[name] = len(rows)
    return staged


def _staged_values(run_id: int, row: Mapping, columns: list[str], known: set[str]) -> tuple:
    if not row.keys() <= known:  # a field the table lacks would be lost without a word
        raise ValueError(f"no column for {', '.join(sorted(row.keys() - known))}")
    values = tuple(map(row.get, columns))
    return (run_id, *values, row_hash(values))
