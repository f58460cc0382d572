"""Normalize item fields: tidy whitespace, control characters out, blank -> None, upper-case
states, canonical CIP codes, and only http(s) URLs in URL fields (crawler/web_urls.py)."""

from __future__ import annotations

import re
from datetime import datetime, timezone

from itemadapter import ItemAdapter

from crawler.cip import CipCodeError, normalize_cip
from crawler.web_urls import URL_FIELDS, web_url
from pipelines.counting import CountingPipeline

WHITESPACE = re.compile(r"\s+")
# Control characters (C0, DEL, C1) and the noncharacters U+FFFE/U+FFFF print as nothing, and
# XML 1.0 forbids most of them: one in a title made the Atom feed answer 500.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


class NormalizePipeline(CountingPipeline):
    def process_item(self, item, spider=None):
        adapter = ItemAdapter(item)
        for name, value in list(adapter.items()):
            if isinstance(value, str):
                tidy = WHITESPACE.sub(" ", CONTROL_CHARACTERS.sub("", value)).strip()
                adapter[name] = tidy or None
        for name in URL_FIELDS:
            if adapter.get(name) and not web_url(adapter[name]):
                adapter[name] = None
                self.stats.inc_value(f"normalize/url_rejected/{name}")
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
