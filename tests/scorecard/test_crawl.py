"""End to end: `crawler crawl ipeds scorecard` over real HTTP against the sample web, compared
exactly with sampleweb/ground_truth/scorecard.json; and a rate-limited API mid-crawl."""

from __future__ import annotations

import json
import shutil

import pytest
import sqlite_utils

from sampleweb.crawl import run_crawl
from sampleweb.server import SITES_DIR, SampleWeb

# Every test here crawls the sample Scorecard API in a subprocess.
pytestmark = pytest.mark.crawl

GROUND_TRUTH = json.loads((SITES_DIR.parent / "ground_truth" / "scorecard.json").read_text())
PROVENANCE = ("source", "source_url", "fetched_at")
QUIET = ("-s", "LOG_LEVEL=INFO", "-s", "HTTPCACHE_ENABLED=False")


def crawl(web, database, *spiders_and_options):
    return run_crawl(web.port, database, spiders_and_options, *QUIET, timeout=120)


def stored(db, table, order_by):
    return [{k: v for k, v in row.items() if k not in PROVENANCE}
            for row in db[table].rows_where(order_by=order_by)]


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    database = tmp_path_factory.mktemp("scorecard") / "directory.db"
    with SampleWeb() as web:
        result = crawl(web, database, "ipeds", "scorecard")
    return result, sqlite_utils.Database(database)


def test_crawl_succeeds_and_adds_no_programs(crawled):
    result, db = crawled
    assert result.returncode == 0, result.stderr[-3000:]
    assert "scorecard: succeeded" in result.stdout
    counts = GROUND_TRUTH["counts"]
    assert (f"enrichment: {counts['program_outcomes']} program_outcomes, "
            f"{counts['schools']} school_facts") in result.stdout
    assert db.execute("select count(*) from programs where source = 'scorecard'").fetchone() == (0,)


def test_outcomes_and_facts_match_the_ground_truth_exactly(crawled):
    _, db = crawled
    assert stored(db, "program_outcomes", "outcome_id") == GROUND_TRUTH["program_outcomes"]
    assert stored(db, "school_facts", "unitid") == GROUND_TRUTH["school_facts"]


def test_no_api_key_is_stored(crawled):
    _, db = crawled
    for table in ("program_outcomes", "school_facts"):
        assert db.execute(f"select count(*) from {table} "
                          f"where source_url like '%api_key%'").fetchone() == (0,)


def test_program_directory_shows_the_outcome_of_the_same_unitid_and_level(crawled):
    _, db = crawled
    expected = {(o["unitid"], o["credential_level"]): (o["median_earnings_4yr"], o["median_debt"])
                for o in GROUND_TRUTH["program_outcomes"]}
    rows = db.execute("select p.unitid, d.credential_level, d.scorecard_median_earnings, "
                      "d.scorecard_median_debt from program_directory d "
                      "join programs p using (program_id)").fetchall()
    assert rows and len(rows) == db["programs"].count  # the joins add no rows
    matched = 0
    for unitid, level, earnings, debt in rows:
        assert (earnings, debt) == expected.get((unitid, level), (None, None))
        matched += (unitid, level) in expected
    assert matched > 20


def test_a_rate_limited_api_is_waited_for_and_every_row_arrives(tmp_path):
    sites = tmp_path / "sites"
    shutil.copytree(SITES_DIR / "api.data.gov", sites / "api.data.gov")
    (sites / "api.data.gov" / "_behaviors.json").write_text(json.dumps([{
        "prefix": "/ed/collegescorecard/v1/schools", "generator": "scorecard",
        "options": {"rate_limit": 2, "window_seconds": 1}}]))
    database = tmp_path / "directory.db"
    with SampleWeb(sites) as web:
        result = crawl(web, database, "scorecard", "-s", "SCORECARD_PER_PAGE=20")
        statuses = [e.status for e in web.access_log if e.path.startswith("/ed/")]
    assert result.returncode == 0, result.stderr[-3000:]
    assert 429 in statuses and statuses.count(200) == 3  # 49 schools, 20 a page
    assert "Retry-After 1 s" in result.stderr
    assert "SAMPLE_KEY" not in result.stderr and "api_key=***" in result.stderr  # masked
    db = sqlite_utils.Database(database)
    assert db["program_outcomes"].count == GROUND_TRUTH["counts"]["program_outcomes"]
    assert db["school_facts"].count == GROUND_TRUTH["counts"]["schools"]
