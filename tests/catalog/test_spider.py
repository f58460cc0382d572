"""The catalog spider's decisions on single responses, without a crawl."""

from __future__ import annotations

import asyncio
import gzip
import logging

import pytest
from protego import Protego
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.http import HtmlResponse, Request, Response, XmlResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from crawler import settings
from crawler.sources.catalog.budget import SiteBudgetMiddleware
from crawler.sources.catalog.seeds import SeedError
from crawler.items import ProgramItem
from spiders.catalog import CatalogSpider
from tests.helpers import FIXTURES, file_response

SEEDS = "institution,unitid,start_url,platform\n" \
        "Harbor Point Community College,,https://www.harborpoint.edu/,acalog\n" \
        "Juniper Basin Community College,,https://www.juniperbasin.edu/,\n" \
        "Kettle River Community College,,https://www.kettleriver.edu/,\n"
LISTING = "https://catalog.harborpoint.edu/content.php?catoid=12&navoid=1003&filter%5Bcpage%5D=2"


@pytest.fixture
def seeds_file(tmp_path):
    path = tmp_path / "seeds.csv"
    path.write_text(SEEDS)
    return path


@pytest.fixture
def crawler(database_path):
    project = {name: getattr(settings, name) for name in dir(settings) if name.isupper()}
    crawler = get_crawler(CatalogSpider, project | {"DATABASE_PATH": str(database_path)})
    crawler.stats.open_spider()
    return crawler


@pytest.fixture
def spider(crawler, seeds_file):
    return CatalogSpider.from_crawler(crawler, seeds=str(seeds_file))


def page(fixture, url, site="harborpoint.edu", depth=1, score=2, encoding=None):
    return file_response(f"catalog/{fixture}", url, encoding=encoding,
                         meta={"site": site, "depth": depth, "score": score})


def html(url, body, site="harborpoint.edu", depth=1, **kwargs):
    return HtmlResponse(url, body=body, request=Request(url, meta={"site": site, "depth": depth}),
                        **kwargs)


def requests_from(results):
    return [r for r in results if isinstance(r, Request)]


def test_seeds_set_the_allowed_domains(spider):
    # ... plus the catalog API hosts the spider reads for JavaScript-only catalogs.
    assert spider.allowed_domains == ["harborpoint.edu", "juniperbasin.edu", "kettleriver.edu",
                                      "app.coursedog.com", "kuali.co"]


def test_start_requests_are_the_seeds_real_urls(spider):
    async def start_urls():
        return [request.url async for request in spider.start()]

    urls = asyncio.run(start_urls())
    assert urls == ["https://www.harborpoint.edu/", "https://www.juniperbasin.edu/",
                    "https://www.kettleriver.edu/"]


def test_a_college_listed_twice_keeps_its_first_row(crawler, tmp_path):
    path = tmp_path / "seeds.csv"
    path.write_text("institution,unitid,start_url,platform\n"
                    "Lake College,,https://catalog.lake.edu/,acalog\n"
                    "Lake College again,,https://www.lake.edu/,\n")
    spider = CatalogSpider.from_crawler(crawler, seeds=str(path))
    assert [s.start_url for s in spider.seeds_by_site.values()] == ["https://catalog.lake.edu/"]


def test_from_db_adds_the_database_institutions(crawler, seeds_file, database):
    database["institutions"].insert({"unitid": 7, "name": "River College",
                                     "website": "www.river.edu/"})
    database["programs"].insert({"program_id": "p7", "unitid": 7, "source": "ipeds",
                                 "title": "Health Information Technology", "track": "hit"})
    spider = CatalogSpider.from_crawler(crawler, seeds=str(seeds_file), from_db="1")
    assert spider.seeds_by_site["river.edu"].unitid == 7
    assert spider.seeds_by_site["river.edu"].discover
    assert "harborpoint.edu" in spider.seeds_by_site


def test_an_unknown_platform_hint_is_a_clear_error(crawler, tmp_path):
    path = tmp_path / "seeds.csv"
    path.write_text("institution,unitid,start_url,platform\nLake,,https://lake.edu/,wordpress\n")
    with pytest.raises(SeedError, match="unknown platform hint"):
        CatalogSpider.from_crawler(crawler, seeds=str(path))


