"""Validate items before they are stored: required fields present, values from known sets.

An invalid item is dropped (never stored half-right) and counted per field, so a layout change
that breaks one field shows up as a spike in ``validate/missing/<field>``.
"""

from __future__ import annotations

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from crawler.classification import CREDENTIAL_LEVELS, DELIVERY_MODES, TRACKS
from crawler.items import InstitutionItem, ProgramItem, ProgramOutcomeItem, SchoolFactsItem
from pipelines.counting import CountingPipeline

REQUIRED = {
    ProgramItem: ("program_id", "source", "title", "track", "credential_level", "delivery_mode"),
    InstitutionItem: ("unitid", "name", "source"),
    ProgramOutcomeItem: ("outcome_id", "unitid", "cip_4digit", "source"),
    SchoolFactsItem: ("unitid", "source"),
}
ALLOWED = {
    "track": TRACKS,
    "credential_level": CREDENTIAL_LEVELS,
    "delivery_mode": DELIVERY_MODES,
}


class ValidatePipeline(CountingPipeline):
    def process_item(self, item, spider=None):
        adapter = ItemAdapter(item)
        for field in REQUIRED.get(type(item), ()):
            if adapter.get(field) in (None, ""):
                self.stats.inc_value(f"validate/missing/{field}")
                raise DropItem(f"{type(item).__name__} without {field}: {dict(adapter)!r:.200}")
        for field, allowed in ALLOWED.items():
            value = adapter.get(field)
            if value is not None and value not in allowed:
                self.stats.inc_value(f"validate/invalid/{field}")
                raise DropItem(f"{field}={value!r} is not one of {', '.join(allowed)}")
        self.stats.inc_value("validate/ok")
        return item
