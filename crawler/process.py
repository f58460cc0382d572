"""Run spiders in this process, one after the other, and report how each run ended.

Used by the ``crawl`` and ``demo`` commands. Spiders run in sequence because later sources read
what earlier ones stored (the catalog spider seeds from the IPEDS institutions). The crawl lock
is held for the whole sequence, so another crawl cannot slip in between two spiders.

The exit status of a crawl is decided here (``exit_status``), for those commands and for
``scrapy crawl`` alike, so cron and the scheduler read a failed run the same way from each.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from twisted.python.failure import Failure

from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings

from crawler.lock import EXIT_LOCKED, holding_crawl_lock
from spiders.base import FAILURE_STAT

NOT_STARTED = "not started"
EXIT_SUCCEEDED = 0
EXIT_RUN_FAILED = 1  # a run failed or was unhealthy: nothing from it was stored
EXIT_USAGE = 2  # as argparse and Scrapy exit for a usage error
EXIT_STATUS_HELP = f"""\
Exit status:
  {EXIT_SUCCEEDED}   every spider run succeeded and its data was stored
  {EXIT_RUN_FAILED}   a run failed (the spider stopped it, e.g. on a source file it could not
      read) or was unhealthy (too few items, too many errors): nothing from that run
      was stored and data already stored was kept; the last line on stderr says why
  {EXIT_USAGE}   usage error, including a spider that could not start (a bad -a value,
      a broken seeds file)
  {EXIT_LOCKED}  another crawl holds the database's lock: nothing ran; try again later"""


@dataclass
class CrawlOutcome:
    spider: str
    status: str  # the run's status in crawl_runs (succeeded, failed, unhealthy) or NOT_STARTED
    finish_reason: str  # Scrapy's, or why the spider could not start
    items: int
    errors: int
    stats: dict

    @property
    def succeeded(self) -> bool:
        return self.status == "succeeded"

    @property
    def started(self) -> bool:
        return self.status != NOT_STARTED

    def failure(self) -> str:
        """Why the run did not succeed, on one line: the spider's own error when it stopped the
        run (``SourceSpider.fail``), else the health problems found when it ended."""
        why = self.stats.get(FAILURE_STAT) or "; ".join(self.stats.get("run/problems", [])) or (
            f"finish reason {self.finish_reason}")
        return f"{self.spider}: run {self.stats.get('run/id', '-')} {self.status}: {why}"


def exit_status(outcomes: list[CrawlOutcome]) -> int:
    """A spider that could not start is a usage error; else any run that did not succeed
    fails the crawl (the lock's status is decided before any spider runs)."""
    if any(not outcome.started for outcome in outcomes):
        return EXIT_USAGE
    if any(not outcome.succeeded for outcome in outcomes):
        return EXIT_RUN_FAILED
    return EXIT_SUCCEEDED


def project_settings(overrides: dict | None = None):
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    settings = get_project_settings()
    settings.setdict(overrides or {}, priority="cmdline")
    return settings


def run_spiders(spider_names, settings_overrides=None, sample_web=None, spider_args=None,
                lock_wait=None):
    """Crawl each named spider in turn; return one CrawlOutcome per spider.

    ``sample_web`` (anything with ``address`` and ``port``) sends every request there
    (crawler/sample_web.py). Raises ValueError for an unknown spider and
    crawler.lock.CrawlLocked when another crawl holds the database (``lock_wait`` as in
    ``holding_crawl_lock``).
    """
    overrides = dict(settings_overrides or {})
    if sample_web is not None:
        overrides = {"SAMPLE_WEB": f"{sample_web.address}:{sample_web.port}"} | overrides
    settings = project_settings(overrides)
    process = CrawlerProcess(settings)
    unknown = [n for n in spider_names if n not in process.spider_loader.list()]
    if unknown:
        raise ValueError(f"unknown spider(s): {', '.join(unknown)}; "
                         f"available: {', '.join(sorted(process.spider_loader.list()))}")
    with holding_crawl_lock(settings.get("DATABASE_PATH"), lock_wait):
        return _crawl_in_turn(process, spider_names, spider_args or {})


def _crawl_in_turn(process, spider_names, spider_args):
    crawlers = [process.create_crawler(name) for name in spider_names]
    started = []
    start_errors: dict[int, str] = {}  # crawler index -> why its spider could not start

    def crawl_next(result=None):
        if isinstance(result, Failure):
            # The spider could not be built (a bad argument, a broken seeds file): its run was
            # never opened, so nothing is recorded. The command prints the error, once.
            start_errors[len(started) - 1] = result.getErrorMessage()
        if len(started) == len(crawlers):
            return _stop_reactor()
        crawler = crawlers[len(started)]
        started.append(crawler)
        kwargs = spider_args.get(crawler.spidercls.name, {})
        process.crawl(crawler, **kwargs).addBoth(crawl_next)
        return None

    crawl_next()  # the first crawl installs the reactor Scrapy is configured for
    process.start(stop_after_crawl=False)
    return [crawl_outcome(crawler, start_errors.get(index))
            for index, crawler in enumerate(crawlers)]


def _stop_reactor():
    from twisted.internet import reactor

    # A spider that fails while being built fails before the reactor runs: stop it as soon as
    # it starts, or process.start() would wait for ever (holding the crawl lock).
    if reactor.running:
        reactor.stop()
    else:
        reactor.callWhenRunning(reactor.stop)


def crawl_outcome(crawler, start_error: str | None = None) -> CrawlOutcome:
    """How a finished crawler's run ended, from the stats the run recorder left."""
    if start_error is not None:
        return CrawlOutcome(crawler.spidercls.name, NOT_STARTED, start_error, 0, 0, {})
    stats = crawler.stats.get_stats()
    return CrawlOutcome(
        spider=crawler.spidercls.name,
        status=stats.get("run/status", NOT_STARTED),
        finish_reason=stats.get("finish_reason", NOT_STARTED),
        items=stats.get("item_scraped_count", 0),
        errors=stats.get("log_count/ERROR", 0),
        stats=stats,
    )
