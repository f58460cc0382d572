"""Tables, indexes, full-text search and views, derived from the item definitions.

``ensure_schema`` is idempotent: it creates what is missing, adds columns for new item fields
(so a new field never needs a hand-written migration) and leaves data alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlite_utils

from crawler.items import InstitutionItem, ProgramItem


@dataclass(frozen=True)
class TableSpec:
    name: str
    item_class: type
    pk: str
    foreign_keys: tuple[tuple[str, str, str], ...] = ()
    indexes: tuple[tuple[str, ...], ...] = ()
    fts: tuple[str, ...] = ()
    extra_columns: dict[str, type] = field(default_factory=dict)

    def columns(self) -> dict[str, type]:
        fields = self.item_class.fields
        return {name: meta.get("type", str) for name, meta in fields.items()} | self.extra_columns


INSTITUTIONS = TableSpec("institutions", InstitutionItem, pk="unitid", indexes=(("state",),))
PROGRAMS = TableSpec(
    "programs", ProgramItem, pk="program_id",
    foreign_keys=(("unitid", "institutions", "unitid"),),
    indexes=(("track",), ("state",), ("delivery_mode",), ("credential_level",), ("unitid",),
             ("cip_code",), ("source",)),
    fts=("title", "description", "institution_name"),
)
TABLES = (INSTITUTIONS, PROGRAMS)

VIEWS = {
    # One row per program with its institution's place: the map and the directory page.
    "program_directory": """
        SELECT p.program_id, p.title, p.institution_name, p.city, p.state, p.track,
               p.credential_level, p.delivery_mode, p.award_level, p.cip_code, p.completions,
               p.url, i.website, i.latitude, i.longitude, p.track_evidence,
               p.delivery_evidence, p.source
        FROM programs p LEFT JOIN institutions i ON i.unitid = p.unitid
    """,
}


def ensure_schema(db: sqlite_utils.Database) -> None:
    db.execute("PRAGMA foreign_keys = ON")
    for spec in TABLES:
        _ensure_table(db, spec)
    for name, sql in VIEWS.items():
        db.create_view(name, sql, replace=True)


def _ensure_table(db: sqlite_utils.Database, spec: TableSpec) -> None:
    table = db.table(spec.name)
    columns = spec.columns()
    if not table.exists():
        table.create(columns, pk=spec.pk, foreign_keys=list(spec.foreign_keys))
    else:
        for name, kind in columns.items():
            if name not in table.columns_dict:
                table.add_column(name, kind)
    for index in spec.indexes:
        table.create_index(list(index), if_not_exists=True)
    if spec.fts and table.detect_fts() is None:
        table.enable_fts(list(spec.fts), create_triggers=True)
