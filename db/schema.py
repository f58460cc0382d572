"""Tables, indexes, full-text search and views, derived from the item definitions.

``ensure_schema`` is idempotent: it creates what is missing, adds columns for new item fields
(so a new field never needs a hand-written migration) and leaves data alone. Only writers run it
(a crawl, ``python -m crawler migrate``); readers open the file read-only and ask
``schema_gaps`` whether it is up to date.

Besides the item tables there is the run history: ``crawl_runs`` (one row per spider run),
``changes`` (what each promoted run added, changed or removed) and one staging table per item
table, where a run's items wait until the run is judged healthy (see ``db.promotion``). The
views and their columns are defined in ``db.views``; program_directory, one row per real
program, is a table rebuilt after every promotion (``db.directory``).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

import sqlite_utils

from crawler.items import InstitutionItem, ProgramItem, ProgramOutcomeItem, SchoolFactsItem
from db.directory import ensure_directory
from db.facet_counts import FACET_TABLES
from db.merge import merge_table_gaps
from db.views import VIEWS


@dataclass(frozen=True)
class TableSpec:
    name: str
    item_class: type
    pk: str
    foreign_keys: tuple[tuple[str, str, str], ...] = ()
    indexes: tuple[tuple[str, ...], ...] = ()
    fts: tuple[str, ...] = ()
    extra_columns: dict[str, type] = field(default_factory=dict)

    def item_columns(self) -> dict[str, type]:
        return {name: meta.get("type", str) for name, meta in self.item_class.fields.items()}

    def columns(self) -> dict[str, type]:
        return self.item_columns() | self.extra_columns

    @property
    def staging_name(self) -> str:
        return f"staged_{self.name}"


INSTITUTIONS = TableSpec("institutions", InstitutionItem, pk="unitid", indexes=(("state",),))
PROGRAMS = TableSpec(
    "programs", ProgramItem, pk="program_id",
    foreign_keys=(("unitid", "institutions", "unitid"),),
    indexes=(("track",), ("state",), ("delivery_mode",), ("credential_level",), ("unitid",),
             ("cip_code",), ("source",), ("removed_at",)),
    fts=("title", "description", "institution_name"),
    # History, kept by db.promotion when a healthy run is promoted (UTC, ISO 8601).
    extra_columns={"first_seen": str, "last_seen": str, "removed_at": str},
)
# College Scorecard enrichment. No foreign key to institutions: the Scorecard lists schools IPEDS
# did not (other CIP codes), and those rows must not make a promotion fail.
PROGRAM_OUTCOMES = TableSpec("program_outcomes", ProgramOutcomeItem, pk="outcome_id",
                             indexes=(("unitid", "cip_4digit", "credential_level"),))
SCHOOL_FACTS = TableSpec("school_facts", SchoolFactsItem, pk="unitid")
ENRICHMENT_TABLES = (PROGRAM_OUTCOMES, SCHOOL_FACTS)
TABLES = (INSTITUTIONS, PROGRAMS, *ENRICHMENT_TABLES)

CRAWL_RUNS_COLUMNS = {
    "run_id": int, "spider": str, "started_by": str, "status": str, "complete": int,
    "started_at": str, "finished_at": str, "duration_seconds": float, "finish_reason": str,
    "pages": int, "items": int, "errors": int, "programs_added": int, "programs_changed": int,
    "programs_removed": int, "problems": str, "data_year": int,
    # JSON {"table.field": share of staged rows with a value}: the next run's coverage baseline.
    "field_coverage": str,
}
# Pages a promoted run read, per URL: what an unchanged page gave the last time (db.pages), so a
# re-crawl reuses it instead of parsing it again. Staged with the run like the item tables.
PAGES = "pages"
PAGES_COLUMNS = {"url": str, "source": str, "site": str, "body_hash": str, "links": str,
                 "has_program": int, "fetched_at": str}
STAGED_PAGES = f"staged_{PAGES}"
# Staging only: the JSON list of item fields the item did not carry (the source said nothing
# about them), so promotion keeps their stored values; NULL when it carried every field.
STAGING_COLUMNS = {"unset_fields": str}
CHANGES_COLUMNS = {"change_id": int, "run_id": int, "program_id": str, "change": str,
                   "field": str, "old_value": str, "new_value": str}

def ensure_schema(db: sqlite_utils.Database) -> None:
    db.execute("PRAGMA foreign_keys = ON")
    for spec in TABLES:
        _ensure_table(db, spec)
        _ensure_staging_table(db, spec)
    _ensure_history_tables(db)
    _ensure_page_tables(db)
    for view in VIEWS:
        if view.materialized:
            ensure_directory(db, view)
        else:
            db.create_view(view.name, view.sql, replace=True)


def _ensure_table(db: sqlite_utils.Database, spec: TableSpec) -> None:
    table = db.table(spec.name)
    _create_or_add_columns(table, spec.columns(), pk=spec.pk,
                           foreign_keys=list(spec.foreign_keys))
    for index in spec.indexes:
        table.create_index(list(index), if_not_exists=True)
    if spec.fts and table.detect_fts() is None:
        table.enable_fts(list(spec.fts), create_triggers=True)
    if spec.fts:
        _narrow_fts_update_trigger(db, spec)


def _narrow_fts_update_trigger(db: sqlite_utils.Database, spec: TableSpec) -> None:
    """Re-index a row for full-text search only when a searched column changes.

    sqlite-utils' trigger fires on any update: a promotion that only moves last_seen on every
    program would rewrite the whole full-text index (issue 14).
    """
    name = f"{spec.name}_au"
    row = db.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                     [name]).fetchone()
    if row is None or " UPDATE OF " in row[0]:
        return
    columns = ", ".join(f"[{column}]" for column in spec.fts)
    body = row[0][row[0].index(" BEGIN"):]
    with db.atomic():
        db.execute(f"DROP TRIGGER [{name}]")
        db.execute(f"CREATE TRIGGER [{name}] AFTER UPDATE OF {columns} ON [{spec.name}]{body}")


def _ensure_staging_table(db: sqlite_utils.Database, spec: TableSpec) -> None:
    # A run's items, keyed by run: a later item with the same key in the same run wins.
    _create_or_add_columns(db.table(spec.staging_name),
                           {"run_id": int} | spec.item_columns() | STAGING_COLUMNS,
                           pk=("run_id", spec.pk))


def _ensure_history_tables(db: sqlite_utils.Database) -> None:
    _create_or_add_columns(db.table("crawl_runs"), CRAWL_RUNS_COLUMNS, pk="run_id")
    db.table("crawl_runs").create_index(["spider", "status"], if_not_exists=True)
    changes = db.table("changes")
    _create_or_add_columns(changes, CHANGES_COLUMNS, pk="change_id",
                           foreign_keys=[("run_id", "crawl_runs", "run_id"),
                                         ("program_id", "programs", "program_id")])
    changes.create_index(["run_id"], if_not_exists=True)
    changes.create_index(["program_id"], if_not_exists=True)


def _ensure_page_tables(db: sqlite_utils.Database) -> None:
    _create_or_add_columns(db.table(PAGES), PAGES_COLUMNS, pk="url")
    db.table(PAGES).create_index(["source"], if_not_exists=True)
    _create_or_add_columns(db.table(STAGED_PAGES), {"run_id": int} | PAGES_COLUMNS,
                           pk=("run_id", "url"))


def _create_or_add_columns(table, columns: dict[str, type], **create_options) -> None:
    if not table.exists():
        table.create(columns, **create_options)
        return
    for name, kind in columns.items():
        if name not in table.columns_dict:
            table.add_column(name, kind)


def schema_gaps(connection: sqlite3.Connection) -> list[str]:
    """What ``ensure_schema`` would still have to create or change; [] when up to date.

    Read-only: tables, columns, full-text index and view definitions are compared, nothing is
    written. Indexes are left out: a missing one slows a reader down but misleads no one.
    """
    master = {name: sql for name, sql in connection.execute(
        "SELECT name, sql FROM sqlite_master WHERE type IN ('table', 'view')")}
    expected = {spec.name: spec.columns() for spec in TABLES}
    expected |= {spec.staging_name: {"run_id": int} | spec.item_columns() | STAGING_COLUMNS
                 for spec in TABLES}
    expected |= {"crawl_runs": CRAWL_RUNS_COLUMNS, "changes": CHANGES_COLUMNS,
                 PAGES: PAGES_COLUMNS, STAGED_PAGES: {"run_id": int} | PAGES_COLUMNS} | FACET_TABLES
    gaps = merge_table_gaps(connection)
    for table, columns in expected.items():
        if table not in master:
            gaps.append(f"table {table} is missing")
            continue
        present = {row[1] for row in connection.execute(f"PRAGMA table_info([{table}])")}
        gaps += [f"column {table}.{name} is missing" for name in columns if name not in present]
    gaps += [f"full-text index {spec.name}_fts is missing" for spec in TABLES
             if spec.fts and f"{spec.name}_fts" not in master]
    for view in VIEWS:
        if view.materialized:  # a table of the view's columns, in order, with its own index
            present = tuple(row[1] for row in
                            connection.execute(f"PRAGMA table_info([{view.name}])"))
            sql = master.get(view.name) or ""
            if not sql.startswith("CREATE TABLE") or present != view.names():
                gaps.append(f"table {view.name} is missing or out of date")
            elif f"{view.name}_fts" not in master:
                gaps.append(f"full-text index {view.name}_fts is missing")
        # sqlite-utils creates a view with exactly this statement (create_view).
        elif master.get(view.name) != f'CREATE VIEW "{view.name}" AS {view.sql}':
            gaps.append(f"view {view.name} is missing or out of date")
    return gaps