def test_listing_page_follows_programs_and_its_next_pages(spider, crawler):
    results = spider.parse(page("acalog_listing_page2.html", LISTING))
    urls = {r.url: r for r in requests_from(results)}
    program = "https://catalog.harborpoint.edu/preview_program.php?catoid=12&poid=3421"
    assert program in urls  # returnto=1003 dropped: one program, one URL
    next_page = LISTING.replace("cpage%5D=2", "cpage%5D=3")
    assert urls[next_page].priority == 2  # the list's own score, although the anchor is "3"
    assert not [u for u in urls if "search_advanced" in u or "navoid=1001" in u]
    assert crawler.stats.get_value("catalog/skip/search") >= 1


def test_program_page_yields_its_item_and_skips_course_popups(spider, crawler):
    url = "https://catalog.harborpoint.edu/preview_program.php?catoid=12&poid=3401"
    results = list(spider.parse(page("acalog_program_hit.html", url)))
    items = [r for r in results if isinstance(r, ProgramItem)]
    assert [(i["title"], i["institution_name"]) for i in items] == [
        ("Health Information Technology, AAS", "Harbor Point Community College")]
    assert not [r for r in requests_from(results) if "preview_course" in r.url]
    assert crawler.stats.get_value("catalog/skip/course") == 5


def test_calendar_links_are_never_followed(spider, crawler):
    calendar = html("https://www.harborpoint.edu/info-sessions/",
                    b'<h1>Events, month 0</h1><a href="/info-sessions/?month=1">Next month</a>'
                    b'<a href="/info-sessions/?month=-1">Previous month</a>')
    assert requests_from(spider.parse(calendar)) == []
    assert crawler.stats.get_value("catalog/skip/calendar") == 2


def test_offsite_links_and_session_ids(spider, crawler):
    response = html("https://www.harborpoint.edu/",
                    b'<a href="https://www.othercollege.edu/programs/">Programs</a>'
                    b'<a href="https://www.juniperbasin.edu/programs/">Programs</a>'
                    b'<a href="/programs/index.html;jsessionid=ABC123">Programs of Study</a>'
                    b'<a href="mailto:info@harborpoint.edu">Email the program</a>')
    assert [r.url for r in requests_from(spider.parse(response))] == [
        "https://www.harborpoint.edu/programs/index.html"]
    assert crawler.stats.get_value("catalog/skip/offsite") == 2
    assert crawler.stats.get_value("catalog/links/session_id_removed") == 1


def test_depth_limit(spider, crawler):
    response = html("https://www.harborpoint.edu/deep/", b'<a href="/programs/">Programs</a>',
                    depth=spider.max_depth)
    assert requests_from(spider.parse(response)) == []
    assert crawler.stats.get_value("catalog/skip/depth") == 1


def test_coursedog_catalog_is_read_through_its_api_not_crawled(spider, crawler, caplog):
    shell = page("js_shell_coursedog.html", "https://catalog.juniperbasin.edu/",
                 site="juniperbasin.edu")
    with caplog.at_level(logging.WARNING):
        [bootstrap] = list(spider.parse(shell))
    assert crawler.stats.get_value("catalog/js_shell/coursedog") == 1
    assert "JavaScript-only catalog" not in caplog.text  # read, so nothing to warn about
    assert bootstrap.url == ("https://app.coursedog.com/api/v1/catalogs/urls"
                             "?url=catalog.juniperbasin.edu")
    assert bootstrap.headers["Origin"] == b"https://catalog.juniperbasin.edu"
    later = html("https://www.juniperbasin.edu/programs/",
                 b'<a href="https://catalog.juniperbasin.edu/programs/HIT-AAS">HIT program</a>',
                 site="juniperbasin.edu")
    assert requests_from(spider.parse(later)) == []
    assert crawler.stats.get_value("catalog/skip/js_shell") == 1


def test_coursedog_api_answers_become_programs_on_the_catalog_site(spider, crawler):
    catalog = Response(
        "https://app.coursedog.com/api/v1/catalogs/urls?url=catalog.juniperbasin.edu",
        body=(FIXTURES / "catalog" / "coursedog_catalog_urls.json").read_bytes(),
        request=Request("https://app.coursedog.com/", meta={
            "site": "juniperbasin.edu", "catalog_host": "catalog.juniperbasin.edu"}))
    [programs_request] = list(spider.parse_coursedog_catalog(catalog))
    assert programs_request.url == (
        "https://app.coursedog.com/api/v1/cm/juniperbasin_cc/programs/search/$filters"
        "?catalogId=Jb7qLcR2x9TfW4mKp1Za&skip=0&limit=100")
    answer = Response(programs_request.url, request=programs_request,
                      body=(FIXTURES / "catalog" / "coursedog_programs.json").read_bytes())
    items = {item["url"]: item for item in spider.parse_coursedog_programs(answer)}
    # Four active programs; the inactive Medical Transcription certificate is left out, and
    # listLength says there is no next page.
    assert sorted(items) == [f"https://catalog.juniperbasin.edu/programs/{code}"
                             for code in ("CS-AAS", "HIT-AAS", "MA-CC", "MBC-CC")]
    hit = items["https://catalog.juniperbasin.edu/programs/HIT-AAS"]
    assert (hit["title"], hit["credential_text"], hit["credits"], hit["platform"]) == (
        "Health Information Technology, AAS", "Associate (AAS)", 93.0, "coursedog")
    assert hit["certifications"] == "RHIT"
    assert "fully online" in hit["delivery_text"]
    assert crawler.stats.get_value("catalog/api/coursedog/programs") == 4


