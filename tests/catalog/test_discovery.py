"""Discovering the catalog of a college known only by its website (a database seed)."""

from __future__ import annotations

import asyncio
import logging

import pytest
from scrapy.http import HtmlResponse, Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from twisted.internet.error import DNSLookupError
from twisted.python.failure import Failure

from crawler import settings
from crawler.sources.catalog.discovery import (is_vendor_host, links_own_vendor_catalog,
                                                names_a_catalog, probe_urls)
from crawler.sources.catalog.links import MIN_SCORE, score_link
from crawler.sources.catalog.seeds import SeedError
from crawler.sources.catalog.sites import site_of
from spiders.catalog import DISCOVERY_PRIORITY, CatalogSpider

SEEDS = ("institution,unitid,start_url,platform\n"
         "Harbor Point Community College,,https://www.harborpoint.edu/,acalog\n")
RIVER_HOME = "https://www.river.edu/"


# -- the rules -------------------------------------------------------------------------------
CATALOG_NAMES = [
    "Academic Catalog", "Catalog", "College Catalog", "Course Catalog", "Programs",
    "Programs of Study", "Academic Programs", "Degrees & Certificates",
    "Degrees and Certificates", "Areas of Study", "Find a Program", "View the  Catalog",
    "Programs & Degrees"]


@pytest.mark.parametrize("anchor", CATALOG_NAMES)
def test_names_of_a_catalog(anchor):
    assert names_a_catalog(anchor)


@pytest.mark.parametrize("anchor", CATALOG_NAMES)
def test_catalog_names_are_followed_on_any_page_too(anchor):
    # Link scoring alone follows them wherever they appear, whatever the URL says.
    assert score_link("https://www.river.edu/x1/", anchor) >= MIN_SCORE


@pytest.mark.parametrize("anchor", [
    "Health Information Technology", "Catalog of Events", "Apply Now", "News", "",
    "Program Spotlight: Medical Coding", "Catalog Archive"])
def test_other_links_are_not_named_like_a_catalog(anchor):
    assert not names_a_catalog(anchor)


@pytest.mark.parametrize("start_url, probes", [
    ("https://www.river.edu/", [
        ("catalog_host", "https://catalog.river.edu/"),
        ("catalog_path", "https://www.river.edu/catalog/"),
        ("college_catalog_path", "https://www.river.edu/college-catalog/")]),
    # A campus path: the probes are on the host, where catalogs live.
    ("https://pacificocc.edu/santa-ana/", [
        ("catalog_host", "https://catalog.pacificocc.edu/"),
        ("catalog_path", "https://pacificocc.edu/catalog/"),
        ("college_catalog_path", "https://pacificocc.edu/college-catalog/")]),
    # A college on its system's domain keeps its own name: catalog.leeward.hawaii.edu.
    ("https://www.leeward.hawaii.edu/", [
        ("catalog_host", "https://catalog.leeward.hawaii.edu/"),
        ("catalog_path", "https://www.leeward.hawaii.edu/catalog/"),
        ("college_catalog_path", "https://www.leeward.hawaii.edu/college-catalog/")]),
    # Already the catalog host: no catalog.catalog.
    ("https://catalog.river.edu/", [
        ("catalog_path", "https://catalog.river.edu/catalog/"),
        ("college_catalog_path", "https://catalog.river.edu/college-catalog/")]),
    ("https://lake.smartcatalogiq.com/en/current/catalog/", []),
])
def test_probes_are_the_usual_catalog_addresses_of_the_site(start_url, probes):
    assert probe_urls(start_url) == probes
    assert {site_of(url) for _, url in probes} <= {site_of(start_url)}


@pytest.mark.parametrize("host, vendor", [
    ("goodwin.smartcatalogiq.com", True), ("nvcc.catalog.acalog.com", True),
    ("www.smartcatalogiq.com", False), ("smartcatalogiq.com", False),
    ("catalog.river.edu", False), ("acalog.com.example.edu", False),
])
def test_vendor_hosts_are_a_college_s_catalog_on_a_vendor_s_domain(host, vendor):
    assert is_vendor_host(host) is vendor


@pytest.mark.parametrize("host, anchor, own", [
    ("river.smartcatalogiq.com", "Academic Catalog", True),
    ("river.smartcatalogiq.com", "Catalog 2024-2025", True),  # the college's own tenant
    ("rivercc.catalog.acalog.com", "College Catalog", True),
    ("other.smartcatalogiq.com", "Partner university", False),
    ("catalog.river.edu", "Academic Catalog", False),  # the college's own host: no adoption
])
def test_a_college_links_its_own_vendor_catalog(host, anchor, own):
    assert links_own_vendor_catalog(host, "river.edu", anchor) is own


