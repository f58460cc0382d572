"""What the directory's facets count, kept beside program_directory so a page need not count.

Datasette counts a facet by grouping every row a page selects; at national scale (100,000
programs) that is a scan per facet and page view. Two derived tables, refilled with the
directory after every promotion, let plugins/counted_facets.py answer from far fewer rows:
- FACET_COUNTS: one row per combination of facet values present and how many programs have
  it (a few thousand rows): the counts under any filter on facet columns alone;
- FACET_ROWS: each directory row's facet values keyed by its rowid, a narrow copy: under a
  full-text search the counts group the matching rows of this table (the full-text index gives
  rowids) instead of reading the directory's wide rows.
"""

from __future__ import annotations

import sqlite_utils

from db.views import PROGRAM_DIRECTORY

# The directory's facets, in the order the page shows them.
DIRECTORY_FACETS = ("scope", "track", "credential_level", "delivery_mode", "state")
FACET_COUNTS = f"{PROGRAM_DIRECTORY.name}_facet_counts"
FACET_COUNTS_COLUMNS = (*DIRECTORY_FACETS, "programs")
FACET_ROWS = f"{PROGRAM_DIRECTORY.name}_facet_rows"
FACET_ROWS_COLUMNS = ("directory_rowid", *DIRECTORY_FACETS)  # program_directory's rowid
FACET_TABLES = {FACET_COUNTS: FACET_COUNTS_COLUMNS, FACET_ROWS: FACET_ROWS_COLUMNS}

_FACETS = ", ".join(f"[{name}]" for name in DIRECTORY_FACETS)


def ensure_facet_tables(db: sqlite_utils.Database) -> None:
    """Create (or recreate, when their columns changed) and fill the two tables."""
    changed = False
    for table, columns in FACET_TABLES.items():
        present = tuple(db[table].columns_dict) if db[table].exists() else ()
        if present == columns:
            continue
        if present:
            db[table].drop()
        facets = {name: str for name in DIRECTORY_FACETS}
        if table == FACET_ROWS:
            db[table].create({"directory_rowid": int, **facets}, pk="directory_rowid")
        else:
            db[table].create({**facets, "programs": int})
        changed = True
    if changed:
        refill_facet_tables(db)


def refill_facet_tables(db: sqlite_utils.Database) -> None:
    """Count program_directory again; the caller owns the transaction."""
    directory = PROGRAM_DIRECTORY.name
    db.execute(f"DELETE FROM [{FACET_COUNTS}]")
    db.execute(f"INSERT INTO [{FACET_COUNTS}] ({_FACETS}, programs) "
               f"SELECT {_FACETS}, count(*) FROM [{directory}] GROUP BY {_FACETS}")
    db.execute(f"DELETE FROM [{FACET_ROWS}]")
    db.execute(f"INSERT INTO [{FACET_ROWS}] (directory_rowid, {_FACETS}) "
               f"SELECT rowid, {_FACETS} FROM [{directory}]")
