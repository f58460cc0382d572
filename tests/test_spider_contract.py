"""The spider contract (spiders/base.py): a new source spider needs nothing beyond the base
class to be crawled, recorded and promoted, in sample mode through the real crawl command."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timezone

import pytest
import sqlite_utils
from scrapy.exceptions import CloseSpider
from scrapy.utils.test import get_crawler

from crawler.ids import program_id
from crawler.items import ProgramItem
from crawler.settings import PROJECT_ROOT
from sampleweb.server import SampleWeb
from spiders import catalog, ipeds, scorecard
from spiders.base import FAILURE_STAT, SourceSpider

PAGE = "https://www.example.edu/programs/hit.html"


class MinimalSpider(SourceSpider):
    """A fourth source as a newcomer would first write it: no contract methods of its own."""

    name = "minimal"
    start_urls = ["https://www.example.edu/hit"]  # the sample site redirects it to PAGE

    def parse(self, response):
        title = response.css("h1::text").get()
        yield ProgramItem(program_id=program_id(self.name, "example.edu", title), source=self.name,
                          title=title, credential_text="Associate of Applied Science",
                          url=response.url, source_url=response.url,
                          fetched_at=datetime.now(timezone.utc).isoformat(timespec="seconds"))


@pytest.fixture
def sites(tmp_path):
    site = tmp_path / "sites" / "www.example.edu"
    (site / "programs").mkdir(parents=True)
    (site / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n")
    (site / "programs" / "hit.html").write_text(
        "<html><body><h1>Health Information Technology</h1></body></html>")
    (site / "_behaviors.json").write_text(json.dumps(
        [{"path": "/hit", "redirect": "/programs/hit.html", "status": 301}]))
    return tmp_path / "sites"


@pytest.mark.crawl
def test_a_minimal_new_spider_is_crawled_and_promoted_in_sample_mode(sites, tmp_path):
    database = tmp_path / "directory.db"
    with SampleWeb(sites) as web:
        result = subprocess.run(
            [sys.executable, "-m", "crawler", "crawl", "minimal", "--sample-web",
             f"127.0.0.1:{web.port}", "--db", str(database),
             "-s", f"SPIDER_MODULES={__name__}", "-s", "LOG_LEVEL=INFO"],
            capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120)
        requested = [(entry.host, entry.path, entry.status) for entry in web.access_log]
    assert result.returncode == 0, result.stderr[-3000:]
    assert "minimal: succeeded" in result.stdout
    assert "programs: 1 added" in result.stdout
    # robots.txt first, then the redirect, all on the sample web under the real host name
    assert requested == [("www.example.edu", "/robots.txt", 200),
                         ("www.example.edu", "/hit", 301),
                         ("www.example.edu", "/programs/hit.html", 200)]
    program = next(sqlite_utils.Database(database)["programs"].rows)
    assert (program["title"], program["track"], program["credential_level"]) == (
        "Health Information Technology", "hit", "associate")
    assert program["url"] == program["source_url"] == PAGE  # the real URL, no sample port


def test_the_defaults_are_a_complete_run_over_the_whole_source():
    spider = MinimalSpider()
    assert spider.partial_run is False
    assert spider.removal_sites() is None


@pytest.mark.parametrize("spider_class", [ipeds.IpedsSpider, catalog.CatalogSpider,
                                          scorecard.ScorecardSpider])
def test_every_source_spider_keeps_the_contract(spider_class):
    assert issubclass(spider_class, SourceSpider)


@pytest.mark.parametrize("argument, settings, expected", [
    ("2022", {"IPEDS_YEAR": 2023}, "2022"),  # the argument wins
    (None, {"IPEDS_YEAR": 2023}, 2023),
    ("", {"IPEDS_YEAR": 2023}, 2023),  # -a year= is no argument
    (None, {"IPEDS_YEAR": ""}, "default"),
])
def test_an_argument_wins_over_its_setting(argument, settings, expected):
    spider = MinimalSpider.from_crawler(get_crawler(MinimalSpider, settings_dict=settings))
    assert spider.argument_or_setting(argument, "IPEDS_YEAR", "default") == expected


@pytest.fixture
def spider():
    """A spider whose crawler has its stats open, as during a run."""
    crawler = get_crawler(MinimalSpider)
    crawler.stats.open_spider()
    return MinimalSpider.from_crawler(crawler)


def test_fail_logs_counts_and_closes_with_the_reason(spider, caplog):
    with pytest.raises(CloseSpider) as closing:
        spider.fail("the listing page is gone", "listing_missing", stat="listing_errors")
    assert closing.value.reason == "listing_missing"
    assert spider.crawler.stats.get_value("minimal/listing_errors") == 1
    assert "the listing page is gone; nothing from this run is stored" in caplog.text


def test_fail_keeps_the_first_error_for_the_crawl_to_report(spider):
    for message in ("the listing page is gone", "a later page failed too"):
        with pytest.raises(CloseSpider):
            spider.fail(message, "listing_missing")
    assert spider.crawler.stats.get_value(FAILURE_STAT) == "the listing page is gone"


def test_fail_keeps_no_api_key_for_the_crawl_to_print(spider):
    with pytest.raises(CloseSpider):
        spider.fail("API unreachable: https://api.example.gov/v1/schools?api_key=Zq8SECRETkey01"
                    "&page=0 took longer than 60 seconds", "api_error")
    assert spider.crawler.stats.get_value(FAILURE_STAT) == (
        "API unreachable: https://api.example.gov/v1/schools?api_key=***&page=0 took longer "
        "than 60 seconds")
