"""``scrapy crawl`` with the exit status of ``python -m crawler crawl`` (crawler/process.py).

Scrapy's own command exits 0 whenever the spider could be built: to cron or systemd a crawl
skipped for the lock, or a run that failed and stored nothing, looked like a success. This one
holds the crawl lock (75 when it is taken) and judges the run as the run recorder left it.
"""

from __future__ import annotations

import argparse
import sys

from scrapy.commands import ScrapyHelpFormatter
from scrapy.commands.crawl import Command as ScrapyCrawlCommand

from crawler.lock import EXIT_LOCKED, CrawlLocked, holding_crawl_lock
from crawler.process import (EXIT_RUN_FAILED, EXIT_STATUS_HELP, EXIT_USAGE, crawl_outcome,
                             exit_status)


class HelpKeepingLines(ScrapyHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Scrapy's help layout, with the description's lines kept (the exit status table)."""


class Command(ScrapyCrawlCommand):
    crawler = None  # the spider's crawler, once Scrapy has made it

    def long_desc(self) -> str:
        return f"{self.short_desc()}\n\n{EXIT_STATUS_HELP}"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.formatter_class = HelpKeepingLines

    def _create_crawler(self, spidercls):
        self.crawler = super()._create_crawler(spidercls)
        return self.crawler

    def run(self, args, opts) -> None:
        try:
            with holding_crawl_lock(self.settings.get("DATABASE_PATH")):
                super().run(args, opts)
        except CrawlLocked as exc:
            print(f"scrapy crawl: {exc}", file=sys.stderr)
            self.exitcode = EXIT_LOCKED
            return
        if self.crawler.spider is None:  # Scrapy logged why the spider could not be built
            print(f"scrapy crawl: {self.crawler.spidercls.name} could not start (see the error "
                  f"above)", file=sys.stderr)
            self.exitcode = EXIT_USAGE
            return
        outcome = crawl_outcome(self.crawler)
        self.exitcode = exit_status([outcome])
        if self.exitcode == EXIT_RUN_FAILED:
            print(f"scrapy crawl failed: {outcome.failure()}; nothing from this run was stored "
                  f"and data already stored was kept", file=sys.stderr)
