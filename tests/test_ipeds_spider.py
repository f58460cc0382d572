"""The IPEDS spider against saved data files (tests/fixtures/ipeds/), no network."""

from __future__ import annotations

import asyncio
import json

import pytest
import scrapy
from scrapy.exceptions import CloseSpider
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from crawler import settings as project_settings
from crawler.items import InstitutionItem, ProgramItem
from crawler.sources.ipeds import (AWARD_LEVELS, DEP_CAMPUS_TEXT, DEP_DISTANCE_TEXT,
                                   DEP_SOME_DISTANCE_TEXT)
from pipelines.classify import ClassifyPipeline
from spiders.ipeds import IpedsSpider
from tests.helpers import FIXTURES, file_response

PROJECT_SETTINGS = {name: getattr(project_settings, name) for name in dir(project_settings)
                    if name.isupper()}
BASE = "https://nces.ed.gov/ipeds/complete-data-files/"
EXPECTED = json.loads((FIXTURES / "ipeds" / "expected.json").read_text())


def make_spider(settings=None, **kwargs):
    crawler = get_crawler(IpedsSpider, settings_dict=PROJECT_SETTINGS | (settings or {}))
    crawler.stats.open_spider()
    return IpedsSpider.from_crawler(crawler, **{"year": "2023"} | kwargs)


def response(request, folder="ipeds"):
    name = request.meta["file_name"]
    return file_response(f"{folder}/{name}", request.url, meta=request.meta)


def crawl_fixtures(spider, broken=None, folder="ipeds"):
    """Drive the callbacks in order, as Scrapy would, with one file swapped for a broken one."""
    year = spider.year
    request = next(iter(_start(spider)))
    results = []
    for name in (f"HD{year}", f"C{year}DEP", f"C{year}_A"):
        assert request.url == BASE + f"{name}.zip"
        source = broken[1] if broken and broken[0] == name else folder
        results = list(request.callback(response(request, source), **request.cb_kwargs))
        request = results[0] if results and isinstance(results[0], scrapy.Request) else None
    return results


def _start(spider):
    async def collect():
        return [request async for request in spider.start()]
    return asyncio.run(collect())


@pytest.fixture(scope="module")
def items():
    return crawl_fixtures(make_spider())


@pytest.fixture(scope="module")
def classified(items):
    """The spider's items after the classify pipeline, which decides track, credential level
    and delivery mode from the words the spider passed."""
    pipeline = ClassifyPipeline.from_crawler(get_crawler())
    return [pipeline.process_item(item.copy()) for item in items]


def programs_by_key(items):
    """{(unitid, cip_code, award level key): program} for the programs among the items."""
    key_of_label = {level.label: key for key, level in AWARD_LEVELS.items()}
    return {(p["unitid"], p["cip_code"], key_of_label[p["credential_text"]]): p
            for p in items if isinstance(p, ProgramItem)}


def test_start_requests_the_directory_file_at_the_current_nces_location():
    spider = make_spider()
    assert [r.url for r in _start(spider)] == [
        "https://nces.ed.gov/ipeds/complete-data-files/HD2023.zip"]
    assert spider.base_urls[1] == "https://nces.ed.gov/ipeds/datacenter/data/"


def test_one_program_per_institution_cip_and_award_level(items):
    expected = {(p["unitid"], p["cip_code"], p["award_level"]) for p in EXPECTED["programs"]}
    assert set(programs_by_key(items)) == expected
    assert len([i for i in items if isinstance(i, ProgramItem)]) == len(expected)


@pytest.mark.parametrize("field", ["state", "completions"])
def test_program_fields_match_the_files(items, field):
    programs = programs_by_key(items)
    for expected in EXPECTED["programs"]:
        program = programs[(expected["unitid"], expected["cip_code"], expected["award_level"])]
        assert program[field] == expected[field], (expected, field)


def test_spider_passes_the_sources_words_and_leaves_decisions_to_the_classifier(items):
    programs = [p for p in items if isinstance(p, ProgramItem)]
    labels = {level.label for level in AWARD_LEVELS.values()}
    assert all(p["credential_text"] in labels for p in programs)
    assert {p["delivery_text"] for p in programs} == {DEP_DISTANCE_TEXT, DEP_SOME_DISTANCE_TEXT,
                                                      DEP_CAMPUS_TEXT}
    decided = ("track", "credential_level", "delivery_mode", "credential_evidence",
               "delivery_evidence")
    assert not any(field in p for p in programs for field in decided)


@pytest.mark.parametrize("field", ["credential_level", "track", "delivery_mode"])
def test_classified_programs_match_the_files(classified, field):
    programs = programs_by_key(classified)
    for expected in EXPECTED["programs"]:
        program = programs[(expected["unitid"], expected["cip_code"], expected["award_level"])]
        assert program[field] == expected[field], (expected, field)


@pytest.mark.parametrize("mode, text", [("online", DEP_DISTANCE_TEXT),
                                        ("hybrid", DEP_SOME_DISTANCE_TEXT),
                                        ("campus", DEP_CAMPUS_TEXT)])
def test_delivery_evidence_quotes_ipeds_own_words(classified, mode, text):
    programs = [p for p in classified
                if isinstance(p, ProgramItem) and p["delivery_mode"] == mode]
    assert programs
    assert all(p["delivery_text"] == text for p in programs)
    assert all(p["delivery_evidence"] == f'delivery: "{text}"' for p in programs)


def test_closed_institution_is_not_listed_and_counted(items):
    closed = [i["unitid"] for i in EXPECTED["not_listed"]]
    assert closed == [216418]
    assert not [i for i in items if i["unitid"] in closed]


@pytest.mark.parametrize("folder, year", [("ipeds/era_2019", "2019"),
                                          ("ipeds/era_split_no_des", "2021")])
