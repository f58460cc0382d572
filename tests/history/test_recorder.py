"""The run recorder in-process: a promotion that breaks is rolled back and recorded as failed;
a spider that is not a SourceSpider is refused."""

from __future__ import annotations

import sqlite3

import pytest
from scrapy import Spider
from scrapy.exceptions import CloseSpider

from crawler.items import InstitutionItem
from crawler.run_recorder import RunRecorder
from pipelines.store import StorePipeline
from spiders.base import SourceSpider
from tests.history.conftest import query


def test_a_promotion_that_breaks_is_rolled_back_and_the_run_failed(crawler, database_path,
                                                                   monkeypatch):
    def broken_promote(db, *args, **kwargs):
        db.execute("DELETE FROM staged_institutions")  # a first write, to be rolled back
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr("crawler.run_recorder.promote", broken_promote)
    recorder = crawler.get_extension(RunRecorder)
    spider = SourceSpider(name="ipeds")
    recorder.spider_opened(spider)
    store = StorePipeline.from_crawler(crawler)
    store.process_item(InstitutionItem(unitid=1, name="Bay CC", source="ipeds"))
    store.close_spider()
    with pytest.raises(sqlite3.OperationalError):
        recorder.spider_closed(spider, "finished")
    assert query(database_path, "select status, problems from crawl_runs") == [
        ("failed", "promotion failed: disk I/O error")]
    assert query(database_path, "select count(*) from staged_institutions") == [(1,)]
    assert query(database_path, "select count(*) from institutions") == [(0,)]
    assert crawler.stats.get_value("run/status") == "failed"


def test_a_spider_outside_the_contract_is_refused_before_it_touches_the_database(
        crawler, database_path):
    recorder = crawler.get_extension(RunRecorder)
    with pytest.raises(CloseSpider) as closing:
        recorder.spider_opened(Spider(name="newsource"))
    assert closing.value.reason == "not_a_source_spider"
    assert not database_path.exists()
