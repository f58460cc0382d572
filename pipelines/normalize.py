"""Normalize item fields: tidy whitespace, blank -> None, upper-case states, canonical CIP codes."""

from __future__ import annotations

import re
from datetime import datetime, timezone

from itemadapter import ItemAdapter

from crawler.cip import CipCodeError, normalize_cip
from pipelines.counting import CountingPipeline

WHITESPACE = re.compile(r"\s+")


class NormalizePipeline(CountingPipeline):
    def process_item(self, item, spider=None):
        adapter = ItemAdapter(item)
        for name, value in list(adapter.items()):
            if isinstance(value, str):
                tidy = WHITESPACE.sub(" ", value).strip()
                adapter[name] = tidy or None
        if adapter.get("state"):
            adapter["state"] = adapter["state"].upper()
        if adapter.get("cip_code"):
            self._normalize_cip(adapter)
        if "fetched_at" in adapter.field_names() and not adapter.get("fetched_at"):
            adapter["fetched_at"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
        self.stats.inc_value("normalize/items")
        return item

    def _normalize_cip(self, adapter):
        try:
            adapter["cip_code"] = normalize_cip(adapter["cip_code"])
        except CipCodeError:
            # A provider's malformed code is not evidence of anything: drop it, keep the item.
            adapter["cip_code"] = None
            self.stats.inc_value("normalize/cip_code_invalid")
