"""Pages a crawl read, so that the next crawl can reuse what an unchanged page gave.

A run stages one row per page it read (URL, body hash, the links it followed from it, when it
was fetched) next to its items; promotion makes them live with the run (``promote_pages``), so
``pages`` only ever describes pages of promoted runs, whose programs are in ``programs``. A
page reused by a later run has its programs copied from ``programs`` into that run's staging
(``stage_reused_programs``): they count as found, unchanged, and nothing is parsed again.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from pathlib import Path

import sqlite_utils

from db.queries import read_only
from db.schema import PAGES, PAGES_COLUMNS, PROGRAMS, STAGED_PAGES


def stored_pages(path: str | Path, source: str) -> list[dict]:
    """The live page rows of a source (links decoded to a list of [url, score]); none when
    there is no database yet."""
    if not Path(path).exists():
        return []
    with read_only(path) as connection:
        if connection.execute("SELECT 1 FROM sqlite_master WHERE name = ?",
                              [PAGES]).fetchone() is None:
            return []
        rows = connection.execute(f"SELECT * FROM {PAGES} WHERE source = ?", [source])
        return [dict(row) | {"links": json.loads(row["links"] or "[]")} for row in rows]


def stage_pages(db: sqlite_utils.Database, run_id: int, pages: Sequence[dict]) -> int:
    """Stage the run's page rows (links as a list), in one transaction."""
    columns = list(PAGES_COLUMNS)
    with db.atomic():
        db.conn.executemany(
            f"INSERT OR REPLACE INTO {STAGED_PAGES} (run_id, {', '.join(columns)}) "
            f"VALUES ({', '.join('?' * (len(columns) + 1))})",
            ((run_id, *(json.dumps(page[c]) if c == "links" else page.get(c) for c in columns))
             for page in pages))
    return len(pages)


def stage_reused_programs(db: sqlite_utils.Database, run_id: int, source: str,
                          urls: Collection[str]) -> int:
    """Stage, as found by run ``run_id``, the listed programs of ``source`` read from the pages
    ``urls``; a program the run staged from a fresh read keeps that. Returns how many."""
    columns = ", ".join(f"[{column}]" for column in PROGRAMS.item_columns())
    with db.atomic():
        return db.execute(
            f"INSERT OR IGNORE INTO {PROGRAMS.staging_name} (run_id, {columns}) "
            f"SELECT :run, {columns} FROM {PROGRAMS.name} "
            f"WHERE source = :source AND removed_at IS NULL "
            f"AND source_url IN (SELECT value FROM json_each(:urls))",
            {"run": run_id, "source": source, "urls": json.dumps(sorted(urls))}).rowcount


def promote_pages(db: sqlite_utils.Database, run_id: int) -> None:
    """Make the run's page rows live; the caller owns the promotion's transaction."""
    columns = ", ".join(PAGES_COLUMNS)
    db.execute(f"INSERT OR REPLACE INTO {PAGES} ({columns}) SELECT {columns} "
               f"FROM {STAGED_PAGES} WHERE run_id = ?", [run_id])
    db.execute(f"DELETE FROM {STAGED_PAGES} WHERE run_id = ?", [run_id])
