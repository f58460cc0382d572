"""Classify each program: track, credential level and delivery mode, each with its evidence.

Structured values a spider already set from its source (e.g. IPEDS award level and distance-
education flags) win over text-based guesses; the track is always decided here.
"""

from __future__ import annotations

from itemadapter import ItemAdapter

from crawler.classification import Listing, classify
from crawler.items import ProgramItem


class ClassifyPipeline:
    def __init__(self, stats):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    def process_item(self, item, spider=None):
        if not isinstance(item, ProgramItem):
            return item
        adapter = ItemAdapter(item)
        result = classify(Listing(
            title=adapter.get("title") or "",
            credential=adapter.get("award_level"),
            description=adapter.get("description"),
            cip_code=adapter.get("cip_code"),
            institution=adapter.get("institution_name"),
            delivery=adapter.get("delivery_evidence"),
        ))
        adapter["track"] = result.track
        adapter["track_confidence"] = result.track_confidence
        adapter["track_evidence"] = result.track_evidence
        if not adapter.get("credential_level"):
            adapter["credential_level"] = result.credential_level
            adapter["credential_evidence"] = result.credential_evidence
        if not adapter.get("delivery_mode"):
            adapter["delivery_mode"] = result.delivery_mode
            adapter["delivery_evidence"] = result.delivery_evidence
        self.stats.inc_value(f"classify/track/{result.track}")
        return item
