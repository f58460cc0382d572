"""One live progress line per spider on the console (rich), for the commands a person watches.

``ProgressLines`` is a Scrapy extension: with a ``rich.progress.Progress`` given to
``show_progress_on`` (the demo command does this), each spider gets a line that counts pages,
items and errors and shows the page rate, refreshed twice a second, and ends with how its run
ended. Without one (``scrapy crawl``, tests) it does nothing.
"""

from __future__ import annotations

import time

from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from scrapy import signals
from twisted.internet import task

_progress: Progress | None = None


def progress_display(console=None) -> Progress:
    return Progress(SpinnerColumn(finished_text="•"), TextColumn("{task.description:<10}"),
                    TextColumn("{task.fields[counts]}"), TimeElapsedColumn(), console=console)


def show_progress_on(progress: Progress | None) -> None:
    """Where spiders started from now on draw their line (None: nowhere)."""
    global _progress
    _progress = progress


def counts_text(stats: dict, seconds: float) -> str:
    pages = stats.get("response_received_count", 0)
    rate = pages / seconds if seconds > 0 else 0.0
    return (f"{pages} pages · {stats.get('item_scraped_count', 0)} items · "
            f"{stats.get('log_count/ERROR', 0)} errors · {rate:.1f} pages/s")


class ProgressLines:
    def __init__(self, crawler, progress: Progress):
        self.stats = crawler.stats
        self.progress = progress
        self.task_id = None
        self.counts = ""
        self.started = 0.0
        self.loop = task.LoopingCall(self.refresh)
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        from scrapy.exceptions import NotConfigured

        if _progress is None:  # no message: Scrapy then disables it without a warning
            raise NotConfigured
        return cls(crawler, _progress)

    def spider_opened(self, spider):
        self.started = time.monotonic()
        self.task_id = self.progress.add_task(spider.name, total=None, counts="starting")
        self.loop.start(0.5)

    def refresh(self):
        self.counts = counts_text(self.stats.get_stats(), time.monotonic() - self.started)
        self.progress.update(self.task_id, counts=self.counts)

    def spider_closed(self, spider, reason):
        if self.loop.running:
            self.loop.stop()
        self.refresh()
        status = self.stats.get_value("run/status", reason)
        self.progress.update(self.task_id, total=1, completed=1,
                             counts=f"{self.counts} · {status}")
