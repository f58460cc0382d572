"""Stage a run's rows: they wait in ``staged_<table>`` under the run id until the run is judged.

Only ``db.promotion`` moves staged rows into the live tables, and only for a healthy run.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import sqlite_utils

from db.schema import TABLES

_TABLES_BY_NAME = {spec.name: spec for spec in TABLES}


def stage_rows(db: sqlite_utils.Database, run_id: int,
               rows_by_table: Mapping[str, Sequence[dict]]) -> dict[str, int]:
    """Upsert rows (item field -> value) into the staging tables of the tables they name, in
    one transaction; a later row with the same key in the same run wins. Returns the number of
    rows staged per table."""
    unknown = set(rows_by_table) - set(_TABLES_BY_NAME)
    if unknown:
        raise ValueError(f"no staging table for {', '.join(sorted(unknown))}")
    staged = {}
    with db.atomic():
        for name, rows in rows_by_table.items():
            if not rows:
                continue
            spec = _TABLES_BY_NAME[name]
            db.table(spec.staging_name).upsert_all(
                ({"run_id": run_id} | row for row in rows), pk=("run_id", spec.pk), alter=False)
            staged[name] = len(rows)
    return staged
