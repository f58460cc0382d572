"""``scrapy crawl`` holding the crawl lock, so it exits 75 like ``python -m crawler crawl``.

The run recorder takes the lock too and closes a locked spider before it fetches anything, but
Scrapy's own command then exits 0: to cron or systemd a skipped crawl looked like a success.
"""

from __future__ import annotations

import sys

from scrapy.commands.crawl import Command as ScrapyCrawlCommand

from crawler.lock import EXIT_LOCKED, CrawlLocked, holding_crawl_lock


class Command(ScrapyCrawlCommand):
    def run(self, args, opts) -> None:
        try:
            with holding_crawl_lock(self.settings.get("DATABASE_PATH")):
                super().run(args, opts)
        except CrawlLocked as exc:
            print(f"scrapy crawl: {exc}", file=sys.stderr)
            self.exitcode = EXIT_LOCKED
