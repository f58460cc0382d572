"""The classify pipeline: the one place track, credential and delivery are decided, for every
source, from the source's words; it counts what it decided."""

import pytest
from scrapy.utils.test import get_crawler

from crawler.items import InstitutionItem, ProgramItem
from crawler.sources.ipeds import DEP_CAMPUS_TEXT, DEP_DISTANCE_TEXT
from pipelines.classify import ClassifyPipeline


@pytest.fixture
def crawler():
    return get_crawler()


@pytest.fixture
def pipeline(crawler):
    return ClassifyPipeline.from_crawler(crawler)


def test_sets_every_field_with_evidence(pipeline):
    item = pipeline.process_item(ProgramItem(
        title="Medical Billing & Coding Specialist - Online", cip_code="51.0713",
        credential_text="Certificate of Proficiency"))
    assert item["track"] == "billing_coding"
    assert item["track_confidence"] > 0.9
    assert "cip 51.0713" in item["track_evidence"]
    assert (item["credential_level"], item["delivery_mode"]) == ("certificate", "online")
    assert item["credential_evidence"] and item["delivery_evidence"]


def test_decides_ipeds_rows_from_the_words_the_spider_passed(pipeline, crawler):
    item = pipeline.process_item(ProgramItem(
        source="ipeds", title="Health Information/Medical Records Technology/Technician",
        cip_code="51.0707", credential_text="Associate's degree",
        delivery_text=DEP_DISTANCE_TEXT))
    assert item["track"] == "hit"
    assert (item["credential_level"], item["credential_evidence"]) == (
        "associate", 'credential: "Associate\'s degree" (IPEDS award level)')
    assert (item["delivery_mode"], item["delivery_evidence"]) == (
        "online", f'delivery: "{DEP_DISTANCE_TEXT}"')
    assert item["delivery_text"].startswith("IPEDS DEP")  # the input is left as the source said
    assert crawler.stats.get_value("classify/credential_level/associate") == 1
    assert crawler.stats.get_value("classify/delivery_mode/online") == 1


def test_reads_the_sources_delivery_statement(pipeline):
    item = pipeline.process_item(ProgramItem(
        title="Medical Coding", delivery_text=DEP_CAMPUS_TEXT))
    assert item["delivery_mode"] == "campus"
    assert "IPEDS DEP" in item["delivery_evidence"]


def test_writes_every_mode_a_program_is_offered_in(pipeline):
    item = pipeline.process_item(ProgramItem(
        source="catalog", title="Health Information Technology",
        delivery_text="The program is offered fully online or on campus."))
    assert (item["delivery_mode"], item["delivery_options"]) == ("online", "online,campus")


def test_replaces_decisions_a_spider_set(pipeline):
    item = pipeline.process_item(ProgramItem(
        source="catalog", title="Medical Coding", credential_text="Associate of Applied Science",
        credential_level="certificate", credential_evidence="guessed by a spider",
        delivery_mode="online", delivery_evidence="guessed by a spider"))
    assert (item["credential_level"], item["delivery_mode"]) == ("associate", "unknown")
    assert "spider" not in item["credential_evidence"] + item["delivery_evidence"]


def test_replaces_a_track_the_spider_guessed(pipeline):
    item = pipeline.process_item(ProgramItem(title="Medical Assistant", track="billing_coding"))
    assert item["track"] == "other"


def test_counts_tracks_and_low_confidence(pipeline, crawler):
    for title in ("Medical Coding", "Medical Billing", "Health Information Technology", "Welding"):
        pipeline.process_item(ProgramItem(title=title))
    assert crawler.stats.get_value("classify/track/billing_coding") == 2
    assert crawler.stats.get_value("classify/track/hit") == 1
    assert crawler.stats.get_value("classify/track/other") == 1
    assert crawler.stats.get_value("classify/track/low_confidence") == 1  # "Welding": no signal


def test_leaves_institutions_alone(pipeline):
    institution = InstitutionItem(name="Example Community College")
    assert dict(pipeline.process_item(institution)) == {"name": "Example Community College"}
