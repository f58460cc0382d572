"""SmartCatalog (SmartCatalogIQ) catalogs, server-rendered.

Catalogs live on ``<college>.smartcatalogiq.com`` (or a college host pointing there) under
``/en/<year>/<catalog>/...``; every page's content is in ``div#main`` with the page's name in its
``h1``. Course pages put the course code in a ``span`` inside that ``h1`` ("<span>HIT 101</span>
Medical Terminology"); program pages are named by the program ("Health Information Technology,
AAS") under a department or programs path, so whether a page is a program is judged on its
evidence, as for any page.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from scrapy.http import TextResponse

from crawler.sources.catalog.page_text import text_of, tidy
from crawler.sources.catalog.platforms.base import Platform, ProgramPage
from crawler.sources.catalog.program_evidence import program_evidence

MAIN = "div#main"
_HOST = re.compile(r"(^|\.)smartcatalogiq\.com$", re.I)
_MARKER = re.compile(r"smartcatalog", re.I)
_COURSE_CODE = re.compile(r"^[A-Z]{2,5}[ -]?\d{3,4}[A-Z]?$")


class SmartCatalog(Platform):
    name = "smartcatalog"

    def matches(self, response: TextResponse) -> bool:
        if _HOST.search(urlsplit(response.url).hostname or ""):
            return True
        assets = " ".join(response.xpath("//script/@src | //link/@href").getall())
        return bool(response.css(MAIN) and _MARKER.search(assets))

    def program(self, response: TextResponse) -> ProgramPage | None:
        main = response.css(MAIN)[:1]
        heading = main.css("h1")[:1]
        title = tidy(text_of(*heading))
        if not main or not title or _is_course(heading):
            return None
        text = text_of(*main)
        evidence = program_evidence(response, title, text, main[0])
        if not evidence.is_program:
            return None
        page = ProgramPage.from_prose(title, text, main[0])
        page.evidence = evidence.summary()
        return page


def _is_course(heading) -> bool:
    code = tidy(" ".join(heading.css("span::text").getall()[:1]))
    return bool(code and _COURSE_CODE.match(code))
