"""Bring a database built by an older version up to date: new columns, views, full-text index.

Examples:
  python -m crawler migrate                    # build/directory.db
  python -m crawler migrate --db other.db --wait 60

Only writers change the schema: every crawl migrates its database when it starts, and this
command does it on demand. The readers (export, serve) open the file read-only and never
change it; when it is out of date they stop and point here. Migrating takes the crawl lock,
so it never runs beside a crawl of the same file.

Exit status: 0 migrated (or already up to date), 2 no such database, 75 a crawl holds it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from crawler.commands.crawl import add_wait_option
from crawler.lock import EXIT_LOCKED, CrawlLocked, holding_crawl_lock
from crawler.process import project_settings
from db.build import open_database
from db.queries import read_only
from db.schema import schema_gaps

HELP = "bring an older database's schema up to date (export and serve are read-only)"


def configure(parser) -> None:
    parser.add_argument("--db", help="database file (default: build/directory.db)")
    add_wait_option(parser)


def run(args) -> int:
    database = Path(args.db or project_settings().get("DATABASE_PATH"))
    if not database.exists():
        print(f"migrate: {database} does not exist; a crawl creates it", file=sys.stderr)
        return 2
    with read_only(database) as connection:
        gaps = schema_gaps(connection)
    if not gaps:
        print(f"migrate: {database} is up to date")
        return 0
    try:
        with holding_crawl_lock(database, args.wait):
            open_database(database).close()
    except CrawlLocked as exc:
        print(f"migrate: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    print(f"migrate: {database} brought up to date ({'; '.join(gaps)})")
    return 0


def refuse_outdated(command: str, database: Path, gaps: list[str]) -> int:
    """For a read-only command: say what is out of date and how to fix it; exit status 2."""
    print(f"{command}: {database} was built by an older version ({'; '.join(gaps[:3])}"
          f"{'; …' if len(gaps) > 3 else ''}); run `python -m crawler migrate --db {database}` "
          f"(or a crawl) first", file=sys.stderr)
    return 2
