"""Classify each program: track, credential level and delivery mode, each with its evidence.

Structured values a spider already set from its source (e.g. IPEDS award level and distance-
education flags) win over text-based guesses; the track is always decided here. A spider passes
the source's own delivery statement in ``delivery_evidence`` (e.g. "IPEDS DEP: not offered via
distance education", an ETPL format, schema.org educationalProgramMode) and its credential words in
``award_level``; both are read as structured evidence. Counts go to crawl stats under ``classify/``.
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
            credential=adapter.get("award_level"),
            description=adapter.get("description"),
            cip_code=adapter.get("cip_code"),
            institution=adapter.get("institution_name"),
            delivery=adapter.get("delivery_evidence"),
        ))
        adapter["track"] = result.track
        adapter["track_confidence"] = result.track_confidence
        adapter["track_evidence"] = result.track_evidence
        self.stats.inc_value(f"classify/track/{result.track}")
        if result.track_confidence < LOW_CONFIDENCE:
            self.stats.inc_value("classify/track/low_confidence")
        self._keep_or_set(adapter, "credential_level", "credential_evidence",
                          result.credential_level, result.credential_evidence)
        self._keep_or_set(adapter, "delivery_mode", "delivery_evidence",
                          result.delivery_mode, result.delivery_evidence)
        return item

    def _keep_or_set(self, adapter: ItemAdapter, field: str, evidence_field: str, value: str,
                     evidence: str) -> None:
        """Keep a value the spider read from its source; otherwise set the classifier's."""
        if adapter.get(field):
            if not adapter.get(evidence_field):
                adapter[evidence_field] = f"set by source {adapter.get('source') or 'spider'}"
            self.stats.inc_value(f"classify/{field}/kept_from_source")
            return
        adapter[field] = value
        adapter[evidence_field] = evidence
        self.stats.inc_value(f"classify/{field}/{value}")
