"""CourseLeaf catalogs (server-rendered).

Program pages have a ``h1.page-title``, tabs in ``div#<name>textcontainer`` (the names vary by
college: overview, requirements, programoverview...) and requirement tables
``table.sc_courselist`` whose ``tr.listsum`` row holds the table's total hours. A page may hold
several tables (general education, core, electives; one per year), each with its own subtotal:
the program's total is then the one the prose states, or none at all, never the last subtotal.
"""

from __future__ import annotations

import re

from scrapy.http import TextResponse

from crawler.sources.catalog.page_facts import names_credential, stated_total_in
from crawler.sources.catalog.platforms.base import Platform, ProgramPage, text_of, tidy
from crawler.sources.catalog.program_evidence import program_evidence

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
        tabs = response.css(TABS)
        subtotals = [tidy(text_of(row)) for row in response.css("table.sc_courselist tr.listsum")]
        text = text_of(*tabs)
        if len(subtotals) > 1:  # a subtotal line must not pass for the program's total
            text = "\n".join(line for line in text.splitlines() if tidy(line) not in subtotals)
        # Department and A-Z pages share the layout: a program has requirements or a credential
        # in its name, or else the evidence of a program page (an overview-only program page).
        evidence = None
        if not (response.css("table.sc_courselist") or names_credential(title)):
            evidence = program_evidence(response, title, text, tabs[0])
            if not evidence.is_program:
                return None
        page = ProgramPage.from_prose(title, text, tabs[0],
                                      credits=self._total_hours(response, text))
        page.evidence = evidence.summary() if evidence else None
        return page

    def _total_hours(self, response: TextResponse, text: str) -> float | None:
        """The total the prose states, else the sum row of the only requirements table."""
        stated = stated_total_in(text)
        if stated is not None:
            return stated
        tables = response.css("table.sc_courselist")
        if len(tables) != 1:
            return None
        total = tables[0].css("tr.listsum td.hourscol::text").get("")
        number = re.search(r"\d+(?:\.\d+)?", total)
        return float(number.group(0)) if number else None
