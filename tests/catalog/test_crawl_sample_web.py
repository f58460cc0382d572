"""End to end: the catalog spider crawls the sample web over real HTTP on 127.0.0.1.

The crawl runs as a user runs it (``python -m crawler crawl catalog --sample-web``) in a
subprocess; the results are the programs stored in the database and the server's access log.
"""

from __future__ import annotations

import json

import pytest

from sampleweb.catalog_truth import (crawl, disallowed_requests, expected_pages, load_truth,
                                     score, stored_programs)
from sampleweb.server import SITES_DIR, SampleWeb

# Every test here crawls the sample colleges over HTTP.
pytestmark = pytest.mark.crawl

TRUTH = load_truth()
EXPECTED = expected_pages(TRUTH)
DISALLOWED_PROGRAMS = [(p["host"], p["path"]) for site in TRUTH["sites"] for p in site["programs"]
                       if p.get("robots_disallowed")]


@pytest.fixture(scope="module")
def full_crawl(tmp_path_factory):
    database = tmp_path_factory.mktemp("catalog") / "directory.db"
    with SampleWeb() as web:
        result = crawl(web, database)
        yield result, stored_programs(database) if database.exists() else {}, web.access_log


def test_crawl_succeeds(full_crawl):
    result, _, _ = full_crawl
    assert result.returncode == 0, result.stdout + result.stderr
    assert "catalog: succeeded" in result.stdout


@pytest.mark.parametrize("page", sorted(EXPECTED), ids=lambda key: f"{key[0]}{key[1]}")
def test_every_program_page_is_found_with_its_title(full_crawl, page):
    _, found, _ = full_crawl
    assert found.get(page, {}).get("title") == EXPECTED[page]["title"]


FIELD_CASES = [(page, field) for page, program in sorted(EXPECTED.items())
               for field in ("track", "credential_level", "accredited_through", "pcap_approved",
                             "certifications") if field in program]


@pytest.mark.parametrize("page, field", FIELD_CASES,
                         ids=[f"{host}{path}-{field}" for (host, path), field in FIELD_CASES])
def test_every_program_page_is_classified_and_read_as_the_truth_says(full_crawl, page, field):
    _, found, _ = full_crawl
    assert found.get(page, {}).get(field) == EXPECTED[page][field]


def test_delivery_mode_mostly_agrees(full_crawl):
    """Delivery wording is often ambiguous ('available online and in hybrid format')."""
    _, found, _ = full_crawl
    agree = sum(found.get(page, {}).get("delivery_mode") == program["delivery_mode"]
                for page, program in EXPECTED.items())
    assert agree / len(EXPECTED) >= 0.9


def test_no_page_outside_the_truth_is_a_program(full_crawl):
    _, found, _ = full_crawl
    assert sorted(found.keys() - EXPECTED.keys()) == []


def test_harvest_targets(full_crawl):
    _, found, access_log = full_crawl
    result = score(EXPECTED, found, len(access_log))
    assert (result.recall, result.precision) == (1.0, 1.0)
    assert result.harvest >= 0.2


def test_robots_txt_is_respected(full_crawl):
    _, _, access_log = full_crawl
    assert disallowed_requests(access_log) == []
    requested = {(entry.host, entry.path) for entry in access_log}
    assert [page for page in DISALLOWED_PROGRAMS if page in requested] == []
    hosts = {entry.host for entry in access_log}
    assert all((host, "/robots.txt") in requested for host in hosts)


def test_coursedog_catalog_is_read_through_its_api_once(full_crawl):
    result, found, access_log = full_crawl
    api_paths = [entry.path for entry in access_log if entry.host == "app.coursedog.com"]
    assert api_paths.count("/robots.txt") == 1
    assert len([p for p in api_paths if p.startswith("/api/v1/catalogs/urls")]) == 1
    assert len([p for p in api_paths if "/programs/search/" in p]) == 1
    coursedog = sorted(key for key in found if key[0] == "catalog.juniperbasin.edu")
    assert coursedog == [("catalog.juniperbasin.edu", f"/programs/{code}")
                         for code in ("CS-AAS", "HIT-AAS", "MA-CC", "MBC-CC")]
    assert "JavaScript-only catalog" not in result.stderr


def test_oversized_pages_are_cancelled_not_parsed(full_crawl):
    result, _, _ = full_crawl
    assert result.stderr.count("larger than download max size") == 2


def calendar_prefixes(host):
    behaviors = SITES_DIR / host / "_behaviors.json"
    rules = json.loads(behaviors.read_text()) if behaviors.exists() else []
    return [rule["prefix"] for rule in rules if rule.get("generator") == "calendar"]


def test_calendar_traps_are_left_after_one_page(full_crawl):
    _, _, access_log = full_crawl
    for host in {entry.host for entry in access_log}:
        prefixes = calendar_prefixes(host)
        calendar_pages = [e.path for e in access_log if e.host == host
                          and any(e.path.startswith(prefix) for prefix in prefixes)]
        assert len(calendar_pages) <= 1, calendar_pages


def test_calendar_trap_does_not_eat_a_tight_budget(tmp_path):
    """Kettle River's info-session calendar sits under /programs/: its month links look like
    program links. With a budget a little above what the site needs, every program is found."""
    seeds = tmp_path / "seeds.csv"
    seeds.write_text("institution,unitid,start_url,platform\n"
                     "Kettle River Community College,,https://www.kettleriver.edu/,\n")
    database = tmp_path / "directory.db"
    with SampleWeb() as web:
        result = crawl(web, database, "-a", f"seeds={seeds}", "-s", "CATALOG_PAGE_BUDGET=20")
        calendar = [e.path for e in web.access_log
                    if e.path.startswith("/programs/hit-info-sessions/")]
    assert result.returncode == 0, result.stderr
    kettle = {page for page in EXPECTED if page[0] == "www.kettleriver.edu"}
    assert kettle <= stored_programs(database).keys()
    assert len(calendar) <= 1, calendar
