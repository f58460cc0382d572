"""Score a catalog crawl of the sample web against ``ground_truth/catalog.json``.

Shared by ``bench/catalog_harvest.py`` and the end-to-end test: run the crawl as a user would
(``python -m crawler crawl catalog --sample-web ...``, real HTTP on 127.0.0.1), then compare the
programs stored in the database and the server's access log with the hand-written truth.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from protego import Protego

from sampleweb.crawl import run_crawl
from sampleweb.server import SITES_DIR, AccessLogEntry, SampleWeb

TRUTH_FILE = Path(__file__).resolve().parent / "ground_truth" / "catalog.json"


def load_truth() -> dict:
    return json.loads(TRUTH_FILE.read_text(encoding="utf-8"))


def expected_pages(truth: dict) -> dict[tuple[str, str], dict]:
    """(host, path with query) -> program, for every page a polite crawler may fetch."""
    return {(p["host"], p["path"]): p for site in truth["sites"] for p in site["programs"]
            if not p.get("robots_disallowed")}


def page_key(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.hostname or "", parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(web: SampleWeb, database: Path, *options: str, timeout: int = 300):
    """Crawl the running sample web with the catalog spider in a subprocess."""
    return run_crawl(web.port, database, ["catalog"], "-s", "HTTPCACHE_ENABLED=False",
                     "-s", "LOG_LEVEL=WARNING", *options, timeout=timeout)


def stored_programs(database: Path) -> dict[tuple[str, str], dict]:
    """Catalog programs in the database, keyed by the page they were read from."""
    with sqlite3.connect(database) as connection:
        connection.row_factory = sqlite3.Row
        rows = connection.execute("SELECT * FROM programs WHERE source = 'catalog'").fetchall()
    return {page_key(row["source_url"]): dict(row) for row in rows}


def disallowed_requests(access_log: list[AccessLogEntry]) -> list[str]:
    """Requests the server answered although the host's robots.txt forbids them."""
    return [f"{entry.host}{entry.path}" for entry in access_log
            if not _robots(entry.host).can_fetch(entry.path, entry.user_agent)]


@lru_cache(maxsize=None)
def _robots(host: str) -> Protego:
    robots = SITES_DIR / host / "robots.txt"
    return Protego.parse(robots.read_text() if robots.exists() else "")


@dataclass
class Score:
    expected: int
    found: int
    true_positives: int
    pages_fetched: int

    @property
    def recall(self) -> float:
        return self.true_positives / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.true_positives / self.found if self.found else 0.0

    @property
    def harvest(self) -> float:
        return self.found / self.pages_fetched if self.pages_fetched else 0.0


def score(expected: dict, found: dict, pages_fetched: int) -> Score:
    return Score(len(expected), len(found), len(expected.keys() & found.keys()), pages_fetched)
