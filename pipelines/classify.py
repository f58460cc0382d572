"""Classify each program: track, credential level and delivery mode, each with its evidence.

The only place these decisions are made, for every source: spiders pass the source's own words in
``credential_text`` (an IPEDS award level, a catalog page's credential) and ``delivery_text`` (the
IPEDS distance-education flag in words, a page's delivery sentence, schema.org
educationalProgramMode), and this pipeline writes ``track``, ``credential_level``,
``delivery_mode`` (with ``delivery_options``) and their evidence, replacing anything a spider
set. Counts go to crawl stats under ``classify/``.
"""

from __future__ import annotations

from itemadapter import ItemAdapter

from crawler.classification import Listing, classify
from crawler.items import ProgramItem
from pipelines.counting import CountingPipeline

# Below this a decision is worth a look; counted so a crawl report shows how many.
LOW_CONFIDENCE = 0.7


class ClassifyPipeline(CountingPipeline):
    def process_item(self, item, spider=None):
        if not isinstance(item, ProgramItem):
            return item
        adapter = ItemAdapter(item)
        result = classify(Listing(
            title=adapter.get("title") or "",
            credential=adapter.get("credential_text"),
            description=adapter.get("description"),
            cip_code=adapter.get("cip_code"),
            institution=adapter.get("institution_name"),
            delivery=adapter.get("delivery_text"),
        ))
        adapter["track"] = result.track
        adapter["track_confidence"] = result.track_confidence
        adapter["track_evidence"] = result.track_evidence
        self.stats.inc_value(f"classify/track/{result.track}")
        if result.track_confidence < LOW_CONFIDENCE:
            self.stats.inc_value("classify/track/low_confidence")
        adapter["credential_level"] = result.credential_level
        adapter["credential_evidence"] = result.credential_evidence
        self.stats.inc_value(f"classify/credential_level/{result.credential_level}")
        adapter["delivery_mode"] = result.delivery_mode
        adapter["delivery_evidence"] = result.delivery_evidence
        adapter["delivery_options"] = result.delivery_options
        self.stats.inc_value(f"classify/delivery_mode/{result.delivery_mode}")
        return item