def test_every_layout_gives_its_expected_programs(folder, year):
    expected = json.loads((FIXTURES / folder / "expected.json").read_text())
    pipeline = ClassifyPipeline.from_crawler(get_crawler())
    items = crawl_fixtures(make_spider(year=year), folder=folder)
    got = programs_by_key([pipeline.process_item(item.copy()) for item in items])
    assert set(got) == {(p["unitid"], p["cip_code"], p["award_level"])
                        for p in expected["programs"]}
    for program in expected["programs"]:
        item = got[(program["unitid"], program["cip_code"], program["award_level"])]
        assert (item["delivery_mode"], item["completions"], item["data_year"]) == (
            program["delivery_mode"], program["completions"], int(year))


def test_institutions_come_before_their_programs_with_their_place(items):
    seen = set()
    for item in items:
        if isinstance(item, InstitutionItem):
            seen.add(item["unitid"])
        else:
            assert item["unitid"] in seen
    institutions = {i["unitid"]: i for i in items if isinstance(i, InstitutionItem)}
    for expected in EXPECTED["institutions"]:
        got = institutions[expected["unitid"]]
        for field in ("name", "city", "state", "zip", "website", "latitude", "longitude"):
            assert got[field] == expected[field], (expected["unitid"], field)
    assert set(institutions) == {i["unitid"] for i in EXPECTED["institutions"]}


def test_bachelor_only_when_configured():
    default = crawl_fixtures(make_spider())
    with_bachelor = crawl_fixtures(make_spider(award_levels="cert1,cert2,cert4,assoc,bachelor"))
    levels = lambda items: {p["credential_text"] for p in items  # noqa: E731
                            if isinstance(p, ProgramItem)}
    assert AWARD_LEVELS["bachelor"].label not in levels(default)
    assert AWARD_LEVELS["bachelor"].label in levels(with_bachelor)


def test_program_ids_are_stable_across_crawls(items):
    again = crawl_fixtures(make_spider())
    ids = lambda items: sorted(p["program_id"] for p in items  # noqa: E731
                               if isinstance(p, ProgramItem))
    assert ids(items) == ids(again)


@pytest.mark.parametrize("file_name, folder, message", [
    ("C2023DEP", "ipeds/truncated", "not a readable zip archive"),
    ("C2023DEP", "ipeds/missing_column", "missing column(s) PASSOCDE"),
    ("C2023DEP", "ipeds/unknown_layout", "unknown C2023DEP layout for 2023: missing column(s) "
                                         "PCERT1, PCERT1A, PCERT1B"),
    ("HD2023", "ipeds/not_a_zip", "not a readable zip archive"),
])
def test_an_unusable_file_stops_the_run_with_a_clear_error(file_name, folder, message, caplog):
    spider = make_spider()
    with pytest.raises(CloseSpider) as stop:
        crawl_fixtures(spider, broken=(file_name, folder))
    assert stop.value.reason == "ipeds_file_error"
    assert message in caplog.text
    assert spider.crawler.stats.get_value("ipeds/file_errors") == 1


@pytest.mark.parametrize("file_name, folder, message", [
    ("C2023DEP", "ipeds/bad_cip", "unexpected CIP code format: '51.07x7'"),
    ("C2023_A", "ipeds/bad_awlevel", "unknown AWLEVEL '99'"),
])
def test_a_bad_row_is_logged_counted_and_skipped(file_name, folder, message, caplog):
    spider = make_spider()
    items = crawl_fixtures(spider, broken=(file_name, folder))
    assert message in caplog.text
    assert spider.crawler.stats.get_value("rows/errors") == 1
    assert spider.crawler.stats.get_value("rows/read") > 20
    assert not [r for r in caplog.records if r.levelname == "ERROR"]  # weighed, not fatal
    assert any(isinstance(i, ProgramItem) for i in items)


def test_unknown_award_level_argument_is_refused():
    with pytest.raises(ValueError, match="unknown award level"):
        make_spider(award_levels="assoc,phd")


def http_failure(request, status):
    failure = Failure(HttpError(Response(request.url, status=status, request=request)))
    failure.request = request  # as Scrapy sets it before calling an errback
    return failure


def test_a_404_asks_the_legacy_location_then_the_year_before():
    spider = make_spider(settings={"IPEDS_NEWEST_YEAR": 2024}, year="")
    assert spider.years == [2024, 2023, 2022, 2021]
    first = _start(spider)[0]
    assert first.url == "https://nces.ed.gov/ipeds/complete-data-files/HD2024.zip"
    legacy = spider.file_failed(http_failure(first, 404))
    assert legacy.url == "https://nces.ed.gov/ipeds/datacenter/data/HD2024.zip"
    older = spider.file_failed(http_failure(legacy, 404))
    assert older.url == "https://nces.ed.gov/ipeds/complete-data-files/HD2023.zip"


def test_a_year_given_is_not_swapped_for_another():
    spider = make_spider(year="2023")
    first = _start(spider)[0]
    legacy = spider.file_failed(http_failure(first, 404))
    with pytest.raises(CloseSpider):
        spider.file_failed(http_failure(legacy, 404))


def test_a_server_error_is_not_taken_for_a_missing_file():
    spider = make_spider(year="2023")
    with pytest.raises(CloseSpider):
        spider.file_failed(http_failure(_start(spider)[0], 503))


def test_the_year_read_is_recorded(items):
    spider = make_spider()
    crawl_fixtures(spider)
    assert spider.crawler.stats.get_value("run/data_year") == 2023
    assert {p["data_year"] for p in items if isinstance(p, ProgramItem)} == {2023}
    assert spider.crawler.stats.get_value("ipeds/institutions_not_listed") == 1
