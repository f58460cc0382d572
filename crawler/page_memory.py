"""PageMemory: what a spider remembers of the pages its last promoted run read.

A re-crawl of an unchanged web should cost a fraction of the first crawl (issue 14). Two ways
a page is reused instead of parsed and classified again:

* its body is the one read last time (same hash): a ``304 Not Modified`` answered from the HTTP
  cache, or a server that sends the same bytes again;
* the site's sitemap gives it a ``lastmod`` no later than when we last fetched it: then it is
  not even asked for. Sitemaps are not always honest, so a page is fetched anyway once its last
  real fetch is older than ``recheck_after``: nothing stays stale for ever.

A reused page counts as read: its programs are staged from the live table as found in this run
(``db.pages.stage_reused_programs``) and the links it had are followed again, so the set of
pages the crawl reaches, and hence what it marks removed, is the one a full parse would give.
The run recorder stages what the memory collected when the spider closes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from scrapy.exceptions import IgnoreRequest

from db.pages import stored_pages


@dataclass(frozen=True)
class StoredPage:
    url: str
    site: str | None
    body_hash: str
    links: tuple[tuple[str, int, int], ...]  # (url, link score, priority) of its requests
    fetched_at: str  # last real fetch (UTC, ISO 8601); a lastmod skip does not move it
    has_program: bool = False  # a program was read from it (its site then has programs)


def body_hash(body: bytes) -> str:
    return hashlib.blake2b(body, digest_size=16).hexdigest()


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class PageMemory:
    def __init__(self, source: str, pages: list[StoredPage], recheck_after: timedelta,
                 now: datetime):
        self.source = source
        self.stored = {page.url: page for page in pages}
        self.recheck_after = recheck_after
        self.now = now
        self.read: dict[str, dict] = {}  # url -> page row for this run (parsed or reused)
        self.reused: set[str] = set()  # pages whose programs come from the live table
        self.skipped: set[str] = set()  # pages reused on their sitemap lastmod, never fetched

    @classmethod
    def empty(cls, source: str) -> "PageMemory":
        return cls(source, [], timedelta(0), utc_now())

    @classmethod
    def from_database(cls, path: str, source: str, recheck_days: float) -> "PageMemory":
        pages = [StoredPage(row["url"], row["site"], row["body_hash"],
                            tuple(tuple(link) for link in row["links"]), row["fetched_at"],
                            bool(row["has_program"]))
                 for row in stored_pages(path, source)]
        return cls(source, pages, timedelta(days=recheck_days), utc_now())

    def unchanged(self, url: str, body: bytes) -> StoredPage | None:
        """The stored page when ``body`` is the one read last time."""
        stored = self.stored.get(url)
        return stored if stored is not None and stored.body_hash == body_hash(body) else None

    def fresh_by_lastmod(self, url: str, lastmod: str | None) -> StoredPage | None:
        """The stored page when the sitemap says it has not changed since we last fetched it,
        and that fetch is recent enough to trust it."""
        stored = self.stored.get(url)
        modified = _lastmod_time(lastmod)
        if stored is None or modified is None:
            return None
        fetched = _parse_time(stored.fetched_at)
        if fetched is None or modified > fetched or self.now - fetched > self.recheck_after:
            return None
        return stored

    def remember(self, url: str, site: str | None, body: bytes,
                 links: list[tuple[str, int, int]], has_program: bool) -> None:
        """A page parsed in this run."""
        self.read[url] = self._row(url, site, body_hash(body), links, self._now_text(),
                                   has_program)
        self.reused.discard(url)

    def reuse(self, stored: StoredPage, fetched: bool) -> None:
        """A stored page counts as read in this run; ``fetched``: it was fetched (its body
        matched), not skipped on its lastmod."""
        fetched_at = self._now_text() if fetched else stored.fetched_at
        self.read[stored.url] = self._row(stored.url, stored.site, stored.body_hash,
                                          list(stored.links), fetched_at, stored.has_program)
        self.reused.add(stored.url)
        if not fetched:
            self.skipped.add(stored.url)

    def pages_to_stage(self) -> list[dict]:
        return list(self.read.values())

    def _row(self, url, site, digest, links, fetched_at, has_program) -> dict:
        return {"url": url, "source": self.source, "site": site, "body_hash": digest,
                "links": [list(link) for link in links], "fetched_at": fetched_at,
                "has_program": int(has_program)}

    def _now_text(self) -> str:
        return self.now.isoformat(timespec="seconds")


def _parse_time(text: str | None) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text.strip())
    except (AttributeError, ValueError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _lastmod_time(lastmod: str | None) -> datetime | None:
    """A sitemap lastmod (W3C datetime) as the latest moment it can mean: a date alone is the
    end of that day, so a page changed later that day is not taken for unchanged."""
    moment = _parse_time(lastmod)
    if moment is not None and len(lastmod.strip()) == len("2025-12-01"):
        moment += timedelta(days=1)
    return moment


class SkipReusedPagesMiddleware:
    """Downloader middleware: no request for a page already reused on its sitemap lastmod.

    A listing page parsed before the sitemap arrived may have asked for such pages; the
    request would only bring back what the run already counts as read.
    """

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request, spider=None):
        memory = getattr(self.crawler.spider, "page_memory", None)
        if memory is not None and request.url in memory.skipped:
            self.crawler.stats.inc_value("page_memory/request_dropped")
            raise IgnoreRequest(f"reused on its sitemap lastmod: {request.url}")
        return None