def test_kuali_catalog_is_read_through_its_api(spider, crawler):
    shell = page("js_shell_kuali.html", "https://catalog.sagebrush.edu/",
                 site="juniperbasin.edu")
    [current] = list(spider.parse(shell))
    assert current.url == "https://sagebrush.kuali.co/api/v1/catalog/public/catalogs/current"

    def answer(request, fixture):
        return Response(request.url, request=request,
                        body=(FIXTURES / "catalog" / fixture).read_bytes())

    [listing] = list(spider.parse_kuali_catalog(answer(current, "kuali_current_catalog.json")))
    assert listing.url == ("https://sagebrush.kuali.co/api/v1/catalog/programs/"
                           "66b3f0c2a91e4d001c7a52e1")
    details = list(spider.parse_kuali_programs(answer(listing, "kuali_programs.json")))
    assert [d.url.rsplit("/", 1)[1] for d in details] == ["SJx9bHq2Rg", "B1lQ7rB9n"]
    [item] = list(spider.parse_kuali_program(answer(details[0], "kuali_program_hit.json")))
    assert (item["title"], item["credential_text"], item["credits"], item["platform"]) == (
        "Health Information Technology, AAS", "Associate of Applied Science", 63.0, "kuali")
    assert item["delivery_text"] == "Courses are delivered fully online."
    assert crawler.stats.get_value("catalog/api/kuali/programs") == 1


def test_coursedog_host_without_a_catalog_is_reported(spider, crawler, caplog):
    answer = Response(
        "https://app.coursedog.com/api/v1/catalogs/urls?url=catalog.example.edu",
        body=b'{"message": "Host does not have entity assigned"}',
        request=Request("https://app.coursedog.com/", meta={
            "site": "juniperbasin.edu", "catalog_host": "catalog.example.edu"}))
    with caplog.at_level(logging.WARNING):
        assert list(spider.parse_coursedog_catalog(answer)) == []
    assert crawler.stats.get_value("catalog/api/coursedog/no_catalog") == 1


def test_evidence_for_a_program_page_is_counted(spider, crawler):
    response = page("generic_cms_program_article.html",
                    "https://www.kettleriver.edu/programs/medical-billing-and-coding-specialist/",
                    site="kettleriver.edu")
    assert [r for r in spider.parse(response) if isinstance(r, ProgramItem)]
    assert crawler.stats.get_value("catalog/evidence/award_stated") == 1
    assert crawler.stats.get_value("catalog/evidence/clock_hours") == 1


def test_windows_1252_page_declared_in_the_header(spider):
    body = (FIXTURES / "catalog" / "generic_program_hit_cp1252.html").read_bytes()
    response = html("https://www.kettleriver.edu/programs/health-information-technology.html", body,
                    site="kettleriver.edu",
                    headers={"Content-Type": "text/html; charset=windows-1252"})
    [item] = [r for r in spider.parse(response) if isinstance(r, ProgramItem)]
    assert item["title"] == "Health Information Technology – A.A.S. Degree"
    assert "Renée Dubé" not in item["description"]  # contact line is not the description
    assert "patients’ records" in item["description"]


@pytest.mark.parametrize("body", [
    b"", b"<", b"\x00\x01\x02", b"<html><h1></h1></html>",
    b'<script type="application/ld+json">[1, 2]</script><h1>Coding Certificate</h1>',
    b'<script type="application/ld+json">{"@graph": {"a": 1}}</script>',
])
def test_junk_pages_yield_no_program(spider, body):
    assert list(spider.parse(html("https://www.harborpoint.edu/x", body))) == []


