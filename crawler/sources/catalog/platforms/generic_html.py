"""Any other college page: decide from the page itself whether it describes one program.

A program page has a title (h1) that names a credential, or a credential label next to it, and
states at least one program fact (credits, length, cost, delivery, requirements, accreditation
or certification). News stories and listing pages that mention programs are not program pages.
"""

from __future__ import annotations

import re

from parsel import Selector
from scrapy.http import TextResponse

from crawler.sources.catalog.page_facts import (accreditation_in, certifications_in, cost_in,
                                        credential_in, credits_in, delivery_in, length_in,
                                        names_credential)
from crawler.sources.catalog.platforms.base import Platform, ProgramPage, text_of, tidy

MAIN = "main, [role=main], #main, #content, .entry-content, article"
CREDENTIAL_LABEL = '[class*="award"], [class*="credential"], [class*="degree-type"]'
_REQUIREMENTS = re.compile(
    r"\b(required courses|program requirements|curriculum|course sequence)\b", re.I)
# An index of programs lists several credentials; one program page links to a few at most.
MAX_CREDENTIAL_LINKS = 3


class GenericHtml(Platform):
    name = "generic_html"

    def matches(self, response: TextResponse) -> bool:
        return True

    def program(self, response: TextResponse) -> ProgramPage | None:
        main = (response.css(MAIN) or response.css("body") or [response])[0]
        title = tidy(text_of(*main.css("h1")[:1]) or text_of(*response.css("h1")[:1]))
        if not title or _is_news(response) or _is_listing(main):
            return None
        text = text_of(main)
        label = tidy(text_of(*main.css(CREDENTIAL_LABEL)[:1]))
        if not (label and names_credential(label)):
            label = None
        credential = label or credential_in(title, text)
        if not (credential and names_credential(credential)) or not _states_program_facts(text):
            return None
        return ProgramPage.from_prose(title, text, main, credential=credential)


def _is_news(response: TextResponse) -> bool:
    og_type = response.css('meta[property="og:type"]::attr(content)').get("")
    return (og_type.lower() == "article"
            or bool(response.css("article time[datetime], .byline time")))


def _is_listing(main: Selector) -> bool:
    anchors = [tidy(text_of(a)) or "" for a in main.css("a")]
    return sum(names_credential(a) for a in anchors) > MAX_CREDENTIAL_LINKS


def _states_program_facts(text: str) -> bool:
    return any((credits_in(text), length_in(text), cost_in(text), delivery_in(text),
                _REQUIREMENTS.search(text), accreditation_in(text), certifications_in(text)))
