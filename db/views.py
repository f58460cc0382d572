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
    # A table of the view's rows, rebuilt by db/directory.py, rather than an SQLite view: the
    # directory is read far more often than it changes.
    materialized: bool = False

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


# One row per real program (db/merge.py: an IPEDS listing and the catalog page(s) matched to
# it, or a listing nobody matched), with its institution's place: the map, the directory, the
# export. Materialized as a table with its own indexes and full-text index (db/directory.py),
# rebuilt after every promotion. The export writes these columns in this order, so new columns
# go at the end: people's spreadsheets and scripts address columns by position.
#
# Which source gives what (aliases: p the row's anchor listing -- its IPEDS listing when it has
# one, ip that IPEDS listing, c its catalog page; a catalog page that matched nothing is both p
# and c; an IPEDS listing shared by several catalog programs is p and ip of each one's row):
#   title          the college's own name (catalog page) when one is linked, else the IPEDS
#                  (CIP) title;
#   credential     level and track are the same by construction (matching requires it); the
#                  words (credential_text) are the catalog page's when it has them;
#   delivery       the catalog page's decision when the page states one (it describes this
#                  program now; IPEDS flags a CIP code and award level for a past year), else
#                  the anchor's; when both state one and differ, delivery_conflict shows both
#                  and says which is newer;
#   credits, length, cost, accreditation, exams, url: the catalog page (IPEDS has none);
#   completions, cip_code: the anchor (IPEDS), per CIP code and award level: when the listing
#                  stands behind several programs (ipeds_listing_programs > 1) each row shows
#                  the listing's figures, which describe them together.
_CATALOG_DELIVERY = "c.delivery_mode IS NOT NULL AND c.delivery_mode != 'unknown'"
_OUR_SCOPE = ("p.track IN ('hit', 'billing_coding', 'him') "
              "AND p.credential_level IN ('certificate', 'diploma', 'associate')")
OUR_SCOPE, OTHER_SCOPE = "our tracks and levels", "look-alikes and other levels"


def _from_catalog(name: str, what: str) -> ViewColumn:
    return ViewColumn(name, f"coalesce(c.{name}, p.{name})",
                      f"{what} (from the program's catalog page; see {name}_source where "
                      f"given).")


def _source_of(name: str, column: str, what: str) -> ViewColumn:
    return ViewColumn(name, f"CASE WHEN c.{column} IS NOT NULL THEN c.source "
                            f"WHEN p.{column} IS NOT NULL THEN p.source END",
                      f"Which source gave {what}: catalog or ipeds; empty when none did.")


