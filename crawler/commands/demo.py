"""The demo: crawl the bundled sample web over real HTTP on 127.0.0.1, build the database,
then serve it with Datasette on 127.0.0.1.
"""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path

from crawler.commands.crawl import add_wait_option, default_spider_order, report
from crawler.commands.serve import serve
from crawler.lock import EXIT_LOCKED, CrawlLocked
from crawler.process import project_settings, run_spiders
from crawler.progress import progress_display, show_progress_on
from sampleweb.server import SampleWeb

HELP = "crawl the sample web, build the database and serve it (what `make demo` runs)"


def configure(parser) -> None:
    parser.add_argument("--db", help="database file (default: build/directory.db)")
    parser.add_argument("--port", type=int, default=8001, help="Datasette port (default 8001)")
    parser.add_argument("--no-serve", action="store_true",
                        help="stop after building the database")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="show Scrapy's full log here instead of one progress line per "
                             "spider (it always goes to build/logs/ otherwise)")
    add_wait_option(parser)


def run(args) -> int:
    settings = project_settings()
    database = Path(args.db or settings.get("DATABASE_PATH"))
    overrides = {"DATABASE_PATH": str(database), "RUN_STARTED_BY": "demo"}
    log_file = None if args.verbose else _log_file(database)
    if log_file:
        overrides["LOG_FILE"] = str(log_file)
    progress = None if args.verbose else progress_display()
    with SampleWeb() as web:
        print(f"sample web serving {len(web.hosts)} sites on http://127.0.0.1:{web.port}/",
              flush=True)
        show_progress_on(progress)
        if progress:
            progress.start()
        try:
            outcomes = run_spiders(default_spider_order(settings), overrides, web,
                                   lock_wait=args.wait)
        except CrawlLocked as exc:
            print(f"demo: {exc}", file=sys.stderr)
            return EXIT_LOCKED
        finally:
            if progress:
                progress.stop()
            show_progress_on(None)
    status = report(outcomes, database)
    if log_file:
        print(f"full Scrapy log: {log_file}")
    if status != 0 or args.no_serve:
        return status
    return serve(database, "127.0.0.1", args.port)


def _log_file(database: Path) -> Path:
    """build/logs/demo-<UTC time>.log, next to the database."""
    folder = database.parent / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"demo-{datetime.now(timezone.utc):%Y%m%dT%H%M%SZ}.log"
