"""Catalog spider: find the official program pages on college websites.

Seeds are colleges: ``seeds/catalogs.csv`` and, unless ``-a from_db=0`` (setting
``CATALOG_FROM_DB``), every institution in the database with a listed program in our tracks,
whose catalog is discovered from its home page (``crawler/sources/catalog/discovery.py``,
counted in ``catalog/discovery/<how>``). From each start page the crawl is focused:
robots.txt obeyed, sitemaps read, links scored by their words and followed best-first, only on
the college's own domain, within a page budget and a depth limit (a catalog vendor's host joins
a college's site when the site links to it), never into binaries, search results, calendars or
endless pagination. Each page is read by the adapter of its platform (JSON-LD or microdata,
Acalog, CourseLeaf, SmartCatalog, generic HTML); JavaScript-only catalogs are read through their
vendor's public JSON API (Coursedog, Kuali), or reported when the vendor is unknown. Every
skipped link is counted in ``catalog/skip/<reason>``.

    scrapy crawl catalog                       # seeds/catalogs.csv + the database's institutions
    scrapy crawl catalog -a seeds=my_colleges.csv
    scrapy crawl catalog -a from_db=0          # the seeds file only
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

from crawler.page_memory import PageMemory
from crawler.sources.catalog import discovery, links
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
# A home page's catalog links and the catalog probes: after the start pages, before the rest.
DISCOVERY_PRIORITY = START_PRIORITY - 1
# A page answering these is gone for good: evidence that its program was withdrawn.
GONE_STATUSES = (404, 410)
TRUE = ("1", "true", "yes")
API_HOSTS = (urlsplit(coursedog.API).hostname, "kuali.co")
# A seed may name a JavaScript-only catalog's vendor as its platform: its API is read.
PLATFORM_HINTS = PLATFORM_NAMES + ("coursedog", "kuali")


# Share of a page's characters that may be U+FFFD (bytes invalid in the page's charset) before
# the page counts as undecodable; a stray bad byte in a footer is common and harmless.
MAX_REPLACEMENT_SHARE = 0.01


def undecodable(response: TextResponse) -> bool:
    """Binary or wrongly declared bytes served as a page: NUL characters (never in HTML), or
    many characters the declared charset could not decode."""
    text = response.text
    return "\x00" in text or text.count("\ufffd") > len(text) * MAX_REPLACEMENT_SHARE


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
        self._from_db_arg = from_db
        self.js_shell_hosts: set[str] = set()
        # Sites that answered, sites where at least one program was found, and sites this run
        # did not see whole (a page not read, the page budget spent): only sites reached, with
        # programs and not cut short may lose programs as "removed".
        self.sites_reached: set[str] = set()
        self.sites_with_programs: set[str] = set()
        self.sites_cut_short: set[str] = set()
        # Catalog vendors' hosts ('lake.smartcatalogiq.com') linked from a college's site: host
        # -> that college's site. Their pages count as the college's (links, budget, removal).
        self.vendor_hosts: dict[str, str] = {}
        self.page_memory = PageMemory.empty(self.name)  # from_crawler loads the stored pages

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        seeds = merge_seeds(  # one seed per site, the seeds file's row first
            read_seeds_file(spider.argument_or_setting(spider._seeds_arg, "CATALOG_SEEDS")),
            spider._database_seeds())
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
        spider.page_memory = PageMemory.from_database(
            settings.get("DATABASE_PATH"), spider.name, settings.getfloat("CATALOG_RECHECK_DAYS"))
        crawler.signals.connect(spider.robots_parsed, signal=signals.robots_parsed)
        return spider

    def _database_seeds(self) -> list:
        """The database's institutions when from_db is on (argument, else CATALOG_FROM_DB).
        Asked for explicitly, a missing database is an error; by default only a warning."""
        wanted = self.argument_or_setting(self._from_db_arg, "CATALOG_FROM_DB", False)
        if str(wanted).lower() not in TRUE:
            return []
        try:
            seeds = read_seeds_database(self.settings.get("DATABASE_PATH"))
        except SeedError as error:
            if self._from_db_arg not in (None, ""):
                raise
            self.logger.warning("%s; starting from the seeds file only", error)
            return []
        self.logger.info("%d institutions from the database are seeds", len(seeds))
        return seeds

    async def start(self):
        self.crawler.stats.set_value("catalog/seeds/discover",
                                     sum(seed.discover for seed in self.seeds_by_site.values()))
        for site, seed in self.seeds_by_site.items():
            request = self._request(seed.start_url, site, priority=START_PRIORITY)
            request.meta["discover"] = seed.discover  # only a home page: find its catalog
            yield request

    def _request(self, url, site, score=0, callback=None, priority=None):
        """A request within a site; its link score is its priority unless one is given."""
        return scrapy.Request(url, callback=callback or self.parse, errback=self.failed,
                              priority=score if priority is None else priority,
                              meta={"site": site, "score": score})

    def _site_of(self, url) -> str:
        """The site a URL belongs to: a vendor host linked from a college is that college's."""
        return self.vendor_hosts.get(urlsplit(url).hostname) or site_of(url)

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
            if request is None:
                continue
            stored = self.page_memory.fresh_by_lastmod(request.url, entry.get("lastmod"))
            if stored is None:
                yield request
            else:  # unchanged since we read it, says the site: not even asked for
                self.crawler.stats.inc_value("catalog/pages/unchanged_lastmod")
                yield from self._reuse(stored, site, fetched=False)

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
        """Sites crawled completely this run: RunRecorder marks programs removed only there.

        A site where no program at all was found is left out too: every program of a college
        vanishing at once is a redesign or a page we no longer understand far more often than
        a college closing all its health-information programs in one go.
        """
        return (self.sites_reached & self.sites_with_programs) - self.sites_cut_short

    # -- pages ---------------------------------------------------------------------------------
    def parse(self, response):
        site = response.meta["site"]
        self.sites_reached.add(site)
        stats = self.crawler.stats
        if probe := response.meta.get("discovery"):
            stats.inc_value(f"catalog/discovery/{probe}/found")
        if not isinstance(response, TextResponse):
            # Links to binaries are skipped by their URL: a page that comes back as bytes is
            # a page not read, and proves nothing about the programs it might list.
            stats.inc_value("catalog/skip/not_html")
            self._not_read(response.meta["site"], "not_html", response.url)
            return
        if undecodable(response):
            self._not_read(response.meta["site"], "undecodable", response.url)
            return
        stored = self.page_memory.unchanged(response.url, response.body)
        if stored is not None:  # a 304 from the cache, or the same bytes again
            stats.inc_value("catalog/pages/unchanged_body")
            yield from self._reuse(stored, site, fetched=True)
            return
        seed = self.seeds_by_site[site]
        platform = detect(response, seed.platform)
        stats.inc_value(f"catalog/platform/{platform.name}")
        if isinstance(platform, JsShell):
            yield from self._read_js_shell(platform, response, seed)
            return
        page = platform.program(response)
        if page is not None:
            stats.inc_value("catalog/pages/program")
            self.sites_with_programs.add(response.meta["site"])
            if page.evidence:  # judged from evidence: keep which, for tuning and for the log
                self.logger.debug("program page %s: %s", response.url, page.evidence)
                for signal in page.evidence.split(", "):
                    stats.inc_value(f"catalog/evidence/{signal.split()[0]}")
            yield program_item(page, platform.name, response, seed)
        else:
            stats.inc_value("catalog/pages/not_program")
        home_page = response.meta.get("discover")
        catalog_links = 0
        followed = []
        for anchor in response.css("a[href]"):
            if links.opens_course_popup(anchor.attrib.get("onclick")):
                stats.inc_value("catalog/skip/course")
                continue
            text = tidy(" ".join(anchor.css("::text").getall())) or anchor.attrib.get("title", "")
            request = self._link_request(response.urljoin(anchor.attrib["href"]), text, response)
            if request is not None and home_page and discovery.names_a_catalog(text):
                catalog_links += 1
                request = request.replace(priority=DISCOVERY_PRIORITY)
            if request is not None:
                followed.append((request.url, request.meta["score"], request.priority))
                if request.url not in self.page_memory.skipped:  # reused: needs no request
                    yield request
        if home_page:
            yield from self._discover(response, catalog_links)
        else:  # a home page is read every time: its discovery probes are not links to replay
            self.page_memory.remember(response.url, site, response.body, followed,
                                      has_program=page is not None)

    def _reuse(self, stored, site, fetched):
        """Count a stored page as read in this run and follow the links it had, except to
        pages reused on their sitemap lastmod (those need no request)."""
        self.page_memory.reuse(stored, fetched)
        if stored.has_program:
            self.sites_with_programs.add(site)
        for url, score, priority in stored.links:
            if url in self.page_memory.skipped:
                continue
            host = urlsplit(url).hostname
            if self._site_of(url) != site:  # a vendor host this page's link made the site's
                self.vendor_hosts[host] = site
                self.allowed_domains.append(host)
            yield self._request(url, site, score, priority=priority)

    def _discover(self, response, catalog_links):
        """After a database seed's home page: its catalog links are followed first; when it
        has none, the usual catalog addresses are tried (each a guess, never a failure)."""
        stats = self.crawler.stats
        stats.inc_value("catalog/discovery/home_page")
        if catalog_links:
            stats.inc_value("catalog/discovery/home_link", catalog_links)
            return
        site = response.meta["site"]
        for how, url in discovery.probe_urls(response.url):
            if self._site_of(url) != site:
                continue  # the home page redirected to another college's site
            stats.inc_value(f"catalog/discovery/{how}")
            request = self._request(url, site, score=links.MIN_SCORE,
                                    priority=DISCOVERY_PRIORITY)
            request.meta["discovery"] = how
            yield request

    def _link_request(self, url, anchor, response):
        """The request for a link, or None with the reason counted."""
        if not url.startswith(("http://", "https://")):
            return None  # mailto:, javascript:, tel:
        if links.has_session_id(url):
            self.crawler.stats.inc_value("catalog/links/session_id_removed")
        url = normalize_url(links.clean_url(url))
        self._adopt_vendor_host(url, response.meta["site"], anchor)
        score = links.score_link(url, anchor)
        if links.is_pagination(url, anchor):  # the next page of a list is as good as the list
            score = max(score, response.meta.get("score", 0))
        reason = self._skip_reason(url, anchor, score, response)
        if reason:
            self.crawler.stats.inc_value(f"catalog/skip/{reason}")
            return None
        return self._request(url, response.meta["site"], score)

    def _adopt_vendor_host(self, url, site, anchor):
        """A college's catalog on a vendor's host, linked from the college: part of its site
        from now on (robots.txt read, budget shared); a host another seed names stays its own."""
        host = urlsplit(url).hostname or ""
        if (host in self.vendor_hosts or site_of(url) in self.seeds_by_site
                or not discovery.links_own_vendor_catalog(host, site, anchor)):
            return
        self.vendor_hosts[host] = site
        self.allowed_domains.append(host)  # the offsite middleware rereads the list
        self.crawler.stats.inc_value("catalog/discovery/vendor_link")

    def _skip_reason(self, url, anchor, score, response) -> str | None:
        if self._site_of(url) != response.meta["site"]:
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
            self._not_read(response.meta["site"], "coursedog_no_catalog", response.url)
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
            self.sites_with_programs.add(response.meta["site"])
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
            self._not_read(response.meta["site"], "kuali_no_catalog", response.url)
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
        self.sites_with_programs.add(response.meta["site"])
        seed = self.seeds_by_site[response.meta["site"]]
        record = TextResponse(response.url, body=b"", encoding="utf-8")
        yield program_item(page, "kuali", record, seed)

    def _json(self, response, vendor):
        try:
            return json.loads(response.body)
        except ValueError:
            self.crawler.stats.inc_value(f"catalog/api/{vendor}/invalid_json")
            self.logger.warning("%s: not JSON from the %s API", response.url, vendor)
            self._not_read(response.meta["site"], f"{vendor}_invalid_json", response.url)
            return None

    def failed(self, failure):
        """Count a request that produced no page. Only a page that is gone (404, 410) or a
        request decided before fetching (robots.txt, offsite) leaves its site in the removal
        scope; anything else means part of the site went unread this run."""
        stats = self.crawler.stats
        request = failure.request
        site = request.meta.get("site")
        if failure.check(PageBudgetSpent):
            self.sites_cut_short.add(site)
            return  # counted by the budget middleware
        if probe := request.meta.get("discovery"):
            # A guessed address that is not there (no such host, 404, robots.txt): the site
            # itself was not cut short.
            stats.inc_value(f"catalog/discovery/{probe}/missed")
            return
        if failure.check(HttpError):
            status = failure.value.response.status
            stats.inc_value(f"catalog/http_status/{status}")
            self.logger.info("HTTP %s for %s", status, request.url)
            if status not in GONE_STATUSES:  # server errors, 403, 429 ... after retries
                self._not_read(site, f"http_{status}", request.url)
            return
        # A request ignored after a redirect is a page that moved where we could not follow
        # (a redirect loop, off-site, disallowed): not read, not gone.
        if failure.check(IgnoreRequest) and not request.meta.get("redirect_urls"):
            return  # robots.txt, offsite: counted where they were decided
        if failure.check(DownloadCancelledError):
            stats.inc_value("catalog/skip/oversized")
            self._not_read(site, "oversized", request.url)
        else:
            stats.inc_value(f"catalog/errors/{failure.type.__name__}")
            self._not_read(site, failure.type.__name__, request.url)
            self.logger.warning("%s: %s", request.url, failure.getErrorMessage())

    def _not_read(self, site, reason, url):
        """A page of ``site`` could not be read: its programs stay as they were this run."""
        if site not in self.sites_cut_short:
            self.logger.info("%s: %s not read (%s); no program of %s is marked removed "
                             "this run", site, url, reason, site)
        self.sites_cut_short.add(site)
        self.crawler.stats.inc_value(f"catalog/unread/{reason}")
