"""What the directory's facets count, kept beside program_directory so a page need not count.

Datasette counts a facet by grouping every row a page selects; at national scale (100,000
programs) that is a scan per facet and page view. So the directory keeps its counts:
- FACET_COUNTS: one row per combination of facet values present, numbered, and how many
  programs have it (a few thousand rows): the counts under any filter on facet columns alone;
- a directory row's rowid carries its combination's number in its high bits
  (COMBINATION_SHIFT), given as the directory is filled (db/directory.py). Under a full-text
  search the index's matching rowids alone are grouped by combination, without reading a row;
  every facet's counts are then summed from the combinations (plugins/counted_facets.py,
  plugins/program_search.py).
"""

from __future__ import annotations

from typing import NamedTuple

import sqlite_utils

from db.views import PROGRAM_DIRECTORY

# The directory's facets, in the order the page shows them.
DIRECTORY_FACETS = ("scope", "track", "credential_level", "delivery_mode", "state")
FACET_COUNTS = f"{PROGRAM_DIRECTORY.name}_facet_counts"
FACET_COUNTS_COLUMNS = ("combination", *DIRECTORY_FACETS, "programs")
FACET_TABLES = {FACET_COUNTS: FACET_COUNTS_COLUMNS}
# rowid = combination << COMBINATION_SHIFT | the row's place among its combination's rows: room
# for a million programs a combination and far more combinations than 64 bits need.
COMBINATION_SHIFT = 20

_FACETS = ", ".join(f"[{name}]" for name in DIRECTORY_FACETS)
# The directory rows a full-text search for :search matches, its words escaped as Datasette's
# ``_search`` escapes them (with Datasette's escape_fts SQL function, on all its connections).
_FTS = f"[{PROGRAM_DIRECTORY.name}_fts]"
MATCHING_ROWIDS = f"SELECT rowid FROM {_FTS} WHERE {_FTS} MATCH escape_fts(:search)"
# The facet_rows table of earlier files: rowids carry what it held.
_FORMER_TABLES = (f"{PROGRAM_DIRECTORY.name}_facet_rows",)


def directory_rowid_sql() -> str:
    """The rowid a directory row gets as the table is filled (a window expression over the rows
    being inserted): its combination of facet values numbered from 1 in their order, shifted,
    plus its place among that combination's rows by program_id."""
    return (f"(dense_rank() OVER (ORDER BY {_FACETS}) << {COMBINATION_SHIFT}) "
            f"+ row_number() OVER (PARTITION BY {_FACETS} ORDER BY program_id)")


def ensure_facet_tables(db: sqlite_utils.Database) -> bool:
    """Create FACET_COUNTS when missing or of another shape (and drop tables no longer kept).
    True when the directory must be filled again: its rowids may not carry combinations."""
    for table in _FORMER_TABLES:
        if db[table].exists():
            db[table].drop()
    present = tuple(db[FACET_COUNTS].columns_dict) if db[FACET_COUNTS].exists() else ()
    if present == FACET_COUNTS_COLUMNS:
        return False
    if present:
        db[FACET_COUNTS].drop()
    db[FACET_COUNTS].create({"combination": int, **{name: str for name in DIRECTORY_FACETS},
                             "programs": int}, pk="combination")
    return True


def refill_facet_counts(db: sqlite_utils.Database) -> None:
    """Count program_directory again (just filled, rowids from directory_rowid_sql); the caller
    owns the transaction."""
    db.execute(f"DELETE FROM [{FACET_COUNTS}]")
    db.execute(f"INSERT INTO [{FACET_COUNTS}] (combination, {_FACETS}, programs) "
               f"SELECT rowid >> {COMBINATION_SHIFT}, {_FACETS}, count(*) "
               f"FROM [{PROGRAM_DIRECTORY.name}] GROUP BY rowid >> {COMBINATION_SHIFT}")


class FacetCounts(NamedTuple):
    total: int  # the rows selected
    # facet column -> (value, programs), NULL left out, ordered as Datasette orders a facet:
    # most programs first, then by value
    values: dict[str, list[tuple]]


def facet_counts_query(filters: dict[str, str], search: str | None) -> tuple[str, dict]:
    """SQL and parameters counting the values of every facet column (rows of column, value,
    programs, and one row of NULL, NULL, the total) among the directory rows that equal
    ``filters`` (facet column -> value) and, with ``search``, match it (MATCHING_ROWIDS)."""
    where = "".join(f" AND c.[{column}] = :{column}" for column in filters)
    params = dict(filters)
    values = ", ".join(f"c.[{name}]" for name in DIRECTORY_FACETS)
    if search is None:
        chosen = f"SELECT {values}, c.programs FROM [{FACET_COUNTS}] c WHERE 1{where}"
    else:
        params["search"] = search
        chosen = (f"SELECT {values}, m.programs FROM ("
                  f"SELECT rowid >> {COMBINATION_SHIFT} AS combination, count(*) AS programs "
                  f"FROM ({MATCHING_ROWIDS}) GROUP BY combination) m "
                  f"JOIN [{FACET_COUNTS}] c USING (combination) WHERE 1{where}")
    per_column = [f"SELECT '{column}', [{column}], sum(programs) FROM chosen "
                  f"WHERE [{column}] IS NOT NULL GROUP BY [{column}]"
                  for column in DIRECTORY_FACETS]
    total = "SELECT NULL, NULL, coalesce(sum(programs), 0) FROM chosen"
    return (f"WITH chosen AS MATERIALIZED ({chosen}) "
            f"{' UNION ALL '.join([*per_column, total])} ORDER BY 1, 3 DESC, 2"), params


def read_facet_counts(rows) -> FacetCounts:
    """The rows of facet_counts_query, by column (their order kept)."""
    values = {column: [] for column in DIRECTORY_FACETS}
    total = 0
    for column, value, programs in rows:
        if column is None:
            total = programs
        else:
            values[column].append((value, programs))
    return FacetCounts(total, values)
