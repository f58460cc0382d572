"""robots.txt that fails closed: a host whose robots.txt cannot be read is not crawled.

Scrapy's RobotsTxtMiddleware allows everything when robots.txt answers with a server error or
cannot be fetched at all (timeout, reset): it parses the error page, or gives up on the host's
rules. RFC 9309 (https://www.rfc-editor.org/rfc/rfc9309, section 2.3.1) says otherwise:

* 2.3.1.3 "unavailable" (4xx): there are no rules, the crawler may access anything;
* 2.3.1.4 "unreachable" (5xx, or a network error): the crawler MUST assume complete disallow.

A 429 (Too Many Requests) is treated as unreachable: the server is asking us to stay away. The
verdict lasts for this run only (the middleware asks once per host per run); the next run asks
again. Every host so refused is counted in ``robotstxt/unreachable_disallow_all``.

This subclasses Scrapy 2.19's middleware and replaces its two private hooks that decide what a
robots.txt answer means (``_parse_robots``, ``_robots_error``); fetching, caching per host and
the ``robots_parsed`` signal stay Scrapy's. requirements.txt pins the Scrapy version.
"""

from __future__ import annotations

import logging

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.misc import build_from_crawler

logger = logging.getLogger(__name__)

DISALLOW_ALL = b"User-agent: *\nDisallow: /\n"
ALLOW_ALL = b""
UNREACHABLE_STAT = "robotstxt/unreachable_disallow_all"


def robots_body(status: int, body: bytes) -> bytes:
    """The rules a robots.txt answer stands for (RFC 9309 section 2.3.1)."""
    if status >= 500 or status == 429:
        return DISALLOW_ALL
    if status >= 400:
        return ALLOW_ALL
    return body


class FailClosedRobotsTxtMiddleware(RobotsTxtMiddleware):
    async def _parse_robots(self, response, netloc, request):
        rules = robots_body(response.status, response.body)
        if rules is DISALLOW_ALL:
            self._refuse(netloc, f"HTTP {response.status}")
        if rules is not response.body:
            response = response.replace(body=rules)
        await super()._parse_robots(response, netloc, request)

    def _robots_error(self, exc, netloc):
        if isinstance(exc, IgnoreRequest):  # the robots.txt request itself was filtered
            super()._robots_error(exc, netloc)
            return
        self._stats.inc_value(f"robotstxt/exception_count/{type(exc)}")
        self._refuse(netloc, type(exc).__name__)
        rules = build_from_crawler(self._parserimpl, self.crawler, DISALLOW_ALL)
        waiting = self._parsers[netloc]
        self._parsers[netloc] = rules
        waiting.callback(rules)

    def _refuse(self, netloc, why):
        self._stats.inc_value(UNREACHABLE_STAT)
        logger.warning("robots.txt of %s is unreachable (%s): not crawling that host this run "
                       "(RFC 9309 2.3.1.4)", netloc, why)
