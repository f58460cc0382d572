"""A re-crawl reuses what unchanged pages gave (issue 14) and stays exact: the catalog spider
crawls a copy of the sample web three times over HTTP: once, unchanged, and after one page
changed."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from sampleweb.catalog_truth import crawl
from sampleweb.server import SITES_DIR, SampleWeb

pytestmark = pytest.mark.crawl

CODING = "https://www.kettleriver.edu/programs/medical-coding-certificate.html"


# Programs read from a JavaScript catalog's API, not from a page: read again on every run.
API_PLATFORMS = ("coursedog", "kuali")


def catalog_programs(database):
    """source_url -> (program_id, title, delivery_mode, fetched_at, removed_at) of the catalog
    programs read from pages; fetched_at only moves when the page is parsed again."""
    with sqlite3.connect(database) as connection:
        return {row[0]: row[1:] for row in connection.execute(
            "SELECT source_url, program_id, title, delivery_mode, fetched_at, removed_at "
            "FROM programs WHERE source = 'catalog' AND platform NOT IN (?, ?)",
            API_PLATFORMS)}


def last_run(database):
    with sqlite3.connect(database) as connection:
        return connection.execute(
            "SELECT status, items, programs_added, programs_changed, programs_removed "
            "FROM crawl_runs ORDER BY run_id DESC LIMIT 1").fetchone()


def test_an_unchanged_web_is_reused_and_a_changed_page_is_read_again(tmp_path):
    sites, database = tmp_path / "sites", tmp_path / "directory.db"
    shutil.copytree(SITES_DIR, sites)
    with SampleWeb(sites) as web:
        assert crawl(web, database).returncode == 0
        first = catalog_programs(database)
        status, items, added, _, _ = last_run(database)
        assert status == "succeeded" and added >= len(first) >= 10

        second_crawl = crawl(web, database)
    assert second_crawl.returncode == 0, second_crawl.stderr[-3000:]
    # Same programs, none parsed again (fetched_at is still the first run's), and the reused
    # ones count as found: same item count, nothing added, changed or removed.
    assert catalog_programs(database) == first
    assert last_run(database) == ("succeeded", items, 0, 0, 0)

    page = sites / "www.kettleriver.edu" / "programs" / "medical-coding-certificate.html"
    page.write_bytes(page.read_bytes().replace(b"All coursework is online",
                                               b"All coursework is on campus"))
    with SampleWeb(sites) as web:
        assert crawl(web, database).returncode == 0
    third = catalog_programs(database)
    assert last_run(database)[2:] == (0, 1, 0)
    assert third[CODING][2] != first[CODING][2]  # delivery_mode read again from the page
    assert third[CODING][3] != first[CODING][3]  # fetched now
    assert {url: row for url, row in third.items() if url != CODING} == {
        url: row for url, row in first.items() if url != CODING}
