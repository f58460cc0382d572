"""A renamed API field never overwrites good data.

Two defences: a health check on field coverage against the last healthy run (a field filled in
at least 90 % of a table's rows then, and now filled in fewer than half, makes the run
unhealthy), and a promotion that writes NULL over a stored value only when the source really
cleared it: the item carried the field, empty. A field the item did not carry at all (the
source said nothing about it, e.g. the API no longer sends that key) keeps its stored value.
"""

from __future__ import annotations

import sqlite3

import pytest
import sqlite_utils
from scrapy.utils.test import get_crawler

from crawler.health import HealthLimits, RunFacts, check
from crawler.items import SchoolFactsItem
from crawler.sources.scorecard import school_facts
from db.promotion import promote
from db.runs import begin_run
from db.schema import ensure_schema
from pipelines.store import StorePipeline
from tests.faults.proxy import RenameFields

API_HOST = "api.data.gov"
API_PATH = "/ed/collegescorecard/v1/schools"


def coverage_problems(stats, baseline):
    limits = HealthLimits(max_item_drop=0.5, max_error_rate=0.05, max_missing_share=0.05,
                          coverage_baseline=0.9, min_coverage=0.5)
    facts = RunFacts("finished", {"response_received_count": 10, "item_scraped_count": 10}
                     | stats, None, baseline_coverage=baseline)
    return [p for p in check(facts, limits) if "filled" in p]


def test_a_field_well_filled_before_and_empty_now_is_a_problem():
    stats = {"store/staged_school_facts": 50, "store/filled/school_facts/name": 0,
             "store/filled/school_facts/state": 50}
    problems = coverage_problems(stats, {"school_facts.name": 1.0, "school_facts.state": 1.0})
    assert problems == ["school_facts.name filled in 0% of 50 rows, down from 100% in the "
                        "last healthy run"]


@pytest.mark.parametrize("baseline, filled", [
    (0.8, 0),  # never well filled: a sparse field may come and go
    (1.0, 30),  # 60 % still filled: thinner, not gone
])
def test_a_sparse_field_or_a_thinner_one_is_not_a_problem(baseline, filled):
    stats = {"store/staged_school_facts": 50, "store/filled/school_facts/name": filled}
    assert coverage_problems(stats, {"school_facts.name": baseline}) == []


def test_the_first_run_has_no_coverage_baseline():
    assert coverage_problems({"store/staged_school_facts": 50}, None) == []


# -- promotion ---------------------------------------------------------------------------------
@pytest.fixture
def db():
    database = sqlite_utils.Database(memory=True)
    ensure_schema(database)
    return database


def promote_facts(db, rows):
    run_id = begin_run(db, "scorecard", "test", complete=True)
    for row in rows:
        db["staged_school_facts"].insert({"run_id": run_id} | row, alter=False)
    with db.atomic():
        promote(db, run_id, "scorecard", "2026-01-01", remove_missing=True)


def test_a_field_the_source_did_not_send_keeps_its_value_and_an_empty_one_clears_it(db):
    promote_facts(db, [{"unitid": 1, "name": "Bayshore CC", "tuition_in_state": 4000}])
    promote_facts(db, [{"unitid": 1, "name": None, "tuition_in_state": None,
                        "unset_fields": '["name"]'}])
    row = db.execute("SELECT name, tuition_in_state FROM school_facts").fetchone()
    assert row == ("Bayshore CC", None)  # name not sent: kept; tuition sent empty: cleared


def test_the_store_pipeline_stages_which_fields_an_item_did_not_carry(tmp_path):
    crawler = get_crawler(settings_dict={"DATABASE_PATH": str(tmp_path / "d.db")})

    class Recorder:
        staged = {}

        def stage(self, rows_by_table):
            self.staged = {name: list(rows) for name, rows in rows_by_table.items()}
            return {name: len(rows) for name, rows in rows_by_table.items() if rows}

    crawler.stats.open_spider()
    recorder = Recorder()
    pipeline = StorePipeline(crawler.stats, recorder, batch_size=100)
    pipeline.process_item(SchoolFactsItem(unitid=1, name=None, state="NJ"))
    pipeline.flush()
    row = recorder.staged["school_facts"][0]
    assert row["name"] is None and '"name"' not in row["unset_fields"]
    assert '"tuition_in_state"' in row["unset_fields"]
    assert crawler.stats.get_value("store/filled/school_facts/state") == 1
    assert crawler.stats.get_value("store/filled/school_facts/name") is None


def test_a_scorecard_key_absent_is_not_sent_and_a_null_is_sent_empty():
    facts = school_facts({"id": 1, "school.name": None, "school.state": "NJ"})
    assert facts["name"] is None and "tuition_in_state" not in facts


# -- end to end --------------------------------------------------------------------------------
def filled(database, table, column) -> int:
    with sqlite3.connect(database) as connection:
        return connection.execute(
            f"SELECT count({column}) FROM {table}").fetchone()[0]


@pytest.mark.crawl
def test_a_renamed_api_field_makes_the_run_unhealthy_and_changes_nothing(faulty_web, cli,
                                                                         tmp_path):
    database = tmp_path / "directory.db"
    first = cli("crawl", "scorecard", "--db", database, *faulty_web.crawl_options)
    assert first.returncode == 0, first.stderr[-2000:]
    names = filled(database, "school_facts", "name")
    earnings = filled(database, "program_outcomes", "median_earnings_4yr")
    assert names > 40 and earnings > 20

    faulty_web.add(API_HOST, prefix=API_PATH, fault=RenameFields(
        renames={"school.name": "school.legal_name", "earnings": "earnings_v2"}))
    second = cli("crawl", "scorecard", "--db", database, *faulty_web.crawl_options)
    assert second.returncode == 1, second.stderr[-2000:]
    assert "scorecard: unhealthy" in second.stdout
    assert "school_facts.name filled in 0%" in second.stdout
    assert filled(database, "school_facts", "name") == names
    assert filled(database, "program_outcomes", "median_earnings_4yr") == earnings


@pytest.mark.crawl
def test_a_renamed_sparse_field_passes_the_health_check_but_keeps_its_values(faulty_web, cli,
                                                                             tmp_path):
    # Earnings are filled for about two thirds of the rows: below the 90 % coverage baseline,
    # so only promotion stands between the rename and 44 blanked earnings.
    database = tmp_path / "directory.db"
    assert cli("crawl", "scorecard", "--db", database,
               *faulty_web.crawl_options).returncode == 0
    earnings = filled(database, "program_outcomes", "median_earnings_4yr")
    faulty_web.add(API_HOST, prefix=API_PATH,
                   fault=RenameFields(renames={"earnings": "earnings_v2"}))
    second = cli("crawl", "scorecard", "--db", database, *faulty_web.crawl_options)
    assert second.returncode == 0, second.stderr[-2000:]
    assert filled(database, "program_outcomes", "median_earnings_4yr") == earnings