def test_each_acalog_tenant_is_a_site_of_its_own():
    assert site_of("https://nvcc.catalog.acalog.com/index.php") == "nvcc.catalog.acalog.com"


# -- the spider ------------------------------------------------------------------------------
@pytest.fixture
def seeds_file(tmp_path):
    path = tmp_path / "seeds.csv"
    path.write_text(SEEDS)
    return path


def make_crawler(database_path, **overrides):
    project = {name: getattr(settings, name) for name in dir(settings) if name.isupper()}
    crawler = get_crawler(CatalogSpider, project | {"DATABASE_PATH": str(database_path)}
                          | overrides)
    crawler.stats.open_spider()
    return crawler


@pytest.fixture
def river(database):
    """River College: an institution with a listed HIT program and only a website."""
    database["institutions"].insert({"unitid": 7, "name": "River College",
                                     "website": "www.river.edu/"})
    database["programs"].insert({"program_id": "p7", "unitid": 7, "source": "ipeds",
                                 "title": "Health Information Technology", "track": "hit"})
    return database


@pytest.fixture
def spider(river, database_path, seeds_file):
    return CatalogSpider.from_crawler(make_crawler(database_path), seeds=str(seeds_file))


def home(body: bytes, url=RIVER_HOME):
    request = Request(url, meta={"site": "river.edu", "depth": 0, "discover": True})
    return HtmlResponse(url, body=body, request=request)


def requests_from(results):
    return [r for r in results if isinstance(r, Request)]


def test_real_mode_starts_from_the_database_by_default(spider):
    assert set(spider.seeds_by_site) == {"harborpoint.edu", "river.edu"}

    async def starts():
        return [(r.url, r.meta["discover"]) async for r in spider.start()]

    # The seeds file's row names its catalog; the database's row is only a home page.
    assert asyncio.run(starts()) == [("https://www.harborpoint.edu/", False),
                                     (RIVER_HOME, True)]


@pytest.mark.parametrize("from_db", ["0", "false", "no"])
def test_from_db_0_starts_from_the_seeds_file_only(river, database_path, seeds_file, from_db):
    spider = CatalogSpider.from_crawler(make_crawler(database_path), seeds=str(seeds_file),
                                        from_db=from_db)
    assert set(spider.seeds_by_site) == {"harborpoint.edu"}


def test_sample_mode_setting_leaves_the_database_out_unless_asked(river, database_path,
                                                                  seeds_file):
    crawler = make_crawler(database_path, CATALOG_FROM_DB=False)
    assert set(CatalogSpider.from_crawler(crawler, seeds=str(seeds_file)).seeds_by_site) == {
        "harborpoint.edu"}
    crawler = make_crawler(database_path, CATALOG_FROM_DB=False)
    spider = CatalogSpider.from_crawler(crawler, seeds=str(seeds_file), from_db="1")
    assert "river.edu" in spider.seeds_by_site


def test_without_a_database_the_default_warns_and_an_explicit_from_db_fails(
        tmp_path, seeds_file, caplog):
    missing = tmp_path / "none.db"
    with caplog.at_level(logging.WARNING):
        spider = CatalogSpider.from_crawler(make_crawler(missing), seeds=str(seeds_file))
    assert set(spider.seeds_by_site) == {"harborpoint.edu"}
    assert "crawl ipeds first; starting from the seeds file only" in caplog.text
    with pytest.raises(SeedError, match="crawl ipeds first"):
        CatalogSpider.from_crawler(make_crawler(missing), seeds=str(seeds_file), from_db="1")


def test_a_home_page_naming_its_catalog_is_followed_there_first(spider):
    response = home(b'<a href="https://catalog.river.edu/">Academic Catalog</a>'
                    b'<a href="/programs/health-information-technology/">HIT, AAS</a>'
                    b'<a href="/news/">News</a>')
    requests = requests_from(spider.parse(response))
    priorities = {r.url: r.priority for r in requests}
    assert priorities["https://catalog.river.edu/"] == DISCOVERY_PRIORITY
    assert priorities["https://www.river.edu/programs/health-information-technology/"] < (
        DISCOVERY_PRIORITY)
    assert not [r for r in requests if "discovery" in r.meta]  # no guessing needed
    stats = spider.crawler.stats.get_stats()
    assert stats["catalog/discovery/home_link"] == 1
    assert stats["catalog/discovery/home_page"] == 1


