"""Catalog spider: find the official program pages on college websites.

Seeds are colleges (``seeds/catalogs.csv`` and/or the institutions in the database). From each
start page the crawl is focused: robots.txt obeyed, sitemaps read, links scored by their words
and followed best-first, only on the college's own domain, within a page budget and a depth
limit, never into binaries, search results, calendars or endless pagination. Each page is read
by the adapter of its platform (JSON-LD or microdata, Acalog, CourseLeaf, SmartCatalog, generic
HTML); JavaScript-only catalogs are read through their vendor's public JSON API (Coursedog,
Kuali), or reported when the vendor is unknown. Every skipped link is counted in
``catalog/skip/<reason>``.

    scrapy crawl catalog                                  # seeds/catalogs.csv
    scrapy crawl catalog -a seeds=my_colleges.csv
    scrapy crawl catalog -a from_db=1                     # plus every institution with a website
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.http import TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.gz import gunzip, gzip_magic_number
from scrapy.utils.sitemap import Sitemap

from crawler.sources.catalog import links
from crawler.sources.catalog.apis import coursedog, kuali
from crawler.sources.catalog.budget import PageBudgetSpent
from crawler.sources.catalog.platforms import PLATFORM_NAMES, detect, normalize_url
from crawler.sources.catalog.platforms.base import tidy
from crawler.sources.catalog.platforms.js_shell import JsShell
from crawler.sources.catalog.program_item import program_item
from crawler.sources.catalog.seeds import (SeedError, merge_seeds, read_seeds_database,
                                   read_seeds_file)
from crawler.sources.catalog.sites import site_of
from spiders.base import SourceSpider

START_PRIORITY = 100  # start pages and sitemaps before any scored link
TRUE = ("1", "true", "yes")
API_HOSTS = (urlsplit(coursedog.API).hostname, "kuali.co")
# A seed may name a JavaScript-only catalog's vendor as its platform: its API is read.
PLATFORM_HINTS = PLATFORM_NAMES + ("coursedog", "kuali")


class CatalogSpider(SourceSpider):
    name = "catalog"
    custom_settings = {
        # A catalog page is well under 1 MB; anything past 5 MB is a report dump, not a program.
        "DOWNLOAD_MAXSIZE": 5 * 1024 * 1024,
        "DOWNLOAD_WARNSIZE": 1024 * 1024,
        "REDIRECT_MAX_TIMES": 5,
    }

    def __init__(self, seeds=None, from_db=None, **kwargs):
        super().__init__(**kwargs)
        self._seeds_arg = seeds
        self._from_db = str(from_db).lower() in TRUE
        self.js_shell_hosts: set[str] = set()
        # Sites that answered, and sites this run did not see whole (server errors, network
        # failures, page budget spent): only the difference may lose programs as "removed".
        self.sites_reached: set[str] = set()
        self.sites_cut_short: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        seeds = merge_seeds(  # one seed per site, the seeds file's row first
            read_seeds_file(spider.argument_or_setting(spider._seeds_arg, "CATALOG_SEEDS")),
            read_seeds_database(settings.get("DATABASE_PATH")) if spider._from_db else [])
        unknown = sorted({s.platform for s in seeds if s.platform} - set(PLATFORM_HINTS))
        if unknown:
            raise SeedError(f"unknown platform hint(s) {', '.join(unknown)}; "
                            f"choose from {', '.join(PLATFORM_HINTS)}")
        spider.seeds_by_site = {seed.site: seed for seed in seeds}
        # Catalog vendors' API hosts are allowed too, so their robots.txt is read like any
        # other; links are still followed only within each college's own site.
        spider.allowed_domains = sorted(spider.seeds_by_site) + list(API_HOSTS)
        spider.max_depth = settings.getint("CATALOG_DEPTH_LIMIT")
        spider.max_listing_pages = settings.getint("CATALOG_MAX_LISTING_PAGES")
        crawler.signals.connect(spider.robots_parsed, signal=signals.robots_parsed)
        return spider

    async def start(self):
        for site, seed in self.seeds_by_site.items():
            yield self._request(seed.start_url, site, priority=START_PRIORITY)

    def _request(self, url, site, score=0, callback=None, priority=None):
        """A request within a site; its link score is its priority unless one is given."""
        return scrapy.Request(url, callback=callback or self.parse, errback=self.failed,
                              priority=score if priority is None else priority,
                              meta={"site": site, "score": score})

    # -- sitemaps ------------------------------------------------------------------------------
    def robots_parsed(self, robotparser, request):
        """Read each host's sitemaps: its robots.txt Sitemap lines, else /sitemap.xml."""
        site = request.meta.get("site")
        if site not in self.seeds_by_site:
            return
        # Protego (ROBOTSTXT_PARSER) keeps the Sitemap lines; other parsers do not expose them.
        sitemaps = list(getattr(getattr(robotparser, "rp", None), "sitemaps", []))
        parts = urlsplit(request.url)
        for url in sitemaps or [f"{parts.scheme}://{parts.netloc}/sitemap.xml"]:
            self.crawler.engine.crawl(
                self._request(url, site, callback=self.parse_sitemap, priority=START_PRIORITY))

    def parse_sitemap(self, response):
        site = response.meta["site"]
        sitemap = self._sitemap(response)
        for entry in sitemap or ():
            url = entry["loc"]
            if sitemap.type == "sitemapindex":
                yield self._request(url, site, callback=self.parse_sitemap, priority=START_PRIORITY)
                continue
            self.crawler.stats.inc_value("catalog/sitemap/urls")
            request = self._link_request(url, "", response)
            if request is not None:
                yield request

    def _sitemap(self, response) -> Sitemap | None:
        """The sitemap in a response, gzipped or not; None (counted) when it is not one."""
        try:
            body = response.body
            if gzip_magic_number(response):
                body = gunzip(body, max_size=self.settings.getint("DOWNLOAD_MAXSIZE"))
            sitemap = Sitemap(body)
        except (ValueError, OSError, EOFError, SyntaxError, StopIteration):
            sitemap = None  # garbage, truncated gzip, or a sitemap past the download cap
        if sitemap is None or sitemap.type not in ("urlset", "sitemapindex"):
            self.crawler.stats.inc_value("catalog/sitemap/invalid")
            return None
        return sitemap

    def removal_sites(self) -> set[str]:
        """Sites crawled completely this run: RunRecorder marks programs removed only there."""
        return self.sites_reached - self.sites_cut_short

    # -- pages ---------------------------------------------------------------------------------
    def parse(self, response):
        self.sites_reached.add(response.meta["site"])
        stats = self.crawler.stats
        if not isinstance(response, TextResponse):
            stats.inc_value("catalog/skip/not_html")
            return
        seed = self.seeds_by_site[response.meta["site"]]
        platform = detect(response, seed.platform)
        stats.inc_value(f"catalog/platform/{platform.name}")
        if isinstance(platform, JsShell):
            yield from self._read_js_shell(platform, response, seed)
            return
        page = platform.program(response)
        if page is not None:
            stats.inc_value("catalog/pages/program")
            if page.evidence:  # judged from evidence: keep which, for tuning and for the log
                self.logger.debug("program page %s: %s", response.url, page.evidence)
                for signal in page.evidence.split(", "):
                    stats.inc_value(f"catalog/evidence/{signal.split()[0]}")
            yield program_item(page, platform.name, response, seed)
        else:
            stats.inc_value("catalog/pages/not_program")
        for anchor in response.css("a[href]"):
            if links.opens_course_popup(anchor.attrib.get("onclick")):
                stats.inc_value("catalog/skip/course")
                continue
            text = tidy(" ".join(anchor.css("::text").getall())) or anchor.attrib.get("title", "")
            request = self._link_request(response.urljoin(anchor.attrib["href"]), text, response)
            if request is not None:
                yield request

    def _link_request(self, url, anchor, response):
        """The request for a link, or None with the reason counted."""
        if not url.startswith(("http://", "https://")):
            return None  # mailto:, javascript:, tel:
        if links.has_session_id(url):
            self.crawler.stats.inc_value("catalog/links/session_id_removed")
        url = normalize_url(links.clean_url(url))
        score = links.score_link(url, anchor)
        if links.is_pagination(url, anchor):  # the next page of a list is as good as the list
            score = max(score, response.meta.get("score", 0))
        reason = self._skip_reason(url, anchor, score, response)
        if reason:
            self.crawler.stats.inc_value(f"catalog/skip/{reason}")
            return None
        return self._request(url, response.meta["site"], score)

    def _skip_reason(self, url, anchor, score, response) -> str | None:
        if site_of(url) != response.meta["site"]:
            return "offsite"
        if urlsplit(url).hostname in self.js_shell_hosts:
            return "js_shell"
        if reason := links.skip_reason(url, anchor, self.max_listing_pages):
            return reason
        if score < links.MIN_SCORE:
            return "low_score"
        if response.meta.get("depth", 0) + 1 > self.max_depth:
            return "depth"
        return None

    def _read_js_shell(self, platform, response, seed):
        """A JavaScript-only catalog: read through its vendor's JSON API when we know it,
        otherwise reported (a warning and ``catalog/js_shell/<vendor>``) and left alone."""
        host = urlsplit(response.url).hostname
        if host in self.js_shell_hosts:
            return
        self.js_shell_hosts.add(host)
        vendor = platform.vendor(response) or "unknown"
        self.crawler.stats.inc_value(f"catalog/js_shell/{vendor}")
        if vendor == "coursedog":
            yield self._api_request(coursedog.catalog_request_url(host), response,
                                    self.parse_coursedog_catalog, coursedog.request_headers(host))
            return
        origin = kuali.tenant_origin(response.text) if vendor == "kuali" else None
        if origin:
            yield self._api_request(kuali.current_catalog_url(origin), response,
                                    self.parse_kuali_catalog, {}, kuali=(origin, None))
            return
        self.logger.warning("%s: %s is a JavaScript-only catalog (%s); not crawled, its "
                            "programs need the platform's API", seed.institution, host, vendor)

    def _api_request(self, url, response, callback, headers, **state):
        """A request to a catalog vendor's API host, on behalf of the college's site."""
        meta = {"site": response.meta["site"],
                "catalog_host": response.meta.get("catalog_host")
                or urlsplit(response.url).hostname, **state}
        return scrapy.Request(url, callback=callback, errback=self.failed,
                              headers=headers, priority=START_PRIORITY, meta=meta)

    # -- Coursedog: the catalog's school and catalog ids, then its programs, page by page ------
    def parse_coursedog_catalog(self, response):
        host = response.meta["catalog_host"]
        ids = coursedog.catalog_ids(self._json(response, "coursedog") or {})
        if ids is None:
            self.crawler.stats.inc_value("catalog/api/coursedog/no_catalog")
            self.logger.warning("%s: Coursedog names no catalog for this host", host)
            return
        yield self._api_request(coursedog.programs_url(*ids), response,
                                self.parse_coursedog_programs, coursedog.request_headers(host),
                                coursedog=ids)

    def parse_coursedog_programs(self, response):
        host = response.meta["catalog_host"]
        payload = self._json(response, "coursedog")
        if payload is None:
            return
        rows = payload.get("data", []) if isinstance(payload, dict) else payload
        seed = self.seeds_by_site[response.meta["site"]]
        for url, page in coursedog.program_pages([r for r in rows if isinstance(r, dict)], host):
            self.crawler.stats.inc_value("catalog/pages/program")
            self.crawler.stats.inc_value("catalog/api/coursedog/programs")
            # The item's address is the program's page on the catalog site, not the API call.
            page_response = TextResponse(url, body=b"", encoding="utf-8")
            yield program_item(page, "coursedog", page_response, seed)
        skip = coursedog.next_skip(payload, int(parse_qs(urlsplit(response.url).query)
                                                 .get("skip", ["0"])[0]))
        if skip is not None:
            school, catalog_id = response.meta["coursedog"]
            yield self._api_request(coursedog.programs_url(school, catalog_id, skip), response,
                                    self.parse_coursedog_programs,
                                    coursedog.request_headers(host), coursedog=(school, catalog_id))

    # -- Kuali: the current catalog, its program list, then each program's record -----------
    def parse_kuali_catalog(self, response):
        origin, _ = response.meta["kuali"]
        catalog = kuali.catalog_id(self._json(response, "kuali"))
        if catalog is None:
            self.crawler.stats.inc_value("catalog/api/kuali/no_catalog")
            return
        yield self._api_request(kuali.programs_url(origin, catalog), response,
                                self.parse_kuali_programs, {}, kuali=(origin, catalog))

    def parse_kuali_programs(self, response):
        origin, catalog = response.meta["kuali"]
        for pid in kuali.program_ids(self._json(response, "kuali")):
            yield self._api_request(kuali.program_url(origin, catalog, pid), response,
                                    self.parse_kuali_program, {}, kuali=(origin, catalog))

    def parse_kuali_program(self, response):
        page = kuali.program_page(self._json(response, "kuali"))
        if page is None:
            return
        self.crawler.stats.inc_value("catalog/pages/program")
        self.crawler.stats.inc_value("catalog/api/kuali/programs")
        seed = self.seeds_by_site[response.meta["site"]]
        record = TextResponse(response.url, body=b"", encoding="utf-8")
        yield program_item(page, "kuali", record, seed)

    def _json(self, response, vendor):
        try:
            return json.loads(response.body)
        except ValueError:
            self.crawler.stats.inc_value(f"catalog/api/{vendor}/invalid_json")
            self.logger.warning("%s: not JSON from the %s API", response.url, vendor)
            return None

    def failed(self, failure):
        stats = self.crawler.stats
        site = failure.request.meta.get("site")
        if failure.check(PageBudgetSpent):
            self.sites_cut_short.add(site)
            return  # counted by the budget middleware
        if failure.check(IgnoreRequest) and not failure.check(HttpError):
            return  # robots.txt, offsite: counted where they were decided
        if failure.check(HttpError):
            status = failure.value.response.status
            stats.inc_value(f"catalog/http_status/{status}")
            self.logger.info("HTTP %s for %s", status, failure.request.url)
            if status >= 500:  # still failing after retries: part of the site went unseen
                self.sites_cut_short.add(site)
        elif failure.check(DownloadCancelledError):
            stats.inc_value("catalog/skip/oversized")
        else:
            self.sites_cut_short.add(site)
            stats.inc_value(f"catalog/errors/{failure.type.__name__}")
            self.logger.warning("%s: %s", failure.request.url, failure.getErrorMessage())
