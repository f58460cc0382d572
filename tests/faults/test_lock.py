"""One crawl per database file, however the file is named: a symlink to the database takes the
same lock, and ``scrapy crawl`` exits 75 like ``python -m crawler crawl`` when it is held."""

from __future__ import annotations

import subprocess
import sys

import pytest

from crawler.lock import crawl_lock
from crawler.settings import PROJECT_ROOT
from tests.history.conftest import lock_held_elsewhere


def test_a_symlink_to_the_database_has_the_same_lock(tmp_path):
    database = tmp_path / "directory.db"
    database.touch()
    (tmp_path / "elsewhere").mkdir()
    link = tmp_path / "elsewhere" / "link.db"
    link.symlink_to(database)
    assert crawl_lock(link).lock_file == crawl_lock(database).lock_file


def test_the_lock_of_a_relative_path_is_the_lock_of_the_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert crawl_lock("directory.db").lock_file == str(tmp_path / "directory.db.lock")


@pytest.mark.crawl
def test_a_crawl_through_a_symlink_exits_75_while_the_database_is_locked(
        faulty_web, cli, tmp_path):
    database = tmp_path / "directory.db"
    assert cli("crawl", "ipeds", "--db", database, *faulty_web.crawl_options).returncode == 0
    link = tmp_path / "link.db"
    link.symlink_to(database)
    with lock_held_elsewhere(database):
        result = cli("crawl", "ipeds", "--db", link, *faulty_web.crawl_options)
    assert result.returncode == 75, result.stderr[-2000:]
    assert "another crawl is writing" in result.stderr


@pytest.mark.crawl
def test_scrapy_crawl_exits_75_while_the_database_is_locked(faulty_web, tmp_path):
    database = tmp_path / "directory.db"
    with lock_held_elsewhere(database):
        result = subprocess.run(
            [sys.executable, "-m", "scrapy", "crawl", "ipeds", "-s", f"DATABASE_PATH={database}",
             "-s", f"SAMPLE_WEB={faulty_web.address}", "-s", "HTTPCACHE_ENABLED=False"],
            cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 75, result.stderr[-2000:]
    assert "another crawl is writing" in result.stderr
    assert faulty_web.log == []  # not one request: the spider never opened
    assert not database.exists()
