"""The IPEDS spider against saved data files (tests/fixtures/ipeds/), no network."""

from __future__ import annotations

import json

import pytest
from scrapy.exceptions import CloseSpider
from scrapy.utils.test import get_crawler

from crawler import settings as project_settings
from crawler.items import InstitutionItem, ProgramItem
from crawler.sources.ipeds import AWARD_LEVELS, DEP_CAMPUS_TEXT, DEP_DISTANCE_TEXT
from pipelines.classify import ClassifyPipeline
from spiders.ipeds import IpedsSpider
from tests.helpers import FIXTURES, file_response

PROJECT_SETTINGS = {name: getattr(project_settings, name) for name in dir(project_settings)
                    if name.isupper()}
BASE = "https://nces.ed.gov/ipeds/datacenter/data/"
EXPECTED = json.loads((FIXTURES / "ipeds" / "expected.json").read_text())


def make_spider(**kwargs):
    crawler = get_crawler(IpedsSpider, settings_dict=PROJECT_SETTINGS)
    crawler.stats.open_spider()
    return IpedsSpider.from_crawler(crawler, **kwargs)


def response(name, folder="ipeds"):
    return file_response(f"{folder}/{name}.zip", BASE + f"{name}.zip",
                         meta={"file_name": f"{name}.zip"})


def crawl_fixtures(spider, broken=None):
    """Drive the callbacks in order, as Scrapy would, with one file swapped for a broken one."""
    tables = {}
    folder = lambda name: broken[1] if broken and broken[0] == name else "ipeds"  # noqa: E731
    requests = list(spider.parse_directory(response("HD2023", folder("HD2023")), tables))
    assert [r.url for r in requests] == [BASE + "C2023DEP.zip"]
    requests = list(spider.parse_offers(response("C2023DEP", folder("C2023DEP")), tables))
    assert [r.url for r in requests] == [BASE + "C2023_A.zip"]
    return list(spider.parse_completions(response("C2023_A", folder("C2023_A")), tables))


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


def test_start_requests_the_directory_file_at_the_real_url():
    spider = make_spider()
    assert spider.file_url("HD2023") == "https://nces.ed.gov/ipeds/datacenter/data/HD2023.zip"


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
    assert {p["delivery_text"] for p in programs} == {DEP_DISTANCE_TEXT, DEP_CAMPUS_TEXT}
    decided = ("track", "credential_level", "delivery_mode", "credential_evidence",
               "delivery_evidence")
    assert not any(field in p for p in programs for field in decided)


@pytest.mark.parametrize("field", ["credential_level", "track", "delivery_mode"])
def test_classified_programs_match_the_files(classified, field):
    programs = programs_by_key(classified)
    for expected in EXPECTED["programs"]:
        program = programs[(expected["unitid"], expected["cip_code"], expected["award_level"])]
        assert program[field] == expected[field], (expected, field)


def test_delivery_evidence_quotes_ipeds(classified):
    online = [p for p in classified
              if isinstance(p, ProgramItem) and p["delivery_mode"] == "online"]
    assert online
    assert all(p["delivery_text"] == DEP_DISTANCE_TEXT for p in online)
    assert all(p["delivery_evidence"] == f'delivery: "{DEP_DISTANCE_TEXT}"' for p in online)


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
    assert spider.crawler.stats.get_value("ipeds/row_errors") == 1
    assert any(isinstance(i, ProgramItem) for i in items)


def test_unknown_award_level_argument_is_refused():
    with pytest.raises(ValueError, match="unknown award level"):
        make_spider(award_levels="assoc,phd")
