"""What the directory's facets count, kept beside program_directory so a page need not count.

Datasette counts a facet by grouping every row a page selects; at national scale (100,000
programs) that is a scan per facet and page view. Two derived tables, refilled with the
directory after every promotion, let plugins/counted_facets.py answer from far fewer rows:
- FACET_COUNTS: one row per combination of facet values present, numbered, and how many
  programs have it (a few thousand rows): the counts under any filter on facet columns alone;
- FACET_ROWS: each directory row's combination number keyed by its rowid, two integers a row:
  under a full-text search one pass groups the matching rows by combination (the full-text
  index gives the rowids), and every facet's counts are summed from those groups, instead of
  reading the directory's wide rows once per facet.
"""

from __future__ import annotations

import sqlite_utils

from db.views import PROGRAM_DIRECTORY

# The directory's facets, in the order the page shows them.
DIRECTORY_FACETS = ("scope", "track", "credential_level", "delivery_mode", "state")
FACET_COUNTS = f"{PROGRAM_DIRECTORY.name}_facet_counts"
FACET_COUNTS_COLUMNS = ("combination", *DIRECTORY_FACETS, "programs")
FACET_ROWS = f"{PROGRAM_DIRECTORY.name}_facet_rows"
FACET_ROWS_COLUMNS = ("directory_rowid", "combination")  # program_directory's rowid
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
        if table == FACET_ROWS:
            db[table].create({"directory_rowid": int, "combination": int},
                             pk="directory_rowid")
        else:
            db[table].create({"combination": int, **{name: str for name in DIRECTORY_FACETS},
                              "programs": int}, pk="combination")
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
    same_values = " AND ".join(f"c.[{name}] IS d.[{name}]" for name in DIRECTORY_FACETS)
    db.execute(f"INSERT INTO [{FACET_ROWS}] (directory_rowid, combination) "
               f"SELECT d.rowid, c.combination FROM [{directory}] d "
               f"JOIN [{FACET_COUNTS}] c ON {same_values}")
