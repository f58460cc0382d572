"""The scorecard spider on saved API pages: items, null fields, paging, key and API errors."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import pytest
from scrapy.exceptions import CloseSpider
from scrapy.http import Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from crawler import settings as project_settings
from crawler.items import ProgramOutcomeItem, SchoolFactsItem
from crawler.settings import PROJECT_ROOT
from spiders.scorecard import ScorecardSpider
from tests.helpers import file_response

PROJECT_SETTINGS = {name: getattr(project_settings, name) for name in dir(project_settings)
                    if name.isupper()}


def make_spider(**settings):
    crawler = get_crawler(ScorecardSpider, PROJECT_SETTINGS | {
        "SCORECARD_API_KEY": "TEST_KEY", "SCORECARD_PER_PAGE": 3} | settings)
    crawler.stats.open_spider()
    return ScorecardSpider.from_crawler(crawler)


def parse(name: str, page: int):
    spider = make_spider()
    response = file_response(f"scorecard/{name}", spider.page_url(page))
    return list(spider.parse(response, page=page))


def of_type(results, kind):
    return [r for r in results if isinstance(r, kind)]


def test_page_url_asks_for_the_cip_family_and_the_fields():
    query = parse_qs(urlsplit(make_spider().page_url(2)).query)
    assert query["api_key"] == ["TEST_KEY"]
    assert query["latest.programs.cip_4_digit.code"] == ["5107"]
    assert query["page"] == ["2"] and query["per_page"] == ["3"]
    assert "all_programs_nested" not in query  # only the matching programs
    assert "latest.programs.cip_4_digit.earnings.4_yr.overall_median_earnings" in \
        query["fields"][0].split(",")


def test_first_page_yields_facts_outcomes_and_the_next_page():
    results = parse("page_0.json", 0)
    facts, outcomes = of_type(results, SchoolFactsItem), of_type(results, ProgramOutcomeItem)
    assert [f["unitid"] for f in facts] == [104350, 109152, 115007]
    assert len(outcomes) == 4
    next_pages = of_type(results, Request)
    assert len(next_pages) == 1
    assert parse_qs(urlsplit(next_pages[0].url).query)["page"] == ["1"]


@pytest.mark.parametrize("field, value", [
    ("outcome_id", "104350-51.07-1"), ("unitid", 104350), ("cip_4digit", "51.07"),
    ("credential_level", "certificate"), ("credential_level_code", 1),
    ("title", "Health and Medical Administrative Services."), ("source", "scorecard")])
def test_outcome_fields(field, value):
    outcome = of_type(parse("page_0.json", 0), ProgramOutcomeItem)[0]
    assert outcome[field] == value


def test_records_never_keep_the_api_key():
    results = parse("page_0.json", 0)
    urls = {item["source_url"] for item in results if not isinstance(item, Request)}
    assert urls and not any("api_key" in url or "TEST_KEY" in url for url in urls)


def test_last_page_stops_and_reads_nulls_nested_records_and_only_51_07():
    results = parse("last_page.json", 1)
    assert of_type(results, Request) == []
    facts = {f["unitid"]: f for f in of_type(results, SchoolFactsItem)}
    assert facts[990003]["online_only"] is None
    assert facts[990003]["tuition_in_state"] is None
    # A key the API did not send is not carried (its stored value stays, db/promotion.py).
    assert "tuition_out_of_state" not in facts[990003]
    assert (facts[990004]["name"], facts[990004]["online_only"],
            facts[990004]["tuition_in_state"]) == ("Nested Form College", 1, 4120)
    outcomes = {o["outcome_id"]: o for o in of_type(results, ProgramOutcomeItem)}
    assert sorted(outcomes) == ["990003-51.07-8", "990004-51.07-1"]  # nursing (5138) left out
    graduate = outcomes["990003-51.07-8"]
    assert graduate["credential_level"] is None  # a graduate certificate has no word of ours
    assert (graduate["median_earnings_1yr"], graduate["median_earnings_4yr"],
            graduate["median_debt"], graduate["awards"]) == (None, None, 18250, None)
    assert outcomes["990004-51.07-1"]["median_earnings_4yr"] == 35200


def test_a_page_that_is_not_json_fails_the_run():
    spider = make_spider()
    response = Response(spider.page_url(0), body=b"<html>maintenance</html>")
    with pytest.raises(CloseSpider) as closed:
        list(spider.parse(response, page=0))
    assert closed.value.reason == "scorecard_api_error"


def test_missing_key_stops_at_once():
    spider = make_spider(SCORECARD_API_KEY="")
    with pytest.raises(CloseSpider) as closed:
        asyncio.run(anext(spider.start()))
    assert closed.value.reason == "missing_api_key"


def test_an_invalid_key_fails_with_the_api_message():
    spider = make_spider()
    body = json.dumps({"error": {"code": "API_KEY_INVALID", "message": "An invalid api_key"}})
    response = Response(spider.page_url(0), status=403, body=body.encode(),
                        request=Request(spider.page_url(0)))
    with pytest.raises(CloseSpider) as closed:
        spider.api_failed(Failure(HttpError(response)))
    assert closed.value.reason == "invalid_api_key"


def test_pages_follow_the_page_size_the_api_applied():
    spider = make_spider(SCORECARD_PER_PAGE=100)
    body = json.dumps({"metadata": {"total": 150, "page": 0, "per_page": 50}, "results": []})
    results = list(spider.parse(Response(spider.page_url(0), body=body.encode()), page=0))
    assert [parse_qs(urlsplit(r.url).query)["page"] for r in of_type(results, Request)] == [["1"]]


def test_per_page_over_the_api_maximum_is_refused():
    with pytest.raises(ValueError, match="SCORECARD_PER_PAGE must be 1 to 100"):
        make_spider(SCORECARD_PER_PAGE=101)


@pytest.mark.crawl
def test_crawl_without_a_key_is_a_failed_run_with_one_clear_line(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}  # no SCORECARD_API_KEY
    result = subprocess.run(
        [sys.executable, "-m", "crawler", "crawl", "scorecard", "--db", str(tmp_path / "d.db")],
        capture_output=True, text=True, cwd=PROJECT_ROOT, env=env, timeout=60)
    assert result.returncode == 1
    assert "scorecard: failed (run 1, finish reason missing_api_key" in result.stdout
    assert "no College Scorecard API key: set the environment variable SCORECARD_API_KEY" \
        in result.stderr
