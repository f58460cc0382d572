"""Unchanged pages are reused, not parsed again (crawler/page_memory.py, issue 14): on the
catalog spider's single responses and sitemaps, without a crawl. The end-to-end re-crawl is in
tests/history/test_recrawl.py."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from scrapy.http import Request, XmlResponse

from crawler.items import ProgramItem
from crawler.page_memory import PageMemory, StoredPage, body_hash
from tests.catalog.test_spider import crawler, page, seeds_file, spider  # noqa: F401

PROGRAM = "https://catalog.harborpoint.edu/preview_program.php?catoid=12&poid=3401"
NOW = datetime(2026, 3, 1, 12, tzinfo=timezone.utc)
LINKS = (("https://catalog.harborpoint.edu/content.php?catoid=12&navoid=1003", 3, 3),)


def stored(url, body=b"", fetched_at="2026-02-20T00:00:00+00:00", links=LINKS,
           has_program=True):
    return StoredPage(url, "harborpoint.edu", body_hash(body), links, fetched_at, has_program)


def memory(*pages, recheck_days=28):
    return PageMemory("catalog", list(pages), timedelta(days=recheck_days), NOW)


def test_a_page_with_the_body_read_last_time_is_reused_not_parsed(spider, crawler):
    response = page("acalog_program_hit.html", PROGRAM)
    spider.page_memory = memory(stored(PROGRAM, response.body))
    results = list(spider.parse(response))
    assert not [r for r in results if isinstance(r, ProgramItem)]  # nothing parsed
    assert [(r.url, r.meta["score"], r.priority) for r in results] == list(LINKS)  # followed
    assert spider.page_memory.reused == {PROGRAM}
    assert "harborpoint.edu" in spider.sites_with_programs  # its program counts for removals
    row = spider.page_memory.pages_to_stage()[0]
    assert row["fetched_at"] == NOW.isoformat(timespec="seconds")  # it was fetched now
    assert crawler.stats.get_value("catalog/pages/unchanged_body") == 1


def test_a_changed_page_is_parsed_and_remembered_with_its_links(spider):
    response = page("acalog_program_hit.html", PROGRAM)
    spider.page_memory = memory(stored(PROGRAM, b"the page as it was"))
    results = list(spider.parse(response))
    assert [r["title"] for r in results if isinstance(r, ProgramItem)] == [
        "Health Information Technology, AAS"]
    assert spider.page_memory.reused == set()
    row = spider.page_memory.pages_to_stage()[0]
    assert row["body_hash"] == body_hash(response.body)
    assert row["links"] == [[r.url, r.meta["score"], r.priority] for r in results
                            if isinstance(r, Request)]
    assert row["has_program"] == 1


def sitemap(lastmod):
    body = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            "<url><loc>https://www.harborpoint.edu/programs/health-information-technology/</loc>"
            f"<lastmod>{lastmod}</lastmod></url></urlset>").encode()
    url = "https://www.harborpoint.edu/sitemap.xml"
    return XmlResponse(url, body=body, request=Request(url, meta={"site": "harborpoint.edu"}))


HIT = "https://www.harborpoint.edu/programs/health-information-technology/"


@pytest.mark.parametrize("lastmod, fetched_at, skipped", [
    ("2026-02-01", "2026-02-20T00:00:00+00:00", True),  # unchanged since our fetch
    ("2026-02-25T08:00:00Z", "2026-02-20T00:00:00+00:00", False),  # changed since
    ("2026-02-20", "2026-02-20T10:00:00+00:00", False),  # a date alone: maybe later that day
    ("2025-01-01", "2026-01-15T00:00:00+00:00", False),  # fetched too long ago: recheck
    ("last tuesday", "2026-02-20T00:00:00+00:00", False),  # not a date: ask
])
def test_sitemap_lastmod_skips_the_request_only_when_it_can_be_trusted(
        spider, crawler, lastmod, fetched_at, skipped):
    spider.page_memory = memory(stored(HIT, fetched_at=fetched_at))
    results = list(spider.parse_sitemap(sitemap(lastmod)))
    if skipped:  # no request for the page, but its links are followed and it counts as read
        assert [r.url for r in results] == [LINKS[0][0]]
        assert spider.page_memory.reused == spider.page_memory.skipped == {HIT}
        assert spider.page_memory.pages_to_stage()[0]["fetched_at"] == fetched_at
        assert crawler.stats.get_value("catalog/pages/unchanged_lastmod") == 1
    else:
        assert [r.url for r in results] == [HIT]
        assert spider.page_memory.reused == set()


def test_a_link_to_a_page_skipped_on_its_lastmod_is_not_requested(spider):
    spider.page_memory = memory(stored(HIT, links=()))
    list(spider.parse_sitemap(sitemap("2026-02-01")))
    listing = page("acalog_program_hit.html", "https://www.harborpoint.edu/programs/",
                   site="harborpoint.edu")
    listing = listing.replace(body=listing.body.replace(
        b"</body>", f'<a href="{HIT}">Health Information Technology</a></body>'.encode()))
    results = list(spider.parse(listing))
    assert HIT not in [r.url for r in results if isinstance(r, Request)]
    followed = [link[0] for link in spider.page_memory.pages_to_stage()[-1]["links"]]
    assert HIT in followed  # still one of the page's links, for the next run's replay