def test_a_home_page_without_catalog_links_gets_the_probes(spider):
    requests = requests_from(spider.parse(home(b'<a href="/about/">About us</a>')))
    probes = [(r.meta["discovery"], r.url, r.priority) for r in requests if "discovery" in r.meta]
    assert probes == [
        ("catalog_host", "https://catalog.river.edu/", DISCOVERY_PRIORITY),
        ("catalog_path", "https://www.river.edu/catalog/", DISCOVERY_PRIORITY),
        ("college_catalog_path", "https://www.river.edu/college-catalog/", DISCOVERY_PRIORITY)]
    assert all(r.meta["site"] == "river.edu" for r in requests)
    stats = spider.crawler.stats.get_stats()
    assert stats["catalog/discovery/catalog_host"] == 1
    assert stats["catalog/discovery/catalog_path"] == 1


def test_only_a_database_seed_s_home_page_is_probed(spider):
    # A seeds-file college's start page, and any later page of a database seed: no probes.
    for meta in ({"site": "harborpoint.edu", "discover": False}, {"site": "river.edu"}):
        url = f"https://www.{meta['site']}/"
        response = HtmlResponse(url, body=b"<p>Welcome</p>", request=Request(url, meta=meta))
        assert not [r for r in requests_from(spider.parse(response)) if "discovery" in r.meta]


def test_a_probe_that_answers_is_counted_and_crawled(spider):
    url = "https://catalog.river.edu/"
    request = Request(url, meta={"site": "river.edu", "depth": 1, "discovery": "catalog_host"})
    response = HtmlResponse(url, request=request,
                            body=b'<a href="/programs/">Programs of Study</a>')
    assert [r.url for r in requests_from(spider.parse(response))] == [
        "https://catalog.river.edu/programs/"]
    assert spider.crawler.stats.get_value("catalog/discovery/catalog_host/found") == 1
    assert "river.edu" in spider.sites_reached
    assert "river.edu" not in spider.sites_cut_short


@pytest.mark.parametrize("error", [
    DNSLookupError("catalog.river.edu"),
    HttpError(Response("https://www.river.edu/catalog/", status=404)),
    HttpError(Response("https://www.river.edu/catalog/", status=503)),
])
def test_a_probe_that_misses_does_not_cut_the_site_short(spider, error):
    spider.sites_reached.add("river.edu")
    spider.sites_with_programs.add("river.edu")  # only such a site can lose programs
    failure = Failure(error)
    failure.request = Request("https://catalog.river.edu/",
                              meta={"site": "river.edu", "discovery": "catalog_host"})
    spider.failed(failure)
    assert spider.crawler.stats.get_value("catalog/discovery/catalog_host/missed") == 1
    assert spider.removal_sites() == {"river.edu"}


def test_a_vendor_catalog_linked_from_the_college_joins_its_site(spider):
    vendor = "https://river.smartcatalogiq.com/en/current/catalog/"
    requests = requests_from(spider.parse(home(
        f'<a href="{vendor}">Academic Catalog</a>'
        '<a href="https://other.smartcatalogiq.com/en/current/catalog/">Partner</a>'.encode())))
    assert [r.url for r in requests] == [vendor]
    assert spider.vendor_hosts == {"river.smartcatalogiq.com": "river.edu"}
    # Its robots.txt is read like the college's own (the offsite middleware allows the host).
    assert "river.smartcatalogiq.com" in spider.allowed_domains
    assert spider.crawler.stats.get_value("catalog/discovery/vendor_link") == 1
    # Its pages' links stay on it and count as the college's; other colleges' stay off.
    page = HtmlResponse(vendor, request=Request(vendor, meta={"site": "river.edu", "depth": 1}),
                        body=b'<a href="/en/current/catalog/programs/hit-aas">HIT, AAS</a>'
                             b'<a href="https://www.harborpoint.edu/programs/">Programs</a>')
    followed = requests_from(spider.parse(page))
    assert [(r.url, r.meta["site"]) for r in followed] == [
        ("https://river.smartcatalogiq.com/en/current/catalog/programs/hit-aas", "river.edu")]


def test_the_vendor_s_own_site_is_never_a_college_s_catalog(spider):
    response = HtmlResponse(
        "https://www.harborpoint.edu/partners/",
        request=Request("https://www.harborpoint.edu/partners/",
                        meta={"site": "harborpoint.edu", "depth": 1}),
        body=b'<a href="https://www.smartcatalogiq.com/clients/">Our catalog vendor</a>')
    assert requests_from(spider.parse(response)) == []
    assert spider.vendor_hosts == {}
