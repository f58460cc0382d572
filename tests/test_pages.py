"""Pages for people: the program page, the institution page, the column help below the table
and the charts' configuration (templates/, plugins/directory_pages.py, db/metadata.yml)."""

from __future__ import annotations

import asyncio

import pytest
from datasette.app import Datasette

from crawler.commands.serve import PLUGINS_DIR, TEMPLATES_DIR
from db.directory import refresh_directory
from db.metadata import build_metadata
from tests.test_merge import CATALOG_ROW, IPEDS_ROW


@pytest.fixture
def datasette(database, database_path):
    database["institutions"].insert({"unitid": 1, "name": "Bayshore", "city": "Toms River",
                                     "state": "NJ", "website": "https://bayshore.edu/"})
    database["programs"].insert_all([
        IPEDS_ROW | {"credential_evidence": "IPEDS award level: Associate's degree",
                     "track_evidence": "CIP 51.0707 is health information technology"},
        CATALOG_ROW | {"accreditor": "CAHIIM", "accredited_through": 2030,
                       "certifications": "RHIT", "program_length": "4 semesters"},
        IPEDS_ROW | {"program_id": "i2", "title": "Medical Office Assistant/Specialist",
                     "track": "other", "credential_level": "certificate"}])
    database["program_outcomes"].insert({
        "outcome_id": "1-51.07-2", "unitid": 1, "cip_4digit": "51.07",
        "credential_level": "associate", "median_earnings_4yr": 41000, "median_debt": 9000})
    database["crawl_runs"].insert({"run_id": 1, "spider": "catalog", "status": "succeeded",
                                   "finished_at": "2026-11-30T10:00:00+00:00"})
    database["changes"].insert({"run_id": 1, "program_id": "c1", "change": "changed",
                                "field": "cost", "old_value": "9500.0", "new_value": "9800.0"})
    refresh_directory(database)
    return Datasette([str(database_path)], metadata=build_metadata(database_path.stem),
                     plugins_dir=str(PLUGINS_DIR), template_dir=str(TEMPLATES_DIR))


def get(datasette, path):
    response = asyncio.run(datasette.client.get(path))
    assert response.status_code == 200, path
    return response.text


def test_the_program_page_is_made_for_people(datasette):
    page = get(datasette, "/directory/program_directory/i1")
    assert "<title>Health Information Technology · Bayshore</title>" in page
    assert '<h1>Health Information Technology</h1>' in page
    assert 'href="/directory/institutions/1">Bayshore</a>' in page
    for badge in ("Health information technology", ">associate<", "Online"):
        assert badge in page, badge
    assert "CIP 51.0707 is health information technology" in page  # evidence, plain words
    assert "IPEDS award level: Associate&#39;s degree" in page
    assert "page: &#39;100% online&#39;" in page
    assert "the catalog page is newer" in page  # the conflict, both sides
    assert 'class="official-link" href="https://catalog.bayshore.edu/hit"' in page
    assert "CAHIIM, through 2030" in page and "RHIT" in page
    assert "62" in page and "4 semesters" in page and "$9,800" in page
    assert "$41,000" in page and "cannot tell HIT, coding, billing and HIM" in page
    assert "ipeds,catalog,scorecard" in page
    assert "<td>cost</td><td>9500.0</td><td>9800.0</td>" in page  # the catalog page's history


def test_the_institution_page_lists_its_programs(datasette):
    page = get(datasette, "/directory/institutions/1")
    assert "<h1>Bayshore</h1>" in page and "<title>Bayshore</title>" in page
    assert "Toms River, NJ" in page and 'href="https://bayshore.edu/">college site</a>' in page
    assert "Programs here" in page
    assert 'href="/directory/program_directory/i1">Health Information Technology</a>' in page
    assert "look-alike or other level" in page  # i2, listed after ours


def test_other_rows_keep_datasettes_page(datasette):
    page = get(datasette, "/directory/programs/c1")
    assert "Programs here" not in page and "program-page" not in page


def test_the_table_comes_first_and_the_column_help_is_folded_below(datasette):
    page = get(datasette, "/directory/program_directory?_sort=institution_name")
    table_at = page.index('<table class="rows-and-columns"')
    help_at = page.index('<details class="column-help">')
    assert table_at < help_at
    assert "<summary>What the columns mean</summary>" in page


def test_the_charts_page_carries_each_charts_data_and_spec(datasette):
    page = get(datasette, "/-/charts")
    assert "Programs by state and track" in page
    assert "/-/static-plugins/datasette_dashboards/vega-lite.min.js" in page
    # our tracks and levels only: i1 (NJ, hit, associate, online), not the look-alike i2
    assert '{"state": "NJ", "track": "hit", "programs": 1}' in page
    assert ('{"credential_level": "associate", "level": "associate (1)", "online_percent": 100.0, '
            '"programs": 1}') in page


def test_chart_data_cannot_close_the_script_element():
    from plugins.charts import CHARTS, vega_lite_spec
    assert "</script>" not in vega_lite_spec(CHARTS[0], [{"state": "</script><b>"}])


def test_a_program_sharing_its_ipeds_listing_says_whose_completions_it_shows(datasette,
                                                                              database):
    from tests.test_merge import BILLING_PAGE, CODING_LISTING, CODING_PAGE
    database["programs"].insert_all([CODING_LISTING, CODING_PAGE, BILLING_PAGE])
    refresh_directory(database)
    page = get(datasette, "/directory/program_directory/c4")
    assert "<h1>Medical Billing and Reimbursement Specialist, Certificate</h1>" in page
    assert "this is the total of the 2 programs it covers here" in page
    # its sources: its own page and the IPEDS listing it shares, with why
    assert "ipeds: “Medical Insurance Coding Specialist/Coder”" in page
    assert "stands behind 2 catalog programs" in page
    assert "programs it covers" not in get(datasette, "/directory/program_directory/i1")
