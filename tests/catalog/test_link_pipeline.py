"""Linking catalog programs to IPEDS institutions and listings, without a crawl."""

from __future__ import annotations

import pytest

from crawler.items import ProgramItem
from crawler.run_recorder import RunRecorder
from pipelines.link import LinkPipeline
from pipelines.store import StorePipeline
from spiders.base import SourceSpider


@pytest.fixture
def ipeds(database):
    database["institutions"].insert({"unitid": 100, "name": "Harbor Point Community College",
                                     "city": "Erie", "state": "PA", "source": "ipeds",
                                     "website": "www.harborpoint.edu/"})
    database["programs"].insert_all([
        {"program_id": "ipeds-hit", "source": "ipeds", "unitid": 100, "track": "hit",
         "credential_level": "associate", "title": "Health Information/Medical Records Technology",
         "url": "https://nces.ed.gov/collegenavigator/?id=100#programs"},
        {"program_id": "ipeds-code", "source": "ipeds", "unitid": 100, "track": "billing_coding",
         "credential_level": "certificate", "title": "Medical Insurance Coding"},
        {"program_id": "ipeds-bill", "source": "ipeds", "unitid": 100, "track": "billing_coding",
         "credential_level": "certificate", "title": "Medical Insurance Billing"},
    ])
    return database


PROGRAM_PATH = "preview_program.php?catoid=12&poid=3401"


def catalog_program(**fields):
    base = dict(program_id="catalog-1", source="catalog",
                title="Health Information Technology, AAS", institution_name="Harbor Point CC",
                track="hit", credential_level="associate", delivery_mode="hybrid",
                source_url=f"http://catalog.harborpoint.edu:8765/{PROGRAM_PATH}",
                url=f"https://catalog.harborpoint.edu/{PROGRAM_PATH}")
    return ProgramItem(**(base | fields))


@pytest.fixture
def link(crawler, ipeds):
    pipeline = LinkPipeline.from_crawler(crawler)
    pipeline.open_spider()
    return pipeline


@pytest.fixture
def campuses(ipeds):
    ipeds["institutions"].insert_all([
        {"unitid": 201, "name": "Brightline College-Redding",
         "website": "https://www.brightline.edu/redding/"},
        {"unitid": 202, "name": "Brightline College-Lima",
         "website": "https://www.brightline.edu/campuses/lima"}])
    return ipeds


@pytest.mark.parametrize("page, unitid", [
    ("https://www.brightline.edu/redding/programs/medical-coding/", 201),
    ("https://www.brightline.edu/campuses/lima/hit-aas.html", 202),
    ("https://catalog.brightline.edu/programs/medical-coding/", None),  # any campus: not guessed
])
def test_campuses_sharing_a_website_are_told_apart_by_path(crawler, campuses, page, unitid):
    pipeline = LinkPipeline.from_crawler(crawler)
    pipeline.open_spider()
    assert pipeline.process_item(catalog_program(source_url=page)).get("unitid") == unitid


def test_program_links_to_its_institution_by_website_domain(link):
    item = link.process_item(catalog_program())
    assert (item["unitid"], item["institution_name"], item["city"], item["state"]) == (
        100, "Harbor Point Community College", "Erie", "PA")


def test_program_links_to_the_ipeds_listing_of_same_track_and_level(link, crawler):
    assert link.process_item(catalog_program())["ipeds_program_id"] == "ipeds-hit"
    assert crawler.stats.get_value("link/ipeds_program/matched") == 1


def test_two_candidate_listings_are_not_guessed_between(link, crawler):
    item = link.process_item(catalog_program(track="billing_coding",
                                             credential_level="certificate"))
    assert item.get("ipeds_program_id") is None
    assert crawler.stats.get_value("link/ipeds_program/ambiguous") == 1


def test_a_removed_ipeds_listing_is_not_linked(crawler, ipeds):
    ipeds["programs"].update("ipeds-bill", {"removed_at": "2026-01-01T00:00:00+00:00"})
    pipeline = LinkPipeline.from_crawler(crawler)
    pipeline.open_spider()
    item = pipeline.process_item(catalog_program(track="billing_coding",
                                                 credential_level="certificate"))
    assert item["ipeds_program_id"] == "ipeds-code"  # the one listing still offered


def test_other_track_has_no_ipeds_listing(link):
    assert link.process_item(catalog_program(track="other")).get("ipeds_program_id") is None


def test_unknown_college_stays_unlinked(link, crawler):
    item = link.process_item(catalog_program(source_url="https://www.elsewhere.edu/hit.html"))
    assert item.get("unitid") is None
    assert crawler.stats.get_value("link/institution/unmatched") == 1


def test_a_seed_unitid_unknown_to_the_database_is_dropped(link):
    # The programs table has a foreign key to institutions: an unknown unitid cannot be stored.
    assert link.process_item(catalog_program(unitid=999)).get("unitid") is None


def test_ipeds_programs_pass_untouched(link):
    item = ProgramItem(program_id="ipeds-x", source="ipeds", unitid=5, title="X")
    assert dict(link.process_item(item)) == dict(item)


def test_without_a_database_programs_pass_unlinked(crawler):
    pipeline = LinkPipeline.from_crawler(crawler)
    pipeline.open_spider()
    assert pipeline.process_item(catalog_program()).get("unitid") is None


def test_both_records_are_kept_with_their_own_provenance(link, crawler, ipeds):
    recorder = crawler.get_extension(RunRecorder)
    spider = SourceSpider(name="catalog")
    recorder.spider_opened(spider)
    store = StorePipeline.from_crawler(crawler)
    store.process_item(link.process_item(catalog_program(fetched_at="2026-01-01T00:00:00+00:00")))
    store.close_spider()
    crawler.stats.set_value("item_scraped_count", 1)
    recorder.spider_closed(spider, "finished")  # a healthy run: its staged rows go live
    rows = {row["program_id"]: row for row in ipeds.query(
        "select program_id, source, url, ipeds_program_id from programs where unitid = 100")}
    assert rows["catalog-1"]["ipeds_program_id"] == "ipeds-hit"
    assert rows["catalog-1"]["url"].startswith("https://catalog.harborpoint.edu/")
    assert (rows["ipeds-hit"]["source"], rows["ipeds-hit"]["url"]) == (
        "ipeds", "https://nces.ed.gov/collegenavigator/?id=100#programs")