def test_binary_response_is_skipped(spider, crawler):
    url = "https://www.harborpoint.edu/doc"
    response = Response(url, body=b"%PDF-1.7",
                        request=Request(url, meta={"site": "harborpoint.edu"}))
    assert list(spider.parse(response)) == []
    assert crawler.stats.get_value("catalog/skip/not_html") == 1


def test_sitemap_urls_are_scored_like_links(spider, crawler):
    body = (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            b"<url><loc>https://www.harborpoint.edu/programs/health-information-technology/</loc>"
            b"</url>"
            b"<url><loc>https://www.harborpoint.edu/news/2025/hello/</loc></url>"
            b"<url><loc>https://www.harborpoint.edu/about/</loc></url></urlset>")
    response = XmlResponse("https://www.harborpoint.edu/sitemap.xml", body=body,
                           request=Request("https://www.harborpoint.edu/sitemap.xml",
                                           meta={"site": "harborpoint.edu"}))
    assert [r.url for r in spider.parse_sitemap(response)] == [
        "https://www.harborpoint.edu/programs/health-information-technology/"]
    assert crawler.stats.get_value("catalog/sitemap/urls") == 3


SITEMAP = (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
           b"<url><loc>https://www.harborpoint.edu/programs/medical-coding/</loc></url></urlset>")


@pytest.mark.parametrize("body, urls", [
    (gzip.compress(SITEMAP), ["https://www.harborpoint.edu/programs/medical-coding/"]),
    (b"<html><body>Page not found</body></html>", []),
    (b"garbage", []),
    (gzip.compress(SITEMAP)[:20], []),  # truncated download
])
def test_gzipped_and_broken_sitemaps(spider, crawler, body, urls):
    url = "https://www.harborpoint.edu/sitemap.xml.gz"
    response = Response(url, body=body, request=Request(url, meta={"site": "harborpoint.edu"}))
    assert [r.url for r in spider.parse_sitemap(response)] == urls
    assert crawler.stats.get_value("catalog/sitemap/invalid") == (None if urls else 1)


class RecordingEngine:
    def __init__(self):
        self.crawled = []

    def crawl(self, request):
        self.crawled.append(request)


class Robots:
    def __init__(self, text):
        self.rp = Protego.parse(text)


@pytest.mark.parametrize("robots, sitemaps", [
    ("User-agent: *\nSitemap: https://www.harborpoint.edu/sitemap_index.xml\n",
     ["https://www.harborpoint.edu/sitemap_index.xml"]),
    ("User-agent: *\nDisallow: /search\n", ["https://www.harborpoint.edu/sitemap.xml"]),
])
def test_robots_txt_sitemaps_are_read(spider, crawler, robots, sitemaps):
    crawler.engine = RecordingEngine()
    spider.robots_parsed(Robots(robots), Request("https://www.harborpoint.edu/",
                                                 meta={"site": "harborpoint.edu"}))
    assert [r.url for r in crawler.engine.crawled] == sitemaps
    assert crawler.engine.crawled[0].callback == spider.parse_sitemap


def failure(exception, url="https://www.harborpoint.edu/x"):
    result = Failure(exception)
    result.request = Request(url)
    return result


def test_failures_are_counted_by_kind(spider, crawler):
    not_found = Response("https://www.harborpoint.edu/x", status=404)
    spider.failed(failure(HttpError(not_found)))
    spider.failed(failure(DownloadCancelledError("10485760 bytes > 5242880")))
    spider.failed(failure(IgnoreRequest("Forbidden by robots.txt")))
    spider.failed(failure(ConnectionRefusedError()))
    stats = crawler.stats.get_stats()
    assert stats["catalog/http_status/404"] == 1
    assert stats["catalog/skip/oversized"] == 1
    assert stats["catalog/errors/ConnectionRefusedError"] == 1
    assert not [key for key in stats if "IgnoreRequest" in key]


def site_request(url, site="harborpoint.edu", **meta):
    return Request(url, meta={"site": site, **meta})


def test_site_budget_stops_a_site_after_its_pages(crawler):
    middleware = SiteBudgetMiddleware(crawler.stats, budget=2)
    for _ in range(2):
        middleware.process_request(site_request("https://www.harborpoint.edu/"))
    middleware.process_request(site_request("https://www.harborpoint.edu/robots.txt",
                                            dont_obey_robotstxt=True))
    middleware.process_request(site_request("https://www.juniperbasin.edu/", "juniperbasin.edu"))
    with pytest.raises(IgnoreRequest):
        middleware.process_request(site_request("https://www.harborpoint.edu/a"))
    assert crawler.stats.get_value("catalog/skip/budget") == 1
