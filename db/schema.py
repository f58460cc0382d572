"""Tables, indexes, full-text search and views, derived from the item definitions.

``ensure_schema`` is idempotent: it creates what is missing, adds columns for new item fields
(so a new field never needs a hand-written migration) and leaves data alone.

Besides the item tables there is the run history: ``crawl_runs`` (one row per spider run),
``changes`` (what each promoted run added, changed or removed) and one staging table per item
table, where a run's items wait until the run is judged healthy (see ``db.promotion``). The
views and their columns are defined in ``db.views``; program_directory, one row per real
program, is a table rebuilt after every promotion (``db.directory``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlite_utils

from crawler.items import InstitutionItem, ProgramItem, ProgramOutcomeItem, SchoolFactsItem
from db.directory import ensure_directory
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
}
CHANGES_COLUMNS = {"change_id": int, "run_id": int, "program_id": str, "change": str,
                   "field": str, "old_value": str, "new_value": str}

def ensure_schema(db: sqlite_utils.Database) -> None:
    db.execute("PRAGMA foreign_keys = ON")
    for spec in TABLES:
        _ensure_table(db, spec)
        _ensure_staging_table(db, spec)
    _ensure_history_tables(db)
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


def _ensure_staging_table(db: sqlite_utils.Database, spec: TableSpec) -> None:
    # A run's items, keyed by run: a later item with the same key in the same run wins.
    _create_or_add_columns(db.table(spec.staging_name), {"run_id": int} | spec.item_columns(),
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


def _create_or_add_columns(table, columns: dict[str, type], **create_options) -> None:
    if not table.exists():
        table.create(columns, **create_options)
        return
    for name, kind in columns.items():
        if name not in table.columns_dict:
            table.add_column(name, kind)
