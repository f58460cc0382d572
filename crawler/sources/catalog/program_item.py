"""Turn a program page an adapter read into a ProgramItem: one small function per field.

Structured values from the platform win; otherwise each fact is read from the page's text.
"""

from __future__ import annotations

from datetime import datetime, timezone

from scrapy.http import TextResponse

from crawler.sources.catalog import page_facts
from crawler.sources.catalog.platforms import ProgramPage
from crawler.sources.catalog.seeds import Seed
from crawler.ids import program_id
from crawler.items import ProgramItem
from crawler.web_urls import web_url

SOURCE = "catalog"


def program_item(page: ProgramPage, platform: str, response: TextResponse,
                 seed: Seed) -> ProgramItem:
    accreditation = page_facts.accreditation_in(page.text)
    return ProgramItem(
        # The site (registered domain) keys the institution: stable before and after the
        # program is linked to its IPEDS unitid.
        program_id=program_id(SOURCE, seed.site, page.title, page.credential or ""),
        source=SOURCE,
        unitid=seed.unitid,
        institution_name=seed.institution,
        title=page.title,
        description=page.description,
        credential_text=page.credential,
        delivery_text=page.delivery,
        credits=_parse_credits(page),
        program_length=page.program_length or page_facts.length_in(page.text),
        cost=_parse_cost(page),
        accreditor=accreditation.accreditor if accreditation else None,
        accreditation_level=accreditation.level if accreditation else None,
        accredited_through=accreditation.through if accreditation else None,
        pcap_approved=int(page_facts.pcap_approved_in(page.text)),
        certifications=", ".join(page_facts.certifications_in(page.text)) or None,
        site=seed.site,
        language=_parse_language(response),
        platform=platform,
        url=_parse_url(response),
        source_url=response.url,
        fetched_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
    )


def _parse_credits(page: ProgramPage) -> float | None:
    return page.credits if page.credits is not None else page_facts.credits_in(page.text)


def _parse_cost(page: ProgramPage) -> float | None:
    return page.cost if page.cost is not None else page_facts.cost_in(page.text)


def _parse_language(response: TextResponse) -> str | None:
    """'en-US' -> 'en': the page's declared language, primary subtag only."""
    lang = response.xpath("/html/@lang | /html/@xml:lang").get()
    primary = lang.strip().split("-")[0].split("_")[0].lower() if lang else ""
    return primary if primary.isalpha() and len(primary) <= 3 else None


def _parse_url(response: TextResponse) -> str:
    """The page's canonical URL when it declares a web one: the address to send students to."""
    canonical = response.css('link[rel="canonical"]::attr(href)').get()
    return (canonical and web_url(response.urljoin(canonical))) or response.url
