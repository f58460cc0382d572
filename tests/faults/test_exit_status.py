"""A run that failed exits 1 from ``python -m crawler crawl`` and from ``scrapy crawl``, its
last stderr line saying why, so cron and the scheduler see it (0 and 75 mean other things)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from crawler.settings import PROJECT_ROOT
from sampleweb.build_ipeds_sample import YEAR
from tests.faults.proxy import Body

pytestmark = pytest.mark.crawl

IPEDS_HOST = "nces.ed.gov"
HD_ZIP = f"/ipeds/complete-data-files/HD{YEAR}.zip"
BROKEN = Body(b"<html><body>Service unavailable</body></html>")  # a page where a zip should be
FAILURE = f"run 2 failed: IPEDS file unusable: HD{YEAR}.zip: not a readable zip archive"


def scrapy_crawl(database, web) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "ipeds", "-s", f"DATABASE_PATH={database}",
         "-s", f"SAMPLE_WEB={web.address}", "-s", "HTTPCACHE_ENABLED=False",
         "-s", "LOG_LEVEL=WARNING"],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)


def test_scrapy_crawl_exits_1_when_the_run_failed(faulty_web, tmp_path):
    database = tmp_path / "directory.db"
    first = scrapy_crawl(database, faulty_web)
    assert first.returncode == 0, first.stderr[-2000:]
    faulty_web.add(IPEDS_HOST, HD_ZIP, BROKEN)
    result = scrapy_crawl(database, faulty_web)
    assert result.returncode == 1, result.stderr[-2000:]
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(f"scrapy crawl failed: ipeds: {FAILURE}"), last


def test_crawl_exits_1_when_the_run_failed(faulty_web, cli, tmp_path):
    database = tmp_path / "directory.db"
    first = cli("crawl", "ipeds", "--db", database, *faulty_web.crawl_options)
    assert first.returncode == 0, first.stderr[-2000:]
    faulty_web.add(IPEDS_HOST, HD_ZIP, BROKEN)
    result = cli("crawl", "ipeds", "--db", database, *faulty_web.crawl_options)
    assert result.returncode == 1, result.stderr[-2000:]
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(f"crawl failed: ipeds: {FAILURE}"), last
    assert "ipeds: failed" in result.stdout
