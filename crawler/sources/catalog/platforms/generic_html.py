"""Any other college page: decide from the page itself whether it describes one program.

The last layer, after structured data and the platform adapters. The main content comes from a
content extractor (``main_content``), the program's name from scored candidates
(``title_candidates``), and being a program page is a score over evidence
(``program_evidence``), kept on the page. A program whose credential the page does not state is
still a program: its credential stays unknown.
"""

from __future__ import annotations

from scrapy.http import TextResponse

from crawler.sources.catalog.main_content import main_node
from crawler.sources.catalog.page_facts import (award_line_in, credential_in, delivery_in,
                                                labelled_credential_in, names_credential)
from crawler.sources.catalog.platforms.base import Platform, ProgramPage, text_of, tidy
from crawler.sources.catalog.program_evidence import program_evidence
from crawler.sources.catalog.title_candidates import page_title

CREDENTIAL_LABEL = '[class*="award"], [class*="credential"], [class*="degree-type"]'
MIN_DESCRIPTION = 60


class GenericHtml(Platform):
    name = "generic_html"

    def matches(self, response: TextResponse) -> bool:
        return True

    def program(self, response: TextResponse) -> ProgramPage | None:
        main = main_node(response)
        text = text_of(main)
        title = page_title(response, text)
        if not title:
            return None
        evidence = program_evidence(response, title, text, main)
        if not evidence.is_program:
            return None
        return ProgramPage(title=title, text=text, credential=_credential(response, title, text),
                           description=_description(text, title), delivery=delivery_in(text),
                           evidence=evidence.summary())


def _credential(response: TextResponse, title: str, text: str) -> str | None:
    """A labelled credential ('Degree Earned: ...', a fact bar), else a credential element
    (class award/credential/degree-type), else the credential part of the title."""
    labelled = labelled_credential_in(text)
    if labelled:
        return labelled
    for element in response.css(CREDENTIAL_LABEL):
        label = tidy(text_of(element))
        if label and len(label) <= 80 and names_credential(label):
            return label
    return credential_in(title, text) or award_line_in(text)


def _description(text: str, title: str) -> str | None:
    """The first paragraph of the main content long enough to describe the program."""
    for line in text.splitlines():
        line = tidy(line.lstrip("-• "))
        if line and len(line) >= MIN_DESCRIPTION and line != title:
            return line
    return None
