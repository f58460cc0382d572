"""The program_directory table: one row per real program, rebuilt from the live tables.

Its columns and the SELECT that fills it are written once, in db/views.py (PROGRAM_DIRECTORY).
It is a table rather than an SQLite view so that Datasette's filters, facets and search run on
plain indexed columns: at national scale (100,000 programs) the view's seven joins and computed
columns made every page slow (bench/directory_latency.py). Derived data only: it is emptied and
filled again after every promotion, in the promotion's transaction, and dropped and rebuilt when
its columns change.
"""

from __future__ import annotations

import sqlite_utils

from db.facet_counts import directory_rowid_sql, ensure_facet_tables, refill_facet_counts
from db.merge import MergeCounts, ensure_merge_tables, write_merges
from db.views import PROGRAM_DIRECTORY, View

# Facets and filters people use, alone and together (directory page, ?track=hit&state=TX);
# the default page (scope, sorted by institution) reads an index only, and the two filters
# people combine most (the bench's ?track=hit&state=TX page and CSV, its JSON API's credential
# level and delivery mode) come out of their index in the directory's order, unsorted.
# Measured with bench/directory_latency.py.
DIRECTORY_INDEXES = (
    ("scope", "institution_name", "program_id"), ("institution_name", "program_id"),
    ("scope", "track"), ("scope", "credential_level"), ("scope", "delivery_mode"),
    ("scope", "state"), ("scope", "online_only"),
    ("track", "state", "institution_name", "program_id"),
    ("credential_level", "delivery_mode", "institution_name", "program_id"),
    ("state",), ("delivery_mode",), ("unitid",),
)
# Indexes of earlier files that the ones above extend: dropped, so SQLite does not pick them.
FORMER_INDEXES = (("track", "state"), ("credential_level", "delivery_mode"))
# Full-text search over every name the program goes by, and its institution's.
DIRECTORY_FTS = ("title", "ipeds_title", "catalog_title", "institution_name")


def ensure_directory(db: sqlite_utils.Database, view: View = PROGRAM_DIRECTORY) -> None:
    """Create the table (and merge tables) when missing or out of date, filled at once."""
    merges_created = ensure_merge_tables(db)
    kind = db.execute("SELECT type FROM sqlite_master WHERE name = ?", [view.name]).fetchone()
    if kind and kind[0] == "view":  # a file built before the directory was a table
        db.execute(f"DROP VIEW {view.name}")
        kind = None
    if kind and tuple(db[view.name].columns_dict) == view.names():
        _ensure_indexes(db[view.name])  # an index added since the file was built
        # A file built before the facet counts were kept as they are now, or with merge tables
        # of an older shape: fill everything again.
        if ensure_facet_tables(db) or merges_created:
            refresh_directory(db, view)
        return
    if kind:
        db[view.name].disable_fts()
        db.execute(f"DROP TABLE {view.name}")
    _create_table(db, view)
    ensure_facet_tables(db)
    refresh_directory(db, view)


def _create_table(db: sqlite_utils.Database, view: View) -> None:
    # Declared types from the SELECT itself, so numbers stay numbers; computed columns (no
    # declared type) keep whatever value the expression gives.
    db.execute(f"CREATE TEMP VIEW _directory_shape AS {view.sql}")
    try:
        declared = {row[1]: row[2] for row in
                    db.execute("PRAGMA temp.table_info(_directory_shape)").fetchall()}
    finally:
        db.execute("DROP VIEW temp._directory_shape")
    columns = ", ".join(
        f"[{name}] {declared.get(name) or ''}".rstrip()
        + (" PRIMARY KEY" if name == "program_id" else "") for name in view.names())
    db.execute(f"CREATE TABLE {view.name} ({columns})")
    _ensure_indexes(db[view.name])
    db[view.name].enable_fts(list(DIRECTORY_FTS), create_triggers=False)


def _ensure_indexes(table) -> None:
    for index in FORMER_INDEXES:
        table.db.execute(f"DROP INDEX IF EXISTS [idx_{table.name}_{'_'.join(index)}]")
    for index in DIRECTORY_INDEXES:
        table.create_index(list(index), if_not_exists=True)


def refresh_directory(db: sqlite_utils.Database, view: View = PROGRAM_DIRECTORY
                      ) -> MergeCounts:
    """Match the listings again and refill the table; the caller owns the transaction.
    Returns how many rows it has and how many listings were anchors, merged, shared,
    ambiguous or unmatched."""
    counts = write_merges(db)
    db.execute(f"DELETE FROM {view.name}")
    names = ", ".join(f"[{name}]" for name in view.names())
    # The rowids carry each row's combination of facet values (db/facet_counts.py).
    db.execute(f"INSERT INTO {view.name} (rowid, {names}) "
               f"SELECT {directory_rowid_sql()}, {names} FROM ({view.sql})")
    db[view.name].rebuild_fts()
    refill_facet_counts(db)
    return counts
