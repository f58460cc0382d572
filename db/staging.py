"""Stage a run's rows: they wait in ``staged_<table>`` under the run id until the run is judged.

Only ``db.promotion`` moves staged rows into the live tables, and only for a healthy run.

Each batch is one ``executemany`` in one transaction: sqlite-utils' ``upsert_all`` runs an
insert and an update per row, five times slower than SQLite can take the rows (issue 14).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import sqlite_utils

from db.schema import STAGING_COLUMNS, TABLES

_TABLES_BY_NAME = {spec.name: spec for spec in TABLES}


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
            columns = [*spec.item_columns(), *STAGING_COLUMNS]
            names = ", ".join(f"[{column}]" for column in ("run_id", *columns))
            marks = ", ".join("?" * (len(columns) + 1))
            unknown = set().union(*(row.keys() for row in rows)).difference(columns)
            if unknown:  # a field the table lacks would be lost without a word
                raise ValueError(f"no column in {spec.staging_name} for "
                                 f"{', '.join(sorted(unknown))}")
            db.conn.executemany(
                f"INSERT OR REPLACE INTO {spec.staging_name} ({names}) VALUES ({marks})",
                ((run_id, *map(row.get, columns)) for row in rows))
            staged[name] = len(rows)
    return staged


def filled_counts(db: sqlite_utils.Database, run_id: int) -> dict[str, tuple[int, dict[str, int]]]:
    """Per table: the rows the run staged and, per item field, how many of them hold a value.

    One aggregate query per table at the end of a run, over what was really staged (a later row
    with the same key replaced the earlier one; reused programs included): the health check's
    field coverage (crawler/health.py) without counting every item's fields in Python.
    """
    counts = {}
    for spec in TABLES:
        columns = list(spec.item_columns())
        row = db.execute(
            f"SELECT count(*), {', '.join(f'count([{c}])' for c in columns)} "
            f"FROM {spec.staging_name} WHERE run_id = ?", [run_id]).fetchone()
        counts[spec.name] = (row[0], dict(zip(columns, row[1:])))
    return counts
