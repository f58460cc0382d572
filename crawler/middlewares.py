"""Downloader middlewares shared by every spider.

RetryAfterMiddleware: when a server answers 429 Too Many Requests or 503 Service Unavailable
with a Retry-After header, slow the whole domain down to that pace and retry the request.
Scrapy's RetryMiddleware retries these statuses at once and AutoThrottle only reacts to
latency, so without this a rate-limited API (College Scorecard: 1,000 requests/hour, then 429)
would be hammered with immediate retries.
"""

from __future__ import annotations

import email.utils
import logging
import time

from scrapy.downloadermiddlewares.retry import get_retry_request

logger = logging.getLogger(__name__)


class RetryAfterMiddleware:
    STATUSES = (429, 503)

    def __init__(self, crawler, max_wait: float):
        self.crawler = crawler
        self.max_wait = max_wait

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler, crawler.settings.getfloat("RETRY_AFTER_MAX_WAIT"))

    def process_response(self, request, response, spider=None):
        if response.status not in self.STATUSES:
            return response
        wait = retry_after_seconds(response.headers.get("Retry-After"))
        if wait is None:
            return response  # no advice from the server: RetryMiddleware's usual retries
        stats = self.crawler.stats
        if wait > self.max_wait:
            logger.warning("%s asks to wait %.0f s (more than RETRY_AFTER_MAX_WAIT=%.0f): "
                           "giving up on %s", request.url, wait, self.max_wait, request.url)
            stats.inc_value("retry_after/too_long")
            return response
        slot_key, slot = self._slot(request)
        # The slot's delay is randomised by ±jitter: scale it so even the shortest draw waits.
        delay = wait / (1 - slot.jitter) if slot is not None and slot.jitter < 1 else wait
        if slot is not None and slot.delay < delay:
            logger.info("%s answered %d with Retry-After %.0f s: slowing %s down to one "
                        "request every %.0f s or more", request.url, response.status, wait,
                        slot_key, wait)
            slot.delay = delay
        stats.inc_value("retry_after/count")
        retry = get_retry_request(request, spider=self.crawler.spider,
                                  reason=f"retry-after {response.status}")
        return retry or response

    def _slot(self, request):
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        return key, downloader.slots.get(key)


def retry_after_seconds(value: bytes | None) -> float | None:
    """Retry-After as seconds: either a number of seconds or an HTTP date (RFC 9110)."""
    if not value:
        return None
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
