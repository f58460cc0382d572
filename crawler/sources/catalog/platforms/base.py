"""What every platform adapter provides, and the page helpers they share."""

from __future__ import annotations

from dataclasses import dataclass

from parsel import Selector
from scrapy.http import TextResponse

from crawler.sources.catalog.page_facts import credential_in, delivery_in
from crawler.sources.catalog.page_text import text_of, tidy


@dataclass
class ProgramPage:
    """What an adapter read from one program page; the spider turns it into a ProgramItem.

    ``text`` is the page's main content as plain text: the prose facts (accreditation, PCAP,
    certifications, and credits/length/cost when the platform has no structured value) are
    read from it. Structured values set here win over the prose.
    """

    title: str
    text: str
    credential: str | None = None
    description: str | None = None
    delivery: str | None = None
    credits: float | None = None
    program_length: str | None = None
    cost: float | None = None
    # Why the page was judged a program page ("award_in_title +3, credits +2, ..."), when an
    # adapter had to judge it from evidence rather than from the platform's page type.
    evidence: str | None = None

    @classmethod
    def from_prose(cls, title: str, text: str, description_from: Selector,
                   credential: str | None = None, **structured) -> "ProgramPage":
        """A page whose credential, description and delivery are read from its prose."""
        return cls(title=title, text=text, credential=credential or credential_in(title, text),
                   description=first_paragraph(description_from), delivery=delivery_in(text),
                   **structured)


class Platform:
    """One catalog platform: recognise its pages, read its program pages, tidy its URLs."""

    name = ""

    def matches(self, response: TextResponse) -> bool:
        raise NotImplementedError

    def program(self, response: TextResponse) -> ProgramPage | None:
        """The program on this page, or None when the page is not a program page."""
        raise NotImplementedError

    def normalize_url(self, url: str) -> str:
        """The URL this platform would use for the same page (e.g. without navigation state)."""
        return url


def first_paragraph(selector: Selector, min_length: int = 60) -> str | None:
    """The first paragraph long enough to be a description rather than a label."""
    for paragraph in selector.css("p"):
        text = tidy(text_of(paragraph))
        if text and len(text) >= min_length:
            return text
    return None
