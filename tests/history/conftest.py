"""Fixtures for the run-history tests: a tiny IPEDS site on the sample web, crawled for real.

Each crawl is ``python -m crawler crawl ipeds`` in a subprocess over HTTP on 127.0.0.1, against
a fresh SampleWeb (so a test can change the files and behaviours between crawls).
"""

from __future__ import annotations

import contextlib
import sqlite3
import subprocess
import sys

import pytest

from crawler.settings import PROJECT_ROOT
from sampleweb.crawl import crawl_command as sample_crawl_command
from sampleweb.server import SampleWeb
from tests.history.ipeds_site import IpedsSite, Offer, institution

INSTITUTIONS = [institution(1, "Bayshore Community College", "NJ"),
                institution(2, "Lone Star Technical College", "TX")]
FIRST_OFFERS = [Offer(1, "51.0707", "assoc"), Offer(1, "51.0713", "cert1", online=True),
                Offer(2, "51.0706", "assoc")]
# Quiet, uncached crawls: every test file change must be fetched again.
TEST_SETTINGS = ("-s", "HTTPCACHE_ENABLED=False", "-s", "LOG_LEVEL=WARNING")


@pytest.fixture
def site(tmp_path):
    site = IpedsSite(tmp_path / "sites")
    site.publish(INSTITUTIONS, FIRST_OFFERS)
    return site


def crawl_command(database_path, port, *extra) -> list[str]:
    return sample_crawl_command(port, database_path, ["ipeds"], *TEST_SETTINGS, *extra)


@pytest.fixture
def crawl(site, database_path):
    """Crawl the site once, to the end; returns the finished process."""
    def crawl(*extra) -> subprocess.CompletedProcess:
        with SampleWeb(site.sites_dir) as web:
            return subprocess.run(crawl_command(database_path, web.port, *extra),
                                  capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=60)
    return crawl


def query(database_path, sql: str, params=()) -> list[tuple]:
    with contextlib.closing(sqlite3.connect(database_path)) as connection:
        return connection.execute(sql, params).fetchall()


def listed_programs(database_path) -> dict[str, tuple]:
    """program_id -> (title, delivery_mode) of every program not removed."""
    return {pid: (title, mode) for pid, title, mode in query(
        database_path, "select program_id, title, delivery_mode from programs "
                       "where removed_at is null")}


def expected_programs(offers) -> dict[str, tuple]:
    return {o.program_id: (o.title, "online" if o.online else "campus") for o in offers}


@contextlib.contextmanager
def lock_held_elsewhere(database_path):
    """Another process holds the crawl lock until the block ends."""
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; from crawler.lock import crawl_lock; "
         "lock = crawl_lock(sys.argv[1]); lock.acquire(); print('locked', flush=True); "
         "sys.stdin.read()",
         str(database_path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=PROJECT_ROOT)
    try:
        assert holder.stdout.readline().strip() == "locked"
        yield holder
    finally:
        holder.stdin.close()  # the holder exits and the OS releases its lock
        holder.wait(timeout=10)
