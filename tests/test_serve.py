"""A real Datasette server started by `python -m crawler serve`, checked over HTTP and in
headless Chromium (the directory page is the product: facets, search box, map)."""

from __future__ import annotations

import json
import shutil
import subprocess
import urllib.request

import pytest

from tests.datasette_process import serve_process

# Starts Datasette (and Chromium) as real processes.
pytestmark = pytest.mark.crawl

CHROMIUM = shutil.which("chromium")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from db.build import open_database
    from db.directory import refresh_directory

    database_path = tmp_path_factory.mktemp("serve") / "directory.db"
    db = open_database(database_path)
    db["institutions"].insert_all([
        {"unitid": 1, "name": "Bayshore Community College", "state": "NJ",
         "latitude": 40.1, "longitude": -74.2},
        {"unitid": 2, "name": "Lone Star Technical College", "state": "TX",
         "latitude": 30.2, "longitude": -97.7}])
    db["programs"].insert_all([
        {"program_id": "p1", "unitid": 1, "title": "Health Information Technology",
         "institution_name": "Bayshore Community College", "state": "NJ", "track": "hit",
         "credential_level": "associate", "delivery_mode": "online"},
        {"program_id": "p2", "unitid": 2, "title": "Medical Insurance Coding Specialist",
         "institution_name": "Lone Star Technical College", "state": "TX",
         "track": "billing_coding", "credential_level": "certificate",
         "delivery_mode": "campus", "track_evidence": "title names medical coding",
         "delivery_evidence": "IPEDS: not offered by distance education"},
        {"program_id": "p3", "unitid": 2, "title": "Medical Office Assistant",
         "institution_name": "Lone Star Technical College", "state": "TX", "track": "other",
         "credential_level": "certificate", "delivery_mode": "online"}])
    refresh_directory(db)  # what every promotion does
    db.close()
    with serve_process(database_path) as (base, _):
        yield base


def get_json(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


def test_serves_the_database_with_our_metadata(server):
    metadata = get_json(server + "/-/metadata.json")
    assert metadata["title"] == "Health information training programs"
    plugins = {p["name"] for p in get_json(server + "/-/plugins.json")}
    assert "datasette-cluster-map" in plugins


def test_serves_the_directory_stylesheet(server):
    with urllib.request.urlopen(server + "/assets/directory.css", timeout=10) as response:
        assert b"column-descriptions" in response.read()


def test_binds_to_loopback_only(server):
    assert server.startswith("http://127.0.0.1:")


def test_programs_can_be_filtered_by_facet(server):
    rows = get_json(server + "/directory/programs.json?track=hit&_shape=array")
    assert [row["program_id"] for row in rows] == ["p1"]


def dump_dom(url: str, tmp_path) -> str:
    """The page's DOM after its scripts ran, in headless Chromium."""
    result = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}",
         "--virtual-time-budget=5000", "--dump-dom", url],
        capture_output=True, text=True, timeout=120)
    return result.stdout


needs_chromium = pytest.mark.skipif(CHROMIUM is None,
                                    reason="Debian's chromium is installed by `make test`")


@needs_chromium
def test_directory_page_renders_facets_and_map_in_chromium(server, tmp_path):
    dom = dump_dom(server + "/directory/program_directory", tmp_path)
    assert "Health Information Technology" in dom
    assert 'class="facet-info' in dom or "facet-results" in dom
    assert "leaflet-container" in dom  # the cluster map drew itself from latitude/longitude


@needs_chromium
def test_the_default_listing_has_no_look_alikes_in_chromium(server, tmp_path):
    dom = dump_dom(server + "/directory/program_directory", tmp_path)
    assert "Medical Insurance Coding Specialist" in dom
    assert "Medical Office Assistant" not in dom.split('class="rows-and-columns"')[1]
    assert "look-alikes and other levels" in dom  # said, and one click away


@needs_chromium
def test_the_program_page_shows_badges_and_evidence_in_chromium(server, tmp_path):
    dom = dump_dom(server + "/directory/program_directory/p2", tmp_path)
    assert "<h1>Medical Insurance Coding Specialist</h1>" in dom
    assert 'class="badge badge-track">Medical billing and coding' in dom
    assert 'class="badge badge-delivery badge-campus">On campus' in dom
    assert "title names medical coding" in dom
    assert "IPEDS: not offered by distance education" in dom


@needs_chromium
def test_the_institution_page_lists_its_programs_in_chromium(server, tmp_path):
    dom = dump_dom(server + "/directory/institutions/2", tmp_path)
    assert "Programs here" in dom and "Medical Insurance Coding Specialist" in dom


@needs_chromium
def test_the_charts_render_in_chromium(server, tmp_path):
    dom = dump_dom(server + "/-/charts", tmp_path)
    assert "Programs by state and track" in dom
    # vega-embed drew both charts (canvas marks), from the bundled scripts
    assert dom.count('class="marks"') == 2, dom[-3000:]


@pytest.fixture
def browser_page():
    """A page of Debian's headless Chromium driven by Playwright: clicks and typing as a
    person's, in the browser's own events."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield browser.new_page()
        finally:
            browser.close()


@needs_chromium
def test_show_all_columns_and_facet_clicks_in_chromium(server, browser_page):
    page = browser_page
    page.goto(server + "/directory/program_directory?state=TX")
    reader = page.eval_on_selector_all("th[data-column]", "cells => cells.length")
    assert "_col=title" in page.url and reader < 15  # the reader columns, not 53
    page.click("th[data-column='title'] svg")
    page.click(".dropdown-show-all-columns")
    page.wait_for_load_state("load")
    every = page.eval_on_selector_all("th[data-column]", "cells => cells.length")
    assert "_columns=all" in page.url and every > 40
    page.click(".facet-info[data-column='track'] a >> text=billing_coding")
    page.wait_for_load_state("load")
    assert "track=billing_coding" in page.url and "_columns=all" in page.url
    assert page.eval_on_selector_all("th[data-column]", "cells => cells.length") == every


def result_titles(page) -> list[str]:
    return page.eval_on_selector_all(".result-title", "links => links.map(l => l.textContent)")


@needs_chromium
def test_searching_from_the_directory_page_in_chromium(server, browser_page):
    # The box on the directory page, typed into and submitted as a person would.
    page = browser_page
    page.goto(server + "/directory/program_directory")
    assert not page.is_visible("#_search")  # one search box: the table's is hidden
    page.fill("form.program-search input[name=q]", "medical")
    page.click("form.program-search input[type=submit]")
    page.wait_for_load_state("load")
    assert "/-/search?" in page.url and "scope=our+tracks+and+levels" in page.url
    # The default scope came along: the look-alike "Medical Office Assistant" is left out.
    assert result_titles(page) == ["Medical Insurance Coding Specialist"]
    page.click(".search-facet[data-column='scope'] a")  # the scope filter, removed
    page.wait_for_load_state("load")
    assert sorted(result_titles(page)) == ["Medical Insurance Coding Specialist",
                                           "Medical Office Assistant"]
    page.click(".result-title >> text=Medical Office Assistant")
    page.wait_for_load_state("load")
    assert page.inner_text("h1") == "Medical Office Assistant"