PROGRAM_DIRECTORY = View(
    "program_directory",
    columns=(
        ViewColumn("program_id", "m.program_id",
                   "The program's id: the program_id of its IPEDS listing, or of its own "
                   "listing when no IPEDS listing was matched; when one IPEDS listing stands "
                   "behind several catalog programs, the program_id of each program's catalog "
                   "page. Listings merged into it: ipeds_program_id, catalog_program_id, "
                   "program_merge_members."),
        ViewColumn("title", "coalesce(c.title, p.title)",
                   "The program's name: the college's own (catalog page) when a page is "
                   "linked, else the IPEDS (CIP) title. Each source's: ipeds_title, "
                   "catalog_title."),
        *read("p", "institution_name", "city", "state", "track", "credential_level"),
        ViewColumn("delivery_mode",
                   f"CASE WHEN {_CATALOG_DELIVERY} THEN c.delivery_mode ELSE p.delivery_mode END",
                   "Whether it can be taken online: online, hybrid, campus or unknown. The "
                   "catalog page's statement when it makes one, else IPEDS's distance-education "
                   "flag (see delivery_source and delivery_conflict)."),
        ViewColumn("credential_text", "coalesce(c.credential_text, p.credential_text)",
                   "The source's own credential words: the catalog page's when a page is "
                   "linked, else the IPEDS award level."),
        *read("p", "cip_code"),
        ViewColumn("completions", "p.completions",
                   "Awards granted in the data year (IPEDS completions, first majors) under the "
                   "program's CIP code and award level at the institution: IPEDS counts a CIP "
                   "code, not a program, so when its listing stands behind several programs "
                   "(ipeds_listing_programs) this is their total."),
        ViewColumn("url", "coalesce(c.url, p.url)",
                   "Page a student should read about the program: its catalog page when one is "
                   "linked, else the college site."),
        *read("i", "website", "latitude", "longitude"),
        *read("p", "track_evidence"),
        ViewColumn("delivery_evidence",
                   f"CASE WHEN {_CATALOG_DELIVERY} THEN c.delivery_evidence "
                   f"ELSE p.delivery_evidence END",
                   "What decided delivery_mode, in the words of the source that gave it."),
        ViewColumn("source", "p.source",
                   "Source of the listing the row is anchored on (ipeds when IPEDS lists the "
                   "program); every source that describes it is in sources."),
        ViewColumn("first_seen", "min(coalesce(c.first_seen, p.first_seen), p.first_seen)",
                   "When a crawl first found the program in any of its sources (UTC, ISO "
                   "8601)."),
        ViewColumn("last_seen", "max(coalesce(c.last_seen, p.last_seen), p.last_seen)",
                   "When a healthy crawl last found the program in any of its sources (UTC, "
                   "ISO 8601)."),
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
        _from_catalog("credits", "Credits to complete the program (lower bound of a range)"),
        _from_catalog("program_length", "Program length as its page states it"),
        _from_catalog("cost", "Estimated program cost in US dollars"),
        _from_catalog("accreditor", "Programmatic accreditor (CAHIIM) named on the page"),
        _from_catalog("accredited_through", "Year the accreditation is reaffirmed through"),
        _from_catalog("pcap_approved", "1 when the page states AHIMA PCAP approval"),
        _from_catalog("certifications", "Certification exams the program prepares for"),
        ViewColumn("delivery_options",
                   f"CASE WHEN {_CATALOG_DELIVERY} THEN c.delivery_options "
                   f"ELSE p.delivery_options END",
                   "Every mode the program is offered in, most flexible first (online, hybrid, "
                   "campus), e.g. 'online,campus', from the source that gave delivery_mode. "
                   "Empty when nothing says."),
        # One row per program, and where each value came from (issue 13).
        ViewColumn("sources",
                   "m.sources || CASE WHEN coalesce(o.median_earnings_4yr, o.median_debt) "
                   "IS NOT NULL THEN ',scorecard' ELSE '' END",
                   "Every source that describes the program, comma-separated: ipeds (its "
                   "listing), catalog (its college's catalog page) and scorecard (earnings or "
                   "debt of its 4-digit CIP field at the institution)."),
        *read("m", "ipeds_program_id", "catalog_program_id", "catalog_pages", "match_evidence"),
        ViewColumn("title_source", "CASE WHEN c.title IS NOT NULL THEN 'catalog' "
                                   "ELSE p.source END",
                   "Which source gave title: catalog or ipeds."),
        _source_of("credential_source", "credential_text", "credential_text"),
        ViewColumn("delivery_source",
                   f"CASE WHEN {_CATALOG_DELIVERY} THEN c.source ELSE p.source END",
                   "Which source gave delivery_mode: catalog or ipeds."),
        _source_of("credits_source", "credits", "credits"),
        _source_of("cost_source", "cost", "cost"),
        ViewColumn("ipeds_title", "ip.title", "The program's title in IPEDS (its CIP title)."),
        ViewColumn("catalog_title", "c.title", "The program's title on its catalog page."),
        ViewColumn("ipeds_credential_text", "ip.credential_text", "IPEDS award level."),
        ViewColumn("catalog_credential_text", "c.credential_text",
                   "The catalog page's credential words."),
        ViewColumn("ipeds_delivery_mode", "ip.delivery_mode",
                   "delivery_mode IPEDS's distance-education flag gives. The flag is set per "
                   "CIP code and award level (all, some or none of the programs in it can be "
                   "completed online), for every program its listing stands behind."),
        ViewColumn("catalog_delivery_mode", "c.delivery_mode",
                   "delivery_mode the catalog page's own words give."),
        ViewColumn("delivery_conflict",
                   f"CASE WHEN {_CATALOG_DELIVERY} AND ip.delivery_mode != 'unknown' "
                   f"AND c.delivery_mode != ip.delivery_mode THEN "
                   f"'catalog page (fetched ' || substr(c.fetched_at, 1, 10) || '): ' "
                   f"|| c.delivery_mode || '; IPEDS ' || coalesce(ip.data_year, '?') || ': ' "
                   f"|| ip.delivery_mode || CASE WHEN CAST(substr(c.fetched_at, 1, 4) AS "
                   f"INTEGER) > ip.data_year THEN '; the catalog page is newer' "
                   f"ELSE '; both describe the same year' END END",
                   "When the catalog page and IPEDS disagree on delivery: both, and which is "
                   "newer (the directory shows the catalog page's)."),
        ViewColumn("ipeds_url", "ip.url", "The college site IPEDS gives for the program."),
        ViewColumn("catalog_url", "c.url", "The program's catalog page."),
        ViewColumn("scope", f"CASE WHEN {_OUR_SCOPE} THEN '{OUR_SCOPE}' ELSE '{OTHER_SCOPE}' END",
                   f"'{OUR_SCOPE}': a hit, billing_coding or him certificate, diploma or "
                   f"associate degree, what the directory shows first; '{OTHER_SCOPE}': "
                   f"look-alikes (track other) and bachelor's, master's and other levels."),
        *read("p", "unitid"),  # ties the row to its institution's page
        ViewColumn("ipeds_listing_programs", "m.ipeds_listing_programs",
                   "How many programs of this directory stand behind the row's IPEDS listing. "
                   "IPEDS reports one row per institution, 6-digit CIP code and award level: "
                   "above 1, cip_code, completions and ipeds_delivery_mode describe those "
                   "programs together. Empty when IPEDS does not list the program."),
    ),
    source="""
FROM program_merges m
-- The anchor: the IPEDS listing when there is one (it may stand behind several rows, each named
-- after its catalog page), else the row's own listing.
JOIN programs p ON p.program_id = coalesce(m.ipeds_program_id, m.program_id)
LEFT JOIN programs ip ON ip.program_id = m.ipeds_program_id
LEFT JOIN programs c ON c.program_id = m.catalog_program_id
LEFT JOIN institutions i ON i.unitid = p.unitid
-- Scorecard figures are per 4-digit CIP: every 51.07xx program of the same institution
-- and credential level shares them.
LEFT JOIN program_outcomes o ON o.unitid = p.unitid AND p.cip_code LIKE '51.07%'
     AND o.cip_4digit = '51.07' AND o.credential_level = p.credential_level
LEFT JOIN school_facts f ON f.unitid = p.unitid
WHERE p.removed_at IS NULL
""",
    tables={"m": "program_merges", "p": "programs", "ip": "programs", "c": "programs",
            "i": "institutions", "o": "program_outcomes", "f": "school_facts"},
    materialized=True,
)

# What each promoted run changed, newest first, with the program's name and place, and the
# directory row (one per real program) whose history it is.
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
        ViewColumn("directory_program_id", "mm.directory_id",
                   "The program_directory row the changed listing belongs to: an IPEDS listing "
                   "and its catalog page share one history. A change of an IPEDS listing that "
                   "stands behind several programs is listed once for each of them."),
        *read("p", "source"),
    ),
    source="""
FROM changes c
JOIN crawl_runs r ON r.run_id = c.run_id
LEFT JOIN programs p ON p.program_id = c.program_id
LEFT JOIN program_merge_members mm ON mm.program_id = c.program_id
ORDER BY c.change_id DESC
""",
    tables={"c": "changes", "r": "crawl_runs", "p": "programs",
            "mm": "program_merge_members"},
)

VIEWS = (PROGRAM_DIRECTORY, PROGRAM_CHANGES)
