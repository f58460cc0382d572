"""RunRecorder: the Scrapy extension that records each spider run and decides its fate.

When the spider opens it takes the crawl lock, opens the database and records a ``running`` run;
the store pipeline then stages the run's items under that run id. When the spider closes, the
health monitors judge the run: a healthy run's staged rows are promoted into institutions and
programs in the same transaction that marks it ``succeeded``; any other run is recorded as
``failed`` (finish reason other than finished) or ``unhealthy`` and promotes nothing.
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace

from filelock import Timeout
from scrapy import signals
from scrapy.exceptions import CloseSpider

from crawler.health import (FILLED_PREFIX, REUSED_PROGRAMS, ROWS_PREFIX, HealthLimits, RunFacts,
                            check)
from crawler.lock import crawl_lock
from db.build import open_database
from db.directory import refresh_directory
from db.pages import stage_pages, stage_reused_programs
from db.promotion import promote
from db.runs import (FAILED, SUCCEEDED, UNHEALTHY, RunEnd, begin_run, finish_run,
                     last_healthy_coverage, last_healthy_items, last_promoted_data_year,
                     utc_now)
from db.staging import filled_counts, stage_rows
from spiders.base import SourceSpider

logger = logging.getLogger(__name__)


class RunRecorder:
    def __init__(self, crawler):
        settings = crawler.settings
        self.stats = crawler.stats
        self.database_path = settings.get("DATABASE_PATH")
        self.started_by = settings.get("RUN_STARTED_BY")
        self.limits = HealthLimits.from_settings(settings)
        self.lock = crawl_lock(self.database_path)
        self.db = None
        self.run_id: int | None = None
        self.complete = True
        self._started = 0.0
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def spider_opened(self, spider):
        if not isinstance(spider, SourceSpider):  # its run could not be judged or promoted
            logger.error("spider %s is not a SourceSpider (spiders/base.py); this run stores "
                         "nothing", spider.name)
            raise CloseSpider("not_a_source_spider")
        try:
            self.lock.acquire(timeout=0)
        except Timeout:
            logger.error("another crawl is writing %s (lock file %s is held); this run stores "
                         "nothing", self.database_path, self.lock.lock_file)
            raise CloseSpider("crawl_locked") from None
        self._started = time.monotonic()
        # A spider run narrowed by its arguments (e.g. fewer CIP codes) is partial: it may add
        # and change programs but never marks the ones it did not look for as removed.
        self.complete = not spider.partial_run
        self.db = open_database(self.database_path)
        self.run_id = begin_run(self.db, spider.name, self.started_by, self.complete)
        self.stats.set_value("run/id", self.run_id)
        logger.info("run %d of %s started", self.run_id, spider.name)

    def stage(self, rows_by_table: dict[str, list[dict]]) -> dict[str, int]:
        """Stage rows (table name -> item rows) under this run, for promotion when it ends
        healthy; returns the rows staged per table. The store pipeline's way in."""
        if self.run_id is None:
            raise RuntimeError("no run is open: the spider never started one (crawl locked?)")
        return stage_rows(self.db, self.run_id, rows_by_table)

    def spider_closed(self, spider, reason):
        if self.run_id is None:  # never started: another crawl held the lock
            return
        # A spider that crawls many sites says which it saw whole (removal_sites()); removals
        # are then limited to those, so a site that was down keeps its programs.
        try:
            if spider.page_memory is not None:
                self._stage_page_memory(spider.name, spider.page_memory)
            self._count_staged_fields()
            self._finish(spider.name, reason, spider.removal_sites())
        finally:
            self.db.close()
            self.lock.release()

    def _stage_page_memory(self, source: str, memory) -> None:
        """Stage the pages the run read, and the programs of those it reused as found."""
        reused = stage_reused_programs(self.db, self.run_id, source, memory.reused)
        stage_pages(self.db, self.run_id, memory.pages_to_stage())
        self.stats.set_value(REUSED_PROGRAMS, reused)

    def _count_staged_fields(self) -> None:
        """Rows staged and fields filled per table, for the field-coverage health check."""
        for table, (rows, filled) in filled_counts(self.db, self.run_id).items():
            self.stats.set_value(f"{ROWS_PREFIX}{table}", rows)
            for name, count in filled.items():
                if count:
                    self.stats.set_value(f"{FILLED_PREFIX}{table}/{name}", count)

    def _finish(self, spider_name: str, reason: str, removal_sites: set[str] | None) -> None:
        end = self._judge(spider_name, reason)
        finished_at = utc_now()
        promotion = None
        try:
            with self.db.atomic():  # promotion and the run's own row: all or nothing
                if end.status == SUCCEEDED:
                    promotion = promote(self.db, self.run_id, spider_name, finished_at,
                                        remove_missing=self.complete, sites=removal_sites)
                    # One row per real program, matched again over every source's listings.
                    merges = refresh_directory(self.db)
                    self.stats.set_value("directory/programs", merges.programs)
                    for status, count in merges.listings.items():
                        self.stats.set_value(f"directory/listings_{status}", count)
                finish_run(self.db, self.run_id, end, finished_at, promotion)
        except Exception as exc:  # rolled back: record the run as failed, then let Scrapy log it
            end = replace(end, status=FAILED, problems=(*end.problems,
                                                        f"promotion failed: {exc}"))
            finish_run(self.db, self.run_id, end, finished_at)
            raise
        finally:
            self.stats.set_value("run/status", end.status)
            self.stats.set_value("run/problems", list(end.problems))
        for problem in end.problems:
            logger.warning("run %d of %s is %s: %s", self.run_id, spider_name, end.status, problem)
        if promotion:
            for name in ("added", "changed", "removed"):
                self.stats.set_value(f"run/programs_{name}", getattr(promotion, name))
            logger.info("run %d of %s promoted: %d added, %d changed, %d removed", self.run_id,
                        spider_name, promotion.added, promotion.changed, promotion.removed)

    def _judge(self, spider_name: str, reason: str) -> RunEnd:
        """The run's status and problems from its stats and the spider's last healthy run."""
        # A partial run is not comparable with the spider's complete runs.
        baseline = last_healthy_items(self.db, spider_name) if self.complete else None
        # Field coverage is a share of rows, comparable even for a partial run.
        facts = RunFacts(reason, self.stats.get_stats(), baseline,
                         baseline_data_year=last_promoted_data_year(self.db, spider_name),
                         baseline_coverage=last_healthy_coverage(self.db, spider_name))
        problems = check(facts, self.limits)
        if reason != "finished":
            status = FAILED
        else:
            status = UNHEALTHY if problems else SUCCEEDED
        return RunEnd(status, reason, facts.pages, facts.items, facts.errors,
                      time.monotonic() - self._started, tuple(problems),
                      data_year=facts.data_year, field_coverage=facts.field_coverage)
