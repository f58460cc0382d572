"""What the crawler and the commands read from the database, each read behind a named function.

Readers that only look (linking, seeding) open the file read-only: they can never change it,
nor create an empty database where there was none. The export reads through the connection its
command opened, which first brings a file built by an older version up to date.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from crawler.classification import TRACKS
from db.views import PROGRAM_DIRECTORY

# The tracks the directory is about: "other" is a look-alike, not one of our programs.
DIRECTORY_TRACKS = tuple(track for track in TRACKS if track != "other")


@contextmanager
def read_only(path: str | Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection to the database file at ``path``, closed afterwards."""
    if not Path(path).exists():
        raise FileNotFoundError(f"database {path} does not exist")
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
        connection.row_factory = sqlite3.Row
        yield connection


def _has_table(connection: sqlite3.Connection, name: str) -> bool:
    return connection.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                              (name,)).fetchone() is not None


def institutions_for_linking(path: str | Path) -> list[dict]:
    """unitid, name, city, state and website of every stored institution; none before the
    first crawl has stored anything."""
    if not Path(path).exists():
        return []
    with read_only(path) as connection:
        if not _has_table(connection, "institutions"):
            return []
        return [dict(row) for row in connection.execute(
            "SELECT unitid, name, city, state, website FROM institutions ORDER BY unitid")]


def ipeds_listings(path: str | Path) -> list[dict]:
    """program_id, unitid, track and credential_level of the listed (not removed) IPEDS
    programs, by program_id; none before the first crawl has stored anything."""
    if not Path(path).exists():
        return []
    with read_only(path) as connection:
        if not _has_table(connection, "programs"):
            return []
        return [dict(row) for row in connection.execute(
            "SELECT program_id, unitid, track, credential_level FROM programs "
            "WHERE source = 'ipeds' AND removed_at IS NULL ORDER BY program_id")]


def catalog_seed_institutions(path: str | Path,
                              tracks: Sequence[str] = DIRECTORY_TRACKS,
                              ) -> list[tuple[int, str, str]]:
    """(unitid, name, website) of the stored institutions that have a website and at least one
    listed (not removed) program in ``tracks``, by unitid: a college with none of our programs
    is not worth a catalog crawl.

    FileNotFoundError when there is no database at ``path``.
    """
    with read_only(path) as connection:
        if not (_has_table(connection, "institutions") and _has_table(connection, "programs")):
            return []
        marks = ", ".join("?" for _ in tracks)
        return [tuple(row) for row in connection.execute(
            "SELECT i.unitid, i.name, i.website FROM institutions i "
            "WHERE i.website IS NOT NULL AND trim(i.website) != '' AND EXISTS ("
            "  SELECT 1 FROM programs p WHERE p.unitid = i.unitid AND p.removed_at IS NULL"
            f"  AND p.track IN ({marks})) ORDER BY i.unitid", list(tracks))]


@dataclass(frozen=True)
class DirectoryFilter:
    """Which directory rows to read; the conditions combine with AND."""

    any_of: dict[str, Sequence[str]] = field(default_factory=dict)  # column -> allowed values
    changed_since: str | None = None  # added or changed by a run finished at or after this


# Programs added or changed by a run that finished at or after :since.
_CHANGED_SINCE = ("program_id IN (SELECT c.program_id FROM changes c "
                  "JOIN crawl_runs r ON r.run_id = c.run_id "
                  "WHERE r.finished_at >= :since AND c.change != 'removed')")


def directory_rows(db: sqlite_utils.Database | sqlite3.Connection, columns: Sequence[str],
                   where: DirectoryFilter = DirectoryFilter()) -> sqlite3.Cursor:
    """Tuples of ``columns`` of the listed programs (program_directory) that pass ``where``,
    ordered by state, institution, title and program_id."""
    unknown = [name for name in (*columns, *where.any_of) if name not in PROGRAM_DIRECTORY.names()]
    if unknown:
        raise ValueError(f"not a program_directory column: {', '.join(unknown)}")
    clauses, params = [], {}
    for column, values in where.any_of.items():
        if values:
            names = [f"{column}{n}" for n in range(len(values))]
            clauses.append(f"{column} IN ({', '.join(':' + name for name in names)})")
            params |= dict(zip(names, values))
    if where.changed_since:
        clauses.append(_CHANGED_SINCE)
        params["since"] = where.changed_since
    condition = "WHERE " + " AND ".join(clauses) if clauses else ""
    return db.execute(f"SELECT {', '.join(columns)} FROM program_directory {condition} "
                      f"ORDER BY state, institution_name, title, program_id", params)
