"""College Scorecard spider: earnings, debt and cost for the institutions with programs in one
4-digit CIP field (51.07), from the api.data.gov JSON API.

Yields one SchoolFactsItem per school and one ProgramOutcomeItem per matching program
(institution, CIP 51.07, credential level). It never yields programs: 4-digit CIP 51.07 lumps
HIT, coding, billing, HIM and medical office together, so the figures enrich the IPEDS listings
instead (the program_directory view). Pages are fetched one after another (page 0 first, then
as many as metadata.total needs), so the API's rate limit is met at one request at a time.

    SCORECARD_API_KEY=... scrapy crawl scorecard
    scrapy crawl scorecard -s SCORECARD_API_KEY=... -a base_url=https://api.data.gov/ed/collegescorecard/v1/schools
"""

from __future__ import annotations

from datetime import datetime, timezone
from urllib.parse import urlencode

import scrapy
from w3lib.url import url_query_cleaner

from crawler.items import ProgramOutcomeItem, SchoolFactsItem
from crawler.sources.scorecard import (PROGRAMS_FIELD, REQUESTED_FIELDS, ScorecardPageError,
                               error_message, program_outcomes, read_page, school_facts)
from spiders.base import SourceSpider

MAX_PER_PAGE = 100  # the API quietly caps per_page at 100


class ScorecardSpider(SourceSpider):
    name = "scorecard"
    default_base_url = "https://api.data.gov/ed/collegescorecard/v1/schools"

    def __init__(self, api_key=None, base_url=None, **kwargs):
        super().__init__(**kwargs)
        self._api_key_arg, self._base_url_arg = api_key, base_url

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.api_key = spider.argument_or_setting(spider._api_key_arg, "SCORECARD_API_KEY")
        spider.base_url = spider.argument_or_setting(spider._base_url_arg, "SCORECARD_BASE_URL",
                                                     cls.default_base_url)
        spider.cip_4digit = settings.get("SCORECARD_CIP_4DIGIT")
        spider.per_page = settings.getint("SCORECARD_PER_PAGE")
        if not 1 <= spider.per_page <= MAX_PER_PAGE:
            raise ValueError(f"SCORECARD_PER_PAGE must be 1 to {MAX_PER_PAGE}, "
                             f"got {spider.per_page}")
        return spider

    def page_url(self, page: int) -> str:
        query = {"api_key": self.api_key, f"{PROGRAMS_FIELD}.code": self.cip_4digit,
                 "fields": ",".join(REQUESTED_FIELDS), "page": page, "per_page": self.per_page}
        return f"{self.base_url}?{urlencode(query)}"

    async def start(self):
        if not self.api_key:
            self.fail("no College Scorecard API key: set the environment variable "
                      "SCORECARD_API_KEY (or -s SCORECARD_API_KEY=...); get one at "
                      "https://api.data.gov/signup/", "missing_api_key")
        yield self._page_request(0)

    def _page_request(self, page: int) -> scrapy.Request:
        return scrapy.Request(self.page_url(page), callback=self.parse, errback=self.api_failed,
                              cb_kwargs={"page": page})

    def parse(self, response, page: int):
        try:
            result = read_page(response.body)
        except ScorecardPageError as exc:
            self.fail(f"Scorecard page {page}: {exc}", "scorecard_api_error")
        fetched_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
        # The key is a secret: records keep the request without it.
        source_url = url_query_cleaner(response.url, ["api_key"], remove=True)
        provenance = {"source": "scorecard", "source_url": source_url, "fetched_at": fetched_at}
        for record in result.results:
            yield SchoolFactsItem(**school_facts(record), **provenance)
            for outcome in program_outcomes(record, self.cip_4digit):
                yield ProgramOutcomeItem(**outcome, **provenance)
        self.crawler.stats.inc_value("scorecard/pages")
        per_page = result.per_page or self.per_page
        if per_page != self.per_page:  # a cap the API applied without an error
            self.logger.warning("Scorecard answered %d per page, not the %d asked for",
                                per_page, self.per_page)
        if (page + 1) * per_page < result.total:
            yield self._page_request(page + 1)
        else:
            self.logger.info("Scorecard: %d schools in %d pages", result.total, page + 1)

    def api_failed(self, failure):
        response = getattr(failure.value, "response", None)
        if response is None:
            self.fail(f"Scorecard API unreachable: {failure.getErrorMessage()}",
                      "scorecard_api_error")
        detail = error_message(response.body) or response.text[:200]
        reason = "invalid_api_key" if response.status == 403 else "scorecard_api_error"
        self.fail(f"Scorecard API answered HTTP {response.status}: {detail}", reason)
