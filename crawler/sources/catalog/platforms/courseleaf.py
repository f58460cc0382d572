"""CourseLeaf catalogs (server-rendered).

Program pages have a ``h1.page-title``, tabs in ``div#<name>textcontainer`` (the names vary by
college: overview, requirements, programoverview...) and requirement tables
``table.sc_courselist`` whose ``tr.listsum`` row holds the total hours.
"""

from __future__ import annotations

import re

from scrapy.http import TextResponse

from crawler.sources.catalog.page_facts import names_credential
from crawler.sources.catalog.platforms.base import Platform, ProgramPage, text_of, tidy

TABS = 'div[id$="textcontainer"]'


class CourseLeaf(Platform):
    name = "courseleaf"

    def matches(self, response: TextResponse) -> bool:
        return bool(response.css(TABS) and (response.css("table.sc_courselist, h1.page-title")
                                            or "courseleaf" in response.text.lower()))

    def program(self, response: TextResponse) -> ProgramPage | None:
        title = tidy(text_of(*response.css("h1.page-title, h1")[:1]))
        if not title:
            return None
        # Department and A-Z pages share the layout; a program has requirements or a credential.
        if not (response.css("table.sc_courselist") or names_credential(title)):
            return None
        tabs = response.css(TABS)
        return ProgramPage.from_prose(title, text_of(*tabs), tabs[0],
                                      credits=self._total_hours(response))

    def _total_hours(self, response: TextResponse) -> float | None:
        """The last requirements table's total (the program total when there are several)."""
        totals = response.css("table.sc_courselist tr.listsum td.hourscol::text").getall()
        numbers = [re.search(r"\d+(?:\.\d+)?", t) for t in totals]
        numbers = [float(n.group(0)) for n in numbers if n]
        return numbers[-1] if numbers else None
