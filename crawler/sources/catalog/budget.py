"""Per-site page budget: once a college site has had its pages, its other requests are dropped.

A downloader middleware rather than a counter in the spider, so the budget is spent in priority
order (the scheduler hands out the most promising requests first) and counts what is really
fetched: retries and redirects included, robots.txt and robots-forbidden requests excluded
(it runs after RobotsTxtMiddleware).
"""

from __future__ import annotations

from collections import Counter

from scrapy.exceptions import IgnoreRequest


class PageBudgetSpent(IgnoreRequest):
    """A site had all its pages: what is left of it was not crawled."""


class SiteBudgetMiddleware:
    def __init__(self, stats, budget: int):
        self.stats = stats
        self.budget = budget
        self.fetched: Counter[str] = Counter()

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats, crawler.settings.getint("CATALOG_PAGE_BUDGET"))

    def process_request(self, request):
        site = request.meta.get("site")
        if site is None or request.meta.get("dont_obey_robotstxt"):
            return None
        if self.fetched[site] >= self.budget:
            self.stats.inc_value("catalog/skip/budget")
            raise PageBudgetSpent(f"page budget of {self.budget} spent for {site}")
        self.fetched[site] += 1
        return None
