"""Link each catalog program to its institution and, when one matches, to its IPEDS listing.

The institution is found by website: the program page's registered domain against IPEDS
``institutions.website`` (unitid, name, city and state then come from IPEDS). The IPEDS listing
is the one ``programs`` row with source 'ipeds' for the same unitid, track and credential
level; its id goes in ``ipeds_program_id``. Both records are kept, each with its own source,
URL and fetch time: linking never overwrites the IPEDS row.
"""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import urlsplit

from itemadapter import ItemAdapter

from crawler.sources.catalog.sites import site_of
from crawler.items import ProgramItem
from db.queries import institutions_for_linking, ipeds_listings


class LinkPipeline:
    def __init__(self, stats, database_path: str):
        self.stats = stats
        self.database_path = database_path
        self.institutions_by_site: dict[str, list[dict]] = defaultdict(list)
        self.institutions_by_unitid: dict[int, dict] = {}
        self.ipeds_programs: dict[tuple, list[str]] = defaultdict(list)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats, crawler.settings.get("DATABASE_PATH"))

    def open_spider(self, spider=None):
        # Nothing stored yet (first crawl): catalog programs are kept unlinked.
        for institution in institutions_for_linking(self.database_path):
            self.institutions_by_unitid[institution["unitid"]] = institution
            if institution["website"]:
                self.institutions_by_site[site_of(institution["website"])].append(institution)
        for listing in ipeds_listings(self.database_path):
            self.ipeds_programs[(listing["unitid"], listing["track"],
                                 listing["credential_level"])].append(listing["program_id"])

    def process_item(self, item, spider=None):
        adapter = ItemAdapter(item)
        if not isinstance(item, ProgramItem) or adapter.get("source") != "catalog":
            return item
        institution = self._institution(adapter)
        if institution is None:
            adapter["unitid"] = None  # unknown to the database: the foreign key must hold
            self.stats.inc_value("link/institution/unmatched")
            return item
        self.stats.inc_value("link/institution/matched")
        adapter.update(unitid=institution["unitid"], institution_name=institution["name"],
                       city=institution["city"], state=institution["state"])
        matches = self.ipeds_programs.get(
            (institution["unitid"], adapter.get("track"), adapter.get("credential_level")), [])
        if len(matches) == 1:
            adapter["ipeds_program_id"] = matches[0]
            self.stats.inc_value("link/ipeds_program/matched")
        else:
            self.stats.inc_value("link/ipeds_program/" + ("ambiguous" if matches else "none"))
        return item

    def _institution(self, adapter) -> dict | None:
        if adapter.get("unitid") is not None:
            return self.institutions_by_unitid.get(adapter["unitid"])
        page = adapter.get("source_url") or ""
        candidates = self.institutions_by_site.get(site_of(page), [])
        if len(candidates) > 1:
            # Campuses sharing a website: the one whose website path the page is under.
            path = urlsplit(page).path
            candidates = [c for c in candidates
                          if (campus := _campus_path(c["website"])) and path.startswith(campus)]
            if len(candidates) != 1:
                self.stats.inc_value("link/institution/ambiguous_campus")
        return candidates[0] if len(candidates) == 1 else None


def _campus_path(website: str) -> str:
    """'https://www.brightline.edu/redding' -> '/redding/' ('' for a site root)."""
    path = urlsplit(website if "://" in website else f"//{website}").path.strip("/")
    return f"/{path}/" if path else ""
