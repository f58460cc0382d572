"""Test-only item pipeline: freeze the crawl mid-run so a test can kill -9 it there.

Placed after the store pipeline, with STORE_BATCH_SIZE=1 every item before the stall is
already staged. After STALL_AFTER_ITEMS items it writes STALL_MARKER and blocks the reactor.
"""

from __future__ import annotations

import time
from pathlib import Path


class StallPipeline:
    def __init__(self, marker: str, after_items: int):
        self.marker = Path(marker)
        self.after_items = after_items
        self.seen = 0

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        return cls(settings.get("STALL_MARKER"), settings.getint("STALL_AFTER_ITEMS"))

    def process_item(self, item, spider=None):
        self.seen += 1
        if self.seen == self.after_items:
            self.marker.write_text("stalled")
            time.sleep(120)  # never ends in the tests: they kill the process
        return item
