"""DNS resolver that sends every host to the sample web when the crawl targets it.

The sample web serves each real site under its real host name (virtual hosting on one loopback
port), so the spiders keep real host names and only the address they connect to changes. In
sample mode nothing can leak to the internet: every name resolves to the loopback address.
"""

from __future__ import annotations

from twisted.internet import defer

from scrapy.resolver import CachingThreadedResolver


class SampleWebAwareResolver(CachingThreadedResolver):
    sample_web_address = ""

    @classmethod
    def from_crawler(cls, crawler, reactor):
        resolver = super().from_crawler(crawler, reactor)
        resolver.sample_web_address = crawler.settings.get("SAMPLE_WEB_ADDRESS", "")
        return resolver

    def getHostByName(self, name, timeout=()):
        if self.sample_web_address:
            return defer.succeed(self.sample_web_address)
        return super().getHostByName(name, timeout)
