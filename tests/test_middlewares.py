"""RetryAfterMiddleware: a server that says "slow down" is obeyed, over real HTTP."""

from __future__ import annotations

import email.utils
import json
import subprocess
import sys
import time

import pytest

from crawler.middlewares import retry_after_seconds
from crawler.settings import PROJECT_ROOT
from sampleweb.server import SampleWeb

SPIDER = '''
from spiders.base import SourceSpider

class BusySpider(SourceSpider):
    name = "busy"

    def __init__(self, url, **kwargs):
        super().__init__(**kwargs)
        self.start_urls = [url]

    def parse(self, response):
        self.logger.info("fetched %s with %d", response.url, response.status)
'''


@pytest.mark.parametrize("header, expected", [(b"7", 7.0), (b"", None), (b"soon", None)])
def test_retry_after_in_seconds(header, expected):
    assert retry_after_seconds(header) == expected


def test_retry_after_as_an_http_date():
    in_a_minute = email.utils.formatdate(time.time() + 60, usegmt=True).encode()
    assert 55 <= retry_after_seconds(in_a_minute) <= 60


@pytest.mark.crawl
def test_a_rate_limited_page_is_retried_after_the_wait_the_server_asked_for(tmp_path):
    site = tmp_path / "sites" / "api.example.gov"
    site.mkdir(parents=True)
    (site / "busy").write_text("finally")
    (site / "_behaviors.json").write_text(json.dumps([
        {"path": "/busy", "status": 429, "times": 1, "headers": {"Retry-After": "2"}}]))
    (tmp_path / "busy_spider.py").write_text(SPIDER)
    with SampleWeb(tmp_path / "sites") as web:
        result = subprocess.run(
            [sys.executable, "-m", "scrapy", "runspider", str(tmp_path / "busy_spider.py"),
             "-a", "url=https://api.example.gov/busy",
             "-s", f"SAMPLE_WEB=127.0.0.1:{web.port}", "-s", "DOWNLOAD_DELAY=0",
             "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "HTTPCACHE_ENABLED=False",
             "-s", f"DATABASE_PATH={tmp_path / 'directory.db'}"],
            capture_output=True, text=True, timeout=120, cwd=PROJECT_ROOT)
        busy = [entry for entry in web.access_log if entry.path == "/busy"]
    assert result.returncode == 0, result.stderr[-3000:]
    assert [entry.status for entry in busy] == [429, 200]
    assert busy[1].at - busy[0].at >= 2.0
    assert "Retry-After 2 s: slowing api.example.gov down" in result.stderr
    assert "'retry_after/count': 1" in result.stderr
