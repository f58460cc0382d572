"""End to end: the sample web over real HTTP on 127.0.0.1, the real crawl in a subprocess,
a real SQLite file, compared exactly with the ground truth."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sqlite_utils

from crawler.sources.ipeds import AWARD_LEVELS
from crawler.settings import USER_AGENT
from sampleweb.crawl import run_crawl
from sampleweb.server import SITES_DIR, SampleWeb
from tests.helpers import FIXTURES

# Every test here crawls the sample web in a subprocess.
pytestmark = pytest.mark.crawl

GROUND_TRUTH = json.loads(
    (Path(SITES_DIR).parent / "ground_truth" / "ipeds.json").read_text())
CATALOG_TRUTH = json.loads(
    (Path(SITES_DIR).parent / "ground_truth" / "catalog.json").read_text())
IPEDS_DATA = "nces.ed.gov/ipeds/complete-data-files"  # the current location, 2021 on
YEAR = GROUND_TRUTH["year"]  # the newest year the sample web serves


def crawl(web, database, *spiders, settings=()):
    return run_crawl(web.port, database, spiders, *settings)


@pytest.fixture(scope="module")
def ipeds_crawl(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("e2e")
    database = tmp_path / "directory.db"
    with SampleWeb() as web:
        result = crawl(web, database, "ipeds")
        log = list(web.access_log)
    return result, sqlite_utils.Database(database), log


def test_crawl_succeeds(ipeds_crawl):
    result, _, _ = ipeds_crawl
    assert result.returncode == 0, result.stderr[-3000:]
    assert "ipeds: succeeded" in result.stdout


def test_the_newest_complete_year_is_read_from_the_current_location(ipeds_crawl):
    _, db, log = ipeds_crawl
    zips = [entry.path for entry in log if entry.path.endswith(".zip")]
    assert zips[-3:] == [f"/ipeds/complete-data-files/{name}{YEAR}{suffix}.zip"
                         for name, suffix in (("HD", ""), ("C", "DEP"), ("C", "_A"))]
    assert db.execute("select data_year from crawl_runs").fetchall() == [(YEAR,)]
    assert db.execute("select distinct data_year from programs").fetchall() == [(YEAR,)]


def test_closed_and_inactive_institutions_are_not_listed(ipeds_crawl):
    _, db, _ = ipeds_crawl
    closed = [i["unitid"] for i in GROUND_TRUTH["not_listed"]]
    assert len(closed) == 4
    listed = {row[0] for row in db.execute("select distinct unitid from programs")}
    assert not listed & set(closed)


def test_programs_match_the_ground_truth_exactly(ipeds_crawl):
    _, db, _ = ipeds_crawl
    key_of_label = {level.label: key for key, level in AWARD_LEVELS.items()}
    stored = [
        {"unitid": row["unitid"], "cip_code": row["cip_code"],
         "award_level": key_of_label[row["credential_text"]],
         "credential_level": row["credential_level"], "track": row["track"],
         "delivery_mode": row["delivery_mode"], "state": row["state"],
         "completions": row["completions"]}
        for row in db["programs"].rows]
    key = lambda p: (p["unitid"], p["cip_code"], p["award_level"])  # noqa: E731
    assert sorted(stored, key=key) == sorted(GROUND_TRUTH["programs"], key=key)


def test_counts_per_track_state_and_delivery_mode(ipeds_crawl):
    _, db, _ = ipeds_crawl
    counts = GROUND_TRUTH["counts"]
    for column, expected in (("track", counts["by_track"]), ("state", counts["by_state"]),
                             ("delivery_mode", counts["by_delivery_mode"]),
                             ("credential_level", counts["by_credential_level"])):
        rows = db.execute(f"select {column}, count(*) from programs group by {column}")
        assert dict(rows.fetchall()) == expected, column


def test_institutions_match_the_ground_truth(ipeds_crawl):
    _, db, _ = ipeds_crawl
    fields = ("unitid", "name", "city", "state", "zip", "website", "latitude", "longitude")
    stored = [{f: row[f] for f in fields} for row in db["institutions"].rows_where(order_by="unitid")]
    assert stored == [{f: i[f] for f in fields} for i in GROUND_TRUTH["institutions"]]


def test_every_program_carries_its_evidence(ipeds_crawl):
    _, db, _ = ipeds_crawl
    missing = db.execute("select count(*) from programs where track_evidence is null "
                         "or delivery_evidence is null or credential_evidence is null")
    assert missing.fetchone()[0] == 0


def test_crawl_is_polite(ipeds_crawl):
    _, _, log = ipeds_crawl
    assert log[0].path == "/robots.txt"
    assert {entry.user_agent for entry in log} == {USER_AGENT}


def test_http_cache_revalidates_instead_of_downloading_again(tmp_path):
    cache = ("-s", "HTTPCACHE_ENABLED=True", "-s", f"HTTPCACHE_DIR={tmp_path / 'httpcache'}")
    with SampleWeb() as web:
        for _ in range(2):
            result = crawl(web, tmp_path / "directory.db", "ipeds", settings=cache)
            assert result.returncode == 0, result.stderr[-3000:]
        zips = [e.status for e in web.access_log if e.path.endswith(f"{YEAR}.zip")
                or e.path.endswith(f"{YEAR}DEP.zip") or e.path.endswith(f"{YEAR}_A.zip")]
    assert zips == [200, 200, 200, 304, 304, 304]


def test_a_broken_file_fails_the_run_and_keeps_the_data(tmp_path):
    sites = tmp_path / "sites"
    shutil.copytree(SITES_DIR / "nces.ed.gov", sites / "nces.ed.gov")
    database = tmp_path / "directory.db"
    with SampleWeb(sites) as web:
        assert crawl(web, database, "ipeds").returncode == 0
        before = list(sqlite_utils.Database(database)["programs"].rows)
        shutil.copy(FIXTURES / "ipeds" / "truncated" / "C2023DEP.zip",
                    sites / IPEDS_DATA / f"C{YEAR}DEP.zip")
        result = crawl(web, database, "ipeds")
    assert result.returncode == 1
    assert f"C{YEAR}DEP.zip: not a readable zip archive" in result.stderr
    assert "crawl failed" in result.stderr
    assert list(sqlite_utils.Database(database)["programs"].rows) == before


def test_a_year_with_a_missing_file_gives_way_to_the_year_before(tmp_path):
    sites = tmp_path / "sites"
    shutil.copytree(SITES_DIR / "nces.ed.gov", sites / "nces.ed.gov")
    (sites / IPEDS_DATA / f"C{YEAR}_A.zip").unlink()
    database = tmp_path / "directory.db"
    with SampleWeb(sites) as web:
        result = crawl(web, database, "ipeds")
        assert result.returncode == 0, result.stderr[-3000:]
        assert f"C{YEAR}_A.zip is at neither location: {YEAR} is not complete" in result.stderr
        assert sqlite_utils.Database(database).execute(
            "select data_year from crawl_runs").fetchall() == [(YEAR - 1,)]
        asked = crawl(web, tmp_path / "other.db", "ipeds", settings=("-a", f"year={YEAR}"))
    assert asked.returncode == 1
    assert f"IPEDS C{YEAR}_A.zip is at neither" in asked.stderr


def test_an_old_year_comes_from_the_legacy_location_and_does_not_overwrite_newer_data(
        ipeds_crawl, tmp_path):
    _, promoted, _ = ipeds_crawl
    database = tmp_path / "directory.db"
    shutil.copy(promoted.conn.execute("pragma database_list").fetchone()[2], database)
    with SampleWeb() as web:
        result = crawl(web, database, "ipeds", settings=("-a", "year=2019"))
    assert "C2019DEP.zip answered from the legacy location" in result.stderr
    db = sqlite_utils.Database(database)
    run = db.execute("select status, data_year, problems from crawl_runs "
                     "order by run_id desc limit 1").fetchone()
    assert run[:2] == ("unhealthy", 2019)
    assert f"data year 2019 is older than {YEAR}" in run[2]
    assert db.execute("select distinct data_year from programs").fetchall() == [(YEAR,)]


# Juniper Basin publishes each of its programs twice, a page on its website and its Coursedog
# catalog record; the catalog ground truth lists both. One program: one directory row.
SAME_PROGRAM = {"https://catalog.juniperbasin.edu/programs/HIT-AAS":
                "https://www.juniperbasin.edu/programs/health-information-technology/",
                "https://catalog.juniperbasin.edu/programs/MBC-CC":
                "https://www.juniperbasin.edu/programs/medical-billing-coding/"}


def found_by_both() -> dict[str, tuple[int, str, str]]:
    """The catalog programs IPEDS reports too, from the two ground truths alone: every page a
    polite crawler may fetch (catalog.json) of a college whose IPEDS truth (ipeds.json) lists a
    program of the same institution, track and credential level -- IPEDS reports one row per
    CIP code and award level, whichever of the college's programs it covers.
    Page URL -> (unitid, track, credential_level) of that IPEDS listing."""
    unitids = {inst["name"]: inst["unitid"] for inst in GROUND_TRUTH["institutions"]}
    listed = {(p["unitid"], p["track"], p["credential_level"]) for p in GROUND_TRUTH["programs"]}
    both = {}
    for site in CATALOG_TRUTH["sites"]:
        for program in site["programs"]:
            key = (unitids.get(site["institution"]), program["track"],
                   program["credential_level"])
            if key in listed and not program.get("robots_disallowed"):
                both[f"https://{program['host']}{program['path']}"] = key
    return both


def check_found_by_both_appear_once(db) -> None:
    both = found_by_both()
    # 13 programs of the six colleges, Juniper Basin's two published twice; Harbor Point's
    # coding and billing certificates both stand behind its one 51.0713 certificate listing
    assert len(both) == 15
    assert both["https://catalog.harborpoint.edu/preview_program.php?catoid=12&poid=3421"] == \
        both["https://catalog.harborpoint.edu/preview_program.php?catoid=12&poid=3402"]
    rows = {}
    for url, key in both.items():
        memberships = db.execute("""
            select m.status, d.program_id, d.sources, i.unitid, i.track, i.credential_level
            from programs c join program_merge_members m on m.program_id = c.program_id
            join program_directory d on d.program_id = m.directory_id
            join programs i on i.program_id = d.ipeds_program_id
            where c.url = ?""", [url]).fetchall()
        assert len(memberships) == 1, url  # in one row, merged with its IPEDS listing
        status, row_id, sources, *ipeds_key = memberships[0]
        assert status == "merged" and sources.startswith("ipeds,catalog"), url
        assert tuple(ipeds_key) == key, url
        rows[url] = row_id
    for page, same_program in SAME_PROGRAM.items():
        assert rows[page] == rows[same_program]
    assert len(set(rows.values())) == len(both) - len(SAME_PROGRAM)  # once each
    # No IPEDS listing behind them is a row of its own besides: every row naming it has a page.
    ipeds_alone = db.execute("""
        select count(*) from program_directory d join programs i on i.program_id = d.program_id
        where i.source = 'ipeds' and d.catalog_program_id is null
          and exists (select 1 from program_directory o where o.ipeds_program_id = i.program_id
                      and o.catalog_program_id is not null)""").fetchone()[0]
    assert ipeds_alone == 0
    harbor_point_coding = db.execute("""
        select d.title, d.cip_code, d.ipeds_listing_programs from program_directory d
        where d.unitid = 214390 and d.track = 'billing_coding' order by d.title""").fetchall()
    assert harbor_point_coding == [
        ("Medical Billing and Reimbursement Specialist, Certificate", "51.0713", 2),
        ("Medical Coding Certificate of Proficiency", "51.0713", 2)]


def test_demo_crawls_every_source_and_links_catalog_pages_to_ipeds(tmp_path):
    """What `make demo` builds: IPEDS first, then the catalogs, linked to the IPEDS listings."""
    database = tmp_path / "directory.db"
    result = subprocess.run(
        [sys.executable, "-m", "crawler", "demo", "--no-serve", "--db", str(database)],
        capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "ipeds: succeeded" in result.stdout and "catalog: succeeded" in result.stdout
    db = sqlite_utils.Database(database)
    linked_hit_degrees = db.execute("""
        select c.institution_name, i.cip_code, i.credential_text, i.source
        from programs c join programs i on i.program_id = c.ipeds_program_id
        where c.source = 'catalog' and c.track = 'hit' and c.credential_level = 'associate'
        order by c.institution_name""").fetchall()
    # Juniper Basin twice: its program page and its Coursedog catalog's record, one program.
    assert linked_hit_degrees == [
        (name, "51.0707", "Associate's degree", "ipeds") for name in (
            "Bluestem State College", "Granite Falls Technical College",
            "Harbor Point Community College", "Juniper Basin Community College",
            "Juniper Basin Community College", "Kettle River Community College",
            "Red Mesa Technical College")]
    # One row per real program: each of those degrees is listed once, under the college's own
    # name, with both sources; no catalog page merged into an IPEDS listing has a row of its own.
    directory_hit_degrees = db.execute("""
        select d.institution_name, d.title_source, d.sources, d.cip_code
        from program_directory d join programs c on c.program_id = d.catalog_program_id
        where c.ipeds_program_id = d.ipeds_program_id and d.track = 'hit'
          and d.credential_level = 'associate' order by d.institution_name""").fetchall()
    # (two catalog pages of Juniper Basin's degree make one row)
    assert [row[0] for row in directory_hit_degrees] == sorted({row[0] for row in
                                                                 linked_hit_degrees})
    assert {(row[1], row[3]) for row in directory_hit_degrees} == {("catalog", "51.0707")}
    assert all(row[2].startswith("ipeds,catalog") for row in directory_hit_degrees)
    merged_pages = db.execute("select count(*) from program_merge_members m "
                              "join program_directory d on d.program_id = m.program_id "
                              "where m.status = 'merged' "
                              "and m.directory_id != m.program_id").fetchone()[0]
    assert merged_pages == 0
    check_found_by_both_appear_once(db)
    exported = subprocess.run(
        [sys.executable, "-m", "crawler", "export", "--db", str(database), "-o", "-"],
        capture_output=True, text=True, timeout=120)
    assert exported.returncode == 0, exported.stderr[-3000:]
    export_ids = [row["program_id"] for row in csv.DictReader(io.StringIO(exported.stdout))]
    directory_ids = [row[0] for row in db.execute("select program_id from program_directory")]
    assert len(export_ids) == len(set(export_ids)) and set(export_ids) == set(directory_ids)
    directory_before = db.execute("select program_id, ipeds_program_id, catalog_program_id, "
                                  "sources from program_directory order by 1").fetchall()
    wrongly_linked = db.execute("select count(*) from programs where source = 'catalog' "
                                "and track = 'other' and ipeds_program_id is not null")
    assert wrongly_linked.fetchone()[0] == 0
    assert db.execute("select count(*) from programs where url like '%:%:%'").fetchone()[0] == 0

    # Crawling the same sample web again (on another port) finds nothing new or changed.
    again = subprocess.run(
        [sys.executable, "-m", "crawler", "crawl", "--sample", "--db", str(database)],
        capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr[-3000:]
    assert again.stdout.count("programs: 0 added, 0 changed, 0 removed") == 2, again.stdout
    # ... and every directory row keeps its id and its listings
    assert db.execute("select program_id, ipeds_program_id, catalog_program_id, sources "
                      "from program_directory order by 1").fetchall() == directory_before
