"""The College Scorecard API key never leaves the process: not in a log line, not in the
traceback of a failed download, not in the HTTP cache on disk."""

from __future__ import annotations

import logging
import socket
import stat
import subprocess
import sys
import threading

import pytest
from scrapy import Request
from scrapy.http import TextResponse
from scrapy.utils.test import get_crawler

from crawler import settings as project_settings
from crawler.log_redaction import RedactSecrets, install
from crawler.settings import PROJECT_ROOT
from spiders.scorecard import ScorecardSpider

KEY = "Zq8SECRETkey0123456789abcdefghijklmnopqrs"
API = "https://api.data.gov/ed/collegescorecard/v1/schools"


@pytest.fixture
def stalling_server():
    """A loopback server that accepts connections and never answers: every download times out."""
    listener = socket.create_server(("127.0.0.1", 0))
    accepted = []

    def accept():
        while True:
            try:
                accepted.append(listener.accept()[0])
            except OSError:  # closed by the test
                return

    threading.Thread(target=accept, daemon=True).start()
    yield listener.getsockname()[1]
    listener.close()
    for connection in accepted:
        connection.close()


@pytest.mark.crawl
def test_a_timed_out_api_request_leaves_no_key_in_the_log(stalling_server, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "crawler", "crawl", "scorecard", "--db", str(tmp_path / "d.db"),
         "-a", f"api_key={KEY}", "-a",
         f"base_url=http://127.0.0.1:{stalling_server}/ed/collegescorecard/v1/schools",
         "-s", "DOWNLOAD_TIMEOUT=1", "-s", "RETRY_TIMES=0", "-s", "ROBOTSTXT_OBEY=False",
         "-s", f"HTTPCACHE_DIR={tmp_path / 'httpcache'}"],
        capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120)
    assert result.returncode == 1
    assert "DownloadTimeoutError" in result.stderr  # the traceback is still there...
    assert KEY not in result.stderr + result.stdout  # ...without the key
    assert "api_key=***" in result.stderr


def test_a_traceback_is_masked_at_the_default_log_level(caplog):
    install()
    url = f"{API}?api_key={KEY}&page=0"
    try:
        raise TimeoutError(f"Getting {url} took longer than 60 seconds.")
    except TimeoutError:
        logging.getLogger("scrapy.core.scraper").error("Error downloading %s", url,
                                                       exc_info=True, stack_info=True)
    formatted = logging.Formatter().format(caplog.records[-1])
    assert "Traceback (most recent call last)" in formatted
    assert "TimeoutError: Getting" in formatted and "api_key=***&page=0" in formatted
    assert KEY not in formatted


def test_a_key_outside_a_query_string_is_masked_once_the_crawler_knows_it(caplog):
    RedactSecrets.from_crawler(get_crawler(settings_dict={"SCORECARD_API_KEY": KEY}))
    logging.getLogger("crawler").warning("header X-Api-Key: %s, encoded %s", KEY,
                                         f"api_key%3D{KEY}")
    assert KEY not in logging.Formatter().format(caplog.records[-1])


@pytest.fixture
def cache_storage(tmp_path):
    from scrapy.utils.misc import load_object

    settings = {name: getattr(project_settings, name) for name in dir(project_settings)
                if name.isupper()}
    crawler = get_crawler(ScorecardSpider, settings | {
        "HTTPCACHE_DIR": str(tmp_path / "httpcache"), "SCORECARD_API_KEY": KEY})
    crawler._apply_settings()
    spider = ScorecardSpider.from_crawler(crawler)
    storage = load_object(crawler.settings["HTTPCACHE_STORAGE"])(crawler.settings)
    storage.open_spider(spider)
    return spider, storage, tmp_path / "httpcache"


def test_the_http_cache_keeps_no_key_and_is_private(cache_storage):
    spider, storage, cache_dir = cache_storage
    request = Request(spider.page_url(0))
    assert KEY in request.url
    response = TextResponse(request.url, body=b'{"metadata": {"total": 0}, "results": []}',
                            headers={"ETag": '"v1"'}, request=request)
    storage.store_response(spider, request, response)

    files = [path for path in cache_dir.rglob("*") if path.is_file()]
    assert files, "nothing was cached"
    for path in files:
        assert KEY.encode() not in path.read_bytes(), f"the key is in {path}"
    # Private: no one but the owner can list or read the cache, whatever the umask.
    assert stat.S_IMODE(cache_dir.stat().st_mode) & 0o077 == 0
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path

    cached = storage.retrieve_response(spider, Request(spider.page_url(0)))
    assert cached is not None and cached.body == response.body  # still a cache hit
    assert KEY not in cached.url
    assert storage.retrieve_response(spider, Request(spider.page_url(1))) is None
