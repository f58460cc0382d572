"""Sample mode: every HTTP(S) request of a crawl goes to the sample web; nothing else changes.

One setting switches it on: ``SAMPLE_WEB = "HOST:PORT"`` of a running sample web (the crawl
command's ``--sample`` and ``--sample-web`` set it). ``SampleWebAddon`` then

* installs ``SampleWebDownloadHandler`` for http and https. It sends
  ``https://www.example.edu/programs/?page=2`` as ``http://HOST:PORT/programs/?page=2`` with
  ``Host: www.example.edu`` (the sample web picks the site by Host header) and gives the
  response back under the request's real URL. Spiders, robots.txt, redirects, the HTTP cache,
  items, ids, ``url`` and ``source_url`` only ever see real URLs; no http(s) request leaves
  for the internet.
* applies the sample-mode settings (``SAMPLE_MODE_SETTINGS``) over the project's, below
  command-line settings: ``-s`` still wins.

Why a download handler and not a downloader middleware: a middleware cannot change the URL of
the request it is given. Returning a rewritten request sends it back through the scheduler and
every middleware (offsite, robots.txt, the page budget) as a new request; rewriting it in place
needs the private ``Request._set_url`` and leaves ``urlparse_cached`` (which the downloader uses
for the download slot and the handler) on the old URL (Scrapy 2.19). The handler sits below all
of them, where the URL is only an address to connect to.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from scrapy.core.downloader.handlers.base import BaseDownloadHandler
from scrapy.exceptions import NotConfigured
from scrapy.settings import SETTINGS_PRIORITIES
from scrapy.utils.misc import build_from_crawler, load_object

from sampleweb.build_ipeds_sample import YEAR as SAMPLE_IPEDS_YEAR
from sampleweb.scorecard_api import SAMPLE_API_KEY

# The sample web is ours and on loopback: no need to wait between requests. Not cached: its
# pages would be stored under the real URLs, where a real crawl would find them. The College
# Scorecard key is the one the sample API accepts (a real key is never sent there). The catalog
# spider starts from the sample colleges (seeds/catalogs.csv lists real ones) and, unless asked
# (-a from_db=1), not from the database: the sample IPEDS institutions' websites are mostly not
# served, and the catalog benchmark measures the six colleges' catalogs.
SAMPLE_MODE_SETTINGS = {
    "CATALOG_SEEDS": str(Path(__file__).resolve().parent.parent / "sampleweb" / "seeds.csv"),
    "CATALOG_FROM_DB": False,
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
    "RETRY_TIMES": 2,
    "HTTPCACHE_ENABLED": False,
    "SCORECARD_API_KEY": SAMPLE_API_KEY,
    # The newest-year search starts one year past the sample's newest IPEDS year, as a real crawl
    # does past the newest published year, whatever today's date is.
    "IPEDS_NEWEST_YEAR": SAMPLE_IPEDS_YEAR + 1,
}
HANDLER = "crawler.sample_web.SampleWebDownloadHandler"


def sample_web_address(value: str) -> tuple[str, int]:
    """("127.0.0.1", 8765) from "127.0.0.1:8765"; a port alone means 127.0.0.1."""
    host, _, port = str(value).rpartition(":")
    if not port.isdigit():
        raise ValueError(f"SAMPLE_WEB expects HOST:PORT, got {value!r}")
    return host or "127.0.0.1", int(port)


def sample_url(real_url: str, address: tuple[str, int]) -> str:
    """Where the sample web serves ``real_url``: same path and query, over http."""
    parts = urlsplit(real_url)
    host, port = address
    return urlunsplit(("http", f"{host}:{port}", parts.path or "/", parts.query, ""))


class SampleWebAddon:
    """Scrapy add-on (ADDONS): turns sample mode on when SAMPLE_WEB is set."""

    @classmethod
    def update_pre_crawler_settings(cls, settings) -> None:
        # Before any crawler exists: spiders read settings (the API key) when they are built,
        # which is before an add-on's update_settings runs.
        if not settings.get("SAMPLE_WEB"):
            return  # a real crawl: nothing to change
        sample_web_address(settings.get("SAMPLE_WEB"))  # a bad value stops the crawl here
        # Command-line priority: no other handler may take http(s) away from the sample web.
        handlers = settings["DOWNLOAD_HANDLERS"]
        for scheme in ("http", "https"):
            handlers.set(scheme, HANDLER, priority=SETTINGS_PRIORITIES["cmdline"])
        # Project priority: over crawler/settings.py, under -s.
        settings.setdict(SAMPLE_MODE_SETTINGS, priority="project")

    def update_settings(self, settings) -> None:
        if not settings.get("SAMPLE_WEB"):
            raise NotConfigured  # not listed among the enabled add-ons of a real crawl


class SampleWebDownloadHandler(BaseDownloadHandler):
    """Downloads a request from the sample web and answers under the request's real URL."""

    def __init__(self, crawler):
        super().__init__(crawler)
        settings = crawler.settings
        self.address = sample_web_address(settings.get("SAMPLE_WEB"))
        # The sample web speaks plain HTTP: Scrapy's own http handler does the transfer.
        http_handler = load_object(settings["DOWNLOAD_HANDLERS_BASE"]["http"])
        self._http = build_from_crawler(http_handler, crawler)

    async def download_request(self, request):
        sample_request = request.replace(url=sample_url(request.url, self.address))
        sample_request.headers["Host"] = urlsplit(request.url).hostname
        response = await self._http.download_request(sample_request)
        return response.replace(url=request.url)

    async def close(self) -> None:
        await self._http.close()
