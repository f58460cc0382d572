"""The views Datasette publishes, each column written once: its SQL and where its words come from.

A view column either reads one table column (``p.title``) and is described with that column's
words (the item field, or the table's entry in db/metadata.yml), or says what it means itself
(computed or renamed columns). From these lists come the view SQL (``db.schema``), the column
descriptions (``db.metadata``) and the CSV export's columns (``crawler.commands.export``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TABLE_COLUMN = re.compile(r"(?P<alias>\w+)\.(?P<column>\w+)")


@dataclass(frozen=True)
class ViewColumn:
    name: str
    expression: str  # SQL over the view's tables
    description: str | None = None  # None: the words of the table column the expression reads
    exported: bool = True  # a column of the CSV export

    def table_column(self) -> tuple[str, str] | None:
        """(alias, column) when the expression reads one table column as it is."""
        match = _TABLE_COLUMN.fullmatch(self.expression)
        return (match["alias"], match["column"]) if match else None

    def select_sql(self) -> str:
        if self.expression.endswith(f".{self.name}") and self.table_column():
            return self.expression
        return f"{self.expression} AS {self.name}"


def read(alias: str, *columns: str) -> tuple[ViewColumn, ...]:
    """Table columns shown as they are, under their own names."""
    return tuple(ViewColumn(column, f"{alias}.{column}") for column in columns)


@dataclass(frozen=True)
class View:
    name: str
    columns: tuple[ViewColumn, ...]
    source: str  # FROM ... (joins, WHERE, ORDER BY): everything after the column list
    tables: dict[str, str]  # alias -> table, as named in ``source``

    def __post_init__(self):
        for alias, table in self.tables.items():
            if not re.search(rf"\b{table} {alias}\b", self.source):
                raise ValueError(f"view {self.name}: no '{table} {alias}' in its FROM clause")
        for column in self.columns:
            table_column = column.table_column()
            if table_column is None and column.description is None:
                raise ValueError(f"view {self.name}: {column.name} = {column.expression} "
                                 f"reads no single table column, so it needs a description")
            if table_column is not None and table_column[0] not in self.tables:
                raise ValueError(f"view {self.name}: {column.expression} reads unknown table "
                                 f"alias {table_column[0]}")

    @property
    def sql(self) -> str:
        selected = ",\n       ".join(column.select_sql() for column in self.columns)
        return f"SELECT {selected}\n{self.source.strip()}"

    def names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    def exported_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns if column.exported)

    def descriptions(self, table_descriptions: dict[str, dict[str, str]]) -> dict[str, str]:
        """Column name -> description, given each table's column descriptions."""
        described = {}
        for column in self.columns:
            if column.description is not None:
                described[column.name] = column.description
                continue
            alias, source_column = column.table_column()
            table = self.tables[alias]
            try:
                described[column.name] = table_descriptions[table][source_column]
            except KeyError:
                raise KeyError(f"view {self.name}: {table}.{source_column} has no description "
                               f"to lend to {column.name}") from None
        return described


# One row per listed program with its institution's place: the map, the directory, the export.
# The export writes these columns in this order, so new columns go at the end: people's
# spreadsheets and scripts address columns by position.
PROGRAM_DIRECTORY = View(
    "program_directory",
    columns=(
        *read("p", "program_id", "title", "institution_name", "city", "state", "track",
              "credential_level", "delivery_mode", "credential_text", "cip_code", "completions",
              "url"),
        *read("i", "website", "latitude", "longitude"),
        *read("p", "track_evidence", "delivery_evidence", "source", "first_seen", "last_seen"),
        ViewColumn("scorecard_median_earnings", "o.median_earnings_4yr",
                   "College Scorecard median earnings four years after completing (US dollars) "
                   "for CIP 51.07 at this institution and credential level. Shared by every "
                   "51.07xx program there: the Scorecard cannot tell HIT, coding, billing and "
                   "HIM apart."),
        ViewColumn("scorecard_median_debt", "o.median_debt",
                   "College Scorecard median federal loan debt of graduates (US dollars), for "
                   "CIP 51.07 at this institution and credential level; shared like "
                   "scorecard_median_earnings."),
        *read("f", "online_only"),
        *read("p", "credits", "program_length", "cost", "accreditor", "accredited_through",
              "pcap_approved", "certifications", "delivery_options"),
        # Datasette's search box matches the programs' full-text index through this row id.
        ViewColumn("search_rowid", "p.rowid",
                   "Internal row number that ties a row to the full-text search index.",
                   exported=False),
    ),
    source="""
FROM programs p LEFT JOIN institutions i ON i.unitid = p.unitid
-- Scorecard figures are per 4-digit CIP: every 51.07xx program of the same institution
-- and credential level shares them.
LEFT JOIN program_outcomes o ON o.unitid = p.unitid AND p.cip_code LIKE '51.07%'
     AND o.cip_4digit = '51.07' AND o.credential_level = p.credential_level
LEFT JOIN school_facts f ON f.unitid = p.unitid
WHERE p.removed_at IS NULL
""",
    tables={"p": "programs", "i": "institutions", "o": "program_outcomes", "f": "school_facts"},
)

# What each promoted run changed, newest first, with the program's name and place.
PROGRAM_CHANGES = View(
    "program_changes",
    columns=(
        *read("c", "change_id"),
        ViewColumn("changed_at", "r.finished_at",
                   "When the crawl that saw the change finished (UTC, ISO 8601)."),
        *read("c", "run_id"),
        *read("r", "spider"),
        *read("c", "change", "program_id"),
        *read("p", "title", "institution_name", "state"),
        *read("c", "field", "old_value", "new_value"),
    ),
    source="""
FROM changes c
JOIN crawl_runs r ON r.run_id = c.run_id
LEFT JOIN programs p ON p.program_id = c.program_id
ORDER BY c.change_id DESC
""",
    tables={"c": "changes", "r": "crawl_runs", "p": "programs"},
)

VIEWS = (PROGRAM_DIRECTORY, PROGRAM_CHANGES)
