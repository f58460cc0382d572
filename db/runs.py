"""The ``crawl_runs`` table: one row per spider run, from ``running`` to how it ended.

Every writer holds the crawl lock (``crawler.lock``) while its run is ``running``, so a run still
``running`` when the next one starts belongs to a process that died (kill -9, power loss): it is
marked failed and its staged rows are discarded.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone

import sqlite_utils

from db.schema import STAGED_PAGES, TABLES

RUNNING, SUCCEEDED, FAILED, UNHEALTHY = "running", "succeeded", "failed", "unhealthy"


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class RunEnd:
    """How a run ended, as the crawl saw it."""

    status: str
    finish_reason: str
    pages: int
    items: int
    errors: int
    duration_seconds: float
    problems: tuple[str, ...] = ()
    data_year: int | None = None  # the source's publication year the run read (IPEDS)
    field_coverage: dict[str, float] = field(default_factory=dict)  # "table.field" -> share


def begin_run(db: sqlite_utils.Database, spider: str, started_by: str, complete: bool) -> int:
    """Record a new running run (the caller holds the crawl lock); return its run_id."""
    with db.atomic():
        db.execute(
            "UPDATE crawl_runs SET status = ?, finish_reason = 'abandoned', "
            "problems = 'the crawl process ended without finishing this run' "
            "WHERE status = ?", [FAILED, RUNNING])
        # Staged rows of earlier runs were either promoted or must never be: keep no leftovers.
        for table in (*(spec.staging_name for spec in TABLES), STAGED_PAGES):
            db.execute(f"DELETE FROM {table}")
        return db.table("crawl_runs").insert({
            "spider": spider, "started_by": started_by, "status": RUNNING,
            "complete": int(complete), "started_at": utc_now(),
        }).last_pk


def finish_run(db: sqlite_utils.Database, run_id: int, end: RunEnd,
               finished_at: str, promotion=None) -> None:
    """Write how the run ended; call inside the promotion's transaction when there is one."""
    db.table("crawl_runs").update(run_id, {
        "status": end.status, "finish_reason": end.finish_reason, "finished_at": finished_at,
        "duration_seconds": round(end.duration_seconds, 1), "pages": end.pages,
        "items": end.items, "errors": end.errors, "problems": "; ".join(end.problems) or None,
        "programs_added": promotion.added if promotion else None,
        "programs_changed": promotion.changed if promotion else None,
        "programs_removed": promotion.removed if promotion else None,
        "data_year": end.data_year,
        "field_coverage": json.dumps(end.field_coverage, sort_keys=True)
        if end.field_coverage else None,
    })


def last_healthy_items(db: sqlite_utils.Database, spider: str) -> int | None:
    """Items of the spider's last complete, succeeded run: the baseline for a drop in count."""
    row = db.execute(
        "SELECT items FROM crawl_runs WHERE spider = ? AND status = ? AND complete "
        "ORDER BY run_id DESC LIMIT 1", [spider, SUCCEEDED]).fetchone()
    return row[0] if row else None


def last_promoted_data_year(db: sqlite_utils.Database, spider: str) -> int | None:
    """The newest data year a succeeded run of the spider promoted, None if none recorded one."""
    row = db.execute("SELECT max(data_year) FROM crawl_runs WHERE spider = ? AND status = ?",
                     [spider, SUCCEEDED]).fetchone()
    return row[0] if row else None


def last_healthy_coverage(db: sqlite_utils.Database, spider: str) -> dict[str, float] | None:
    """Field coverage of the spider's last complete, succeeded run that recorded one."""
    row = db.execute(
        "SELECT field_coverage FROM crawl_runs WHERE spider = ? AND status = ? AND complete "
        "AND field_coverage IS NOT NULL ORDER BY run_id DESC LIMIT 1",
        [spider, SUCCEEDED]).fetchone()
    return json.loads(row[0]) if row else None
