"""One crawl at a time, and a crawl killed with SIGKILL mid-run costs nothing."""

from __future__ import annotations

import json
import signal
import subprocess
import time

import pytest
from scrapy.exceptions import CloseSpider

from crawler.run_recorder import RunRecorder
from crawler.settings import ITEM_PIPELINES, PROJECT_ROOT
from sampleweb.server import SampleWeb
from spiders.base import SourceSpider
from tests.history.conftest import (FIRST_OFFERS, INSTITUTIONS, crawl_command,
                                    expected_programs, listed_programs, lock_held_elsewhere,
                                    query)
from tests.history.ipeds_site import Offer

# Every test here runs crawls in subprocesses (kill, lock, wait).
pytestmark = pytest.mark.crawl

SECOND_OFFERS = [FIRST_OFFERS[0], Offer(2, "51.0714", "cert2", online=True)]


def test_a_crawl_exits_75_while_another_holds_the_database(crawl, database_path):
    with lock_held_elsewhere(database_path):
        result = crawl()
    assert result.returncode == 75
    assert "another crawl is writing" in result.stderr and "--wait" in result.stderr
    assert "Traceback" not in result.stderr
    assert not database_path.exists()  # not even opened


def test_a_crawl_with_wait_starts_when_the_other_ends(site, database_path):
    with SampleWeb(site.sites_dir) as web:
        with lock_held_elsewhere(database_path):
            waiting = subprocess.Popen(crawl_command(database_path, web.port, "--wait", "30"),
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                       cwd=PROJECT_ROOT)
            time.sleep(1.5)  # long enough for the crawl to reach the lock
            assert waiting.poll() is None
        assert waiting.wait(timeout=60) == 0
    assert listed_programs(database_path) == expected_programs(FIRST_OFFERS)


def test_scrapy_crawl_is_guarded_too(crawler, database_path):
    recorder = crawler.get_extension(RunRecorder)
    with lock_held_elsewhere(database_path), pytest.raises(CloseSpider) as closing:
        recorder.spider_opened(SourceSpider(name="ipeds"))
    assert closing.value.reason == "crawl_locked"
    recorder.spider_closed(SourceSpider(name="ipeds"), "crawl_locked")  # records nothing
    assert not database_path.exists()


def test_kill_9_mid_run_leaves_a_consistent_database_and_the_next_run_completes(
        site, crawl, database_path, tmp_path):
    assert crawl().returncode == 0
    site.publish(INSTITUTIONS, SECOND_OFFERS)
    marker = tmp_path / "stalled"
    stall = ("-s", "STORE_BATCH_SIZE=1", "-s", f"STALL_MARKER={marker}",
             "-s", "STALL_AFTER_ITEMS=4", "-s",
             "ITEM_PIPELINES=" + json.dumps(
                 ITEM_PIPELINES | {"tests.history.stall.StallPipeline": 990}))
    with SampleWeb(site.sites_dir) as web:
        doomed = subprocess.Popen(crawl_command(database_path, web.port, *stall),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                  cwd=PROJECT_ROOT)
        try:
            _wait_for(marker, doomed)
            # Mid-run: items staged, readers still see the first run only ...
            assert query(database_path, "select (select count(*) from staged_institutions), "
                                        "(select count(*) from staged_programs)") == [(2, 2)]
            assert listed_programs(database_path) == expected_programs(FIRST_OFFERS)
            # ... and a second crawl is turned away.
            overlapping = subprocess.run(crawl_command(database_path, web.port),
                                         capture_output=True, text=True, cwd=PROJECT_ROOT,
                                         timeout=60)
            assert overlapping.returncode == 75
        finally:
            doomed.send_signal(signal.SIGKILL)
            doomed.wait(timeout=10)

    assert query(database_path, "pragma integrity_check") == [("ok",)]
    assert query(database_path, "pragma foreign_key_check") == []
    assert listed_programs(database_path) == expected_programs(FIRST_OFFERS)

    result = crawl()
    assert result.returncode == 0, result.stderr
    assert query(database_path, "select run_id, status, finish_reason from crawl_runs") == [
        (1, "succeeded", "finished"), (2, "failed", "abandoned"), (3, "succeeded", "finished")]
    assert listed_programs(database_path) == expected_programs(SECOND_OFFERS)
    assert query(database_path, "select count(*) from programs") == [(len(FIRST_OFFERS) + 1,)]
    assert query(database_path, "select change, count(*) from changes where run_id = 3 "
                                "group by change order by change") == [("added", 1),
                                                                       ("removed", 2)]
    assert query(database_path, "select count(*) from staged_programs") == [(0,)]


def _wait_for(marker, process, timeout=30.0):
    deadline = time.monotonic() + timeout
    while not marker.exists():
        assert process.poll() is None, "the crawl ended before it stalled"
        assert time.monotonic() < deadline, "the crawl never stalled"
        time.sleep(0.05)
