"""The console a person watches: one progress line per spider (crawler/progress.py)."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from scrapy.exceptions import NotConfigured

from crawler import progress
from crawler.progress import ProgressLines, counts_text, progress_display, show_progress_on


def test_the_line_counts_pages_items_errors_and_rate():
    stats = {"response_received_count": 30, "item_scraped_count": 12, "log_count/ERROR": 1}
    assert counts_text(stats, 10.0) == "30 pages · 12 items · 1 errors · 3.0 pages/s"
    assert counts_text({}, 0.0) == "0 pages · 0 items · 0 errors · 0.0 pages/s"


def test_without_a_display_the_extension_stays_out_of_the_way(crawler):
    show_progress_on(None)
    with pytest.raises(NotConfigured):
        ProgressLines.from_crawler(crawler)


def test_a_spider_gets_a_line_that_ends_with_its_run_status(crawler, monkeypatch):
    display = progress_display(Console(file=io.StringIO(), width=120))
    show_progress_on(display)
    try:
        lines = ProgressLines.from_crawler(crawler)
    finally:
        show_progress_on(None)
    monkeypatch.setattr(lines.loop, "start", lambda interval: None)
    spider = type("Spider", (), {"name": "ipeds"})()
    lines.spider_opened(spider)
    crawler.stats.set_value("response_received_count", 4)
    crawler.stats.set_value("run/status", "succeeded")
    lines.spider_closed(spider, "finished")
    task = display.tasks[0]
    assert task.description == "ipeds" and task.finished
    assert task.fields["counts"].startswith("4 pages · 0 items · 0 errors")
    assert task.fields["counts"].endswith("· succeeded")
    assert progress._progress is None
