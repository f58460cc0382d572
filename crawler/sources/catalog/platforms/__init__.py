"""Platform adapters and their detection order.

``detect`` asks each adapter in turn whether a page is its platform's; a seed's platform hint
is asked first. The generic HTML adapter accepts any page, so it comes last. Adding a platform
is adding a module with a ``Platform`` subclass and listing it here.
"""

from __future__ import annotations

from scrapy.http import TextResponse

from crawler.sources.catalog.platforms.acalog import Acalog
from crawler.sources.catalog.platforms.base import Platform, ProgramPage
from crawler.sources.catalog.platforms.courseleaf import CourseLeaf
from crawler.sources.catalog.platforms.generic_html import GenericHtml
from crawler.sources.catalog.platforms.js_shell import JsShell
from crawler.sources.catalog.platforms.jsonld import JsonLd
from crawler.sources.catalog.platforms.smartcatalog import SmartCatalog

PLATFORMS: tuple[Platform, ...] = (JsShell(), JsonLd(), Acalog(), CourseLeaf(), SmartCatalog(),
                                   GenericHtml())
PLATFORM_NAMES = tuple(p.name for p in PLATFORMS)

__all__ = ["PLATFORMS", "PLATFORM_NAMES", "Platform", "ProgramPage", "detect", "normalize_url"]


def detect(response: TextResponse, hint: str | None = None) -> Platform:
    # Stable sort: the hinted platform first, the catch-all generic adapter always last.
    ordered = sorted(PLATFORMS, key=lambda p: (isinstance(p, GenericHtml), p.name != hint))
    return next(p for p in ordered if p.matches(response))


def normalize_url(url: str) -> str:
    """Each platform tidies the URLs of its own pages (the others leave them alone)."""
    for platform in PLATFORMS:
        url = platform.normalize_url(url)
    return url
