"""Pipelines run without a crawl: get_crawler + process_item, one job each."""

from __future__ import annotations

import pytest
import sqlite_utils
from scrapy.exceptions import DropItem

from crawler.cip import cip_title
from crawler.items import InstitutionItem, ProgramItem
from crawler.run_recorder import RunRecorder
from pipelines.classify import ClassifyPipeline
from pipelines.normalize import NormalizePipeline
from pipelines.store import StorePipeline
from pipelines.validate import ValidatePipeline
from spiders.base import SourceSpider


def program(**fields):
    base = dict(program_id="ipeds-1", source="ipeds", unitid=100, institution_name="Bay CC",
                state="nj", title="  Health Information/Medical Records\n Technology ",
                cip_code="51.0707", credential_text="Associate's degree",
                delivery_text="IPEDS DEP: all required coursework can be completed at a distance")
    return ProgramItem(**(base | fields))


def classified_program(**fields):
    """A program as it leaves the classify pipeline, the only one that sets these decisions."""
    return program(**({"track": "hit", "credential_level": "associate",
                       "delivery_mode": "online"} | fields))


def institution(unitid=100, **fields):
    return InstitutionItem(**({"unitid": unitid, "name": "Bay Community College",
                               "state": "NJ", "source": "ipeds"} | fields))


def test_normalize_tidies_text_state_and_cip(crawler):
    item = NormalizePipeline.from_crawler(crawler).process_item(program(description="  "))
    assert item["title"] == "Health Information/Medical Records Technology"
    assert item["state"] == "NJ"
    assert item["description"] is None
    assert item["fetched_at"]


def test_normalize_drops_a_malformed_cip_code_but_keeps_the_program(crawler):
    item = NormalizePipeline.from_crawler(crawler).process_item(program(cip_code="51.07x7"))
    assert item["cip_code"] is None
    assert crawler.stats.get_value("normalize/cip_code_invalid") == 1


def test_classify_decides_from_the_structured_source_words(crawler):
    item = ClassifyPipeline.from_crawler(crawler).process_item(program())
    assert item["track"] == "hit"
    assert "51.0707" in item["track_evidence"]
    assert item["delivery_mode"] == "online"
    assert item["credential_level"] == "associate"


@pytest.mark.parametrize("cip_code, credential_text, track", [
    ("51.0713", "Certificate of less than 1 year", "billing_coding"),
    ("51.0714", "Certificate of at least 1 but less than 2 years", "billing_coding"),
    ("51.0706", "Certificate of at least 2 but less than 4 years", "him"),
    ("51.0707", "Associate's degree", "hit"),
])
def test_classify_ipeds_rows_by_cip_title_and_code(crawler, cip_code, credential_text, track):
    """IPEDS rows carry the CIP title as their title: the track follows the code."""
    item = ClassifyPipeline.from_crawler(crawler).process_item(
        program(cip_code=cip_code, title=cip_title(cip_code), credential_text=credential_text))
    assert item["track"] == track
    assert cip_code in item["track_evidence"]


def test_validate_drops_items_missing_required_fields(crawler):
    pipeline = ValidatePipeline.from_crawler(crawler)
    with pytest.raises(DropItem):
        pipeline.process_item(classified_program(track=None))
    assert crawler.stats.get_value("validate/missing/track") == 1


def test_validate_drops_unknown_values(crawler):
    pipeline = ValidatePipeline.from_crawler(crawler)
    with pytest.raises(DropItem):
        pipeline.process_item(classified_program(delivery_mode="sometimes"))
    assert crawler.stats.get_value("validate/invalid/delivery_mode") == 1


def test_store_stages_in_batches_and_a_healthy_run_promotes(crawler, database_path):
    recorder = crawler.get_extension(RunRecorder)
    spider = SourceSpider(name="ipeds")
    recorder.spider_opened(spider)
    store = StorePipeline.from_crawler(crawler)
    store.process_item(institution())
    for n in range(4):  # batch size 3: one flush mid-way, one at close
        store.process_item(classified_program(program_id=f"ipeds-{n}"))
    store.process_item(classified_program(program_id="ipeds-0", track="him"))  # re-crawl: same id
    db = sqlite_utils.Database(database_path)
    assert db["staged_programs"].count == 4  # two batches flushed, the re-crawl upserted
    assert db["programs"].count == 0  # nothing is live before the run ends
    store.close_spider()
    crawler.stats.set_value("item_scraped_count", 6)
    recorder.spider_closed(spider, "finished")
    assert db["programs"].count == 4
    assert db["programs"].get("ipeds-0")["track"] == "him"
    assert db["institutions"].get(100)["name"] == "Bay Community College"
    assert db.execute("pragma foreign_key_check").fetchall() == []
    assert crawler.stats.get_value("store/staged_programs") == 5
    assert crawler.stats.get_value("run/status") == "succeeded"
