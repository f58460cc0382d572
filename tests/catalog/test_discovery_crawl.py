"""End to end: a catalog crawl from the database finds colleges' catalogs by discovery.

The sample web serves two sample IPEDS institutions' websites (HD WEBADDR) with no seeds-file row
(``sampleweb/ground_truth/catalog_discovery.json``): Cahokia's home page links "Academic Catalog"
on catalog.cahokiacc.edu, Tappan Zee's names no catalog and its Acalog catalog is found by the
catalog.<host> probe. The crawls run as a user runs them: ``crawl ipeds``, then
``crawl catalog -a from_db=1`` (sample mode leaves the database out unless asked).
"""

from __future__ import annotations

import csv
import json

import pytest

from crawler.sample_web import SAMPLE_MODE_SETTINGS
from crawler.sources.catalog.sites import site_of
from sampleweb.catalog_truth import crawl, disallowed_requests, stored_programs
from sampleweb.crawl import run_crawl
from sampleweb.server import SITES_DIR, SampleWeb

pytestmark = pytest.mark.crawl

TRUTH = json.loads((SITES_DIR.parent / "ground_truth" / "catalog_discovery.json").read_text())
IPEDS_TRUTH = json.loads((SITES_DIR.parent / "ground_truth" / "ipeds.json").read_text())
EXPECTED = {(p["host"], p["path"]): (site, p) for site in TRUTH["sites"] for p in site["programs"]}


def crawl_catalog(database, *options):
    with SampleWeb() as web:
        ipeds = run_crawl(web.port, database, ["ipeds"], "-s", "HTTPCACHE_ENABLED=False",
                          "-s", "LOG_LEVEL=WARNING")
        assert ipeds.returncode == 0, ipeds.stderr[-3000:]
        start = len(web.access_log)
        result = crawl(web, database, *options)
        assert result.returncode == 0, result.stdout + result.stderr[-3000:]
        return stored_programs(database), web.access_log[start:]


@pytest.fixture(scope="module")
def from_db_crawl(tmp_path_factory):
    return crawl_catalog(tmp_path_factory.mktemp("discovery") / "directory.db", "-a", "from_db=1")


def test_the_discovery_colleges_are_ipeds_institutions_without_a_seeds_file_row():
    with open(SAMPLE_MODE_SETTINGS["CATALOG_SEEDS"], newline="", encoding="utf-8") as handle:
        seed_sites = {site_of(row["start_url"]) for row in csv.DictReader(handle)}
    websites = {inst["unitid"]: inst["website"] for inst in IPEDS_TRUTH["institutions"]}
    listed = {program["unitid"] for program in IPEDS_TRUTH["programs"]}
    for site in TRUTH["sites"]:
        assert websites[site["unitid"]] == site["website"]  # what HD's WEBADDR says
        assert site["unitid"] in listed  # a listed program: the crawl starts from it
        assert site_of(site["website"]) not in seed_sites


@pytest.mark.parametrize("page", sorted(EXPECTED), ids=lambda key: f"{key[0]}{key[1]}")
def test_every_discovered_program_page_is_found_as_the_truth_says(from_db_crawl, page):
    found, _ = from_db_crawl
    site, program = EXPECTED[page]
    row = found.get(page, {})
    assert row.get("title") == program["title"]
    assert row.get("unitid") == site["unitid"]  # the database seed's institution
    for field in ("track", "credential_level", "delivery_mode"):
        assert row.get(field) == program[field], field


def test_discovery_is_polite(from_db_crawl):
    _, requests = from_db_crawl
    assert disallowed_requests(requests) == []
    asked = [(entry.host, entry.path) for entry in requests]
    # Tappan Zee's home page names no catalog: the probes went out, cheapest first answered.
    assert ("catalog.tzcc.edu", "/") in asked
    assert ("www.tzcc.edu", "/catalog/") in asked
    # Cahokia's home page named its catalog: nothing was guessed there.
    assert not [path for host, path in asked
                if host == "www.cahokiacc.edu" and path in ("/catalog/", "/college-catalog/")]
    # Every catalog host's robots.txt was read before its first page.
    for host in ("catalog.cahokiacc.edu", "catalog.tzcc.edu"):
        paths = [path for h, path in asked if h == host]
        assert paths[0] == "/robots.txt", (host, paths[:3])


def test_without_from_db_the_sample_crawl_does_not_find_them(tmp_path):
    found, requests = crawl_catalog(tmp_path / "directory.db")
    assert not set(EXPECTED) & set(found)
    assert not [entry for entry in requests if entry.host.endswith(("tzcc.edu", "cahokiacc.edu"))]
    assert found  # the six seeds-file colleges were crawled
