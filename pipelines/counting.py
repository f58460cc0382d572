"""Base for pipelines whose only dependency is the crawl stats they count their work in."""

from __future__ import annotations


class CountingPipeline:
    def __init__(self, stats):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)
