"""Modern Campus Acalog catalogs (server-rendered).

Listings are ``content.php?catoid=&navoid=`` (paged with ``filter[cpage]=N``); each program is
``preview_program.php?catoid=&poid=`` with its name in ``h1#acalog-content`` inside
``td.block_content``. The whole ``td.block_content`` is read: the requirement sections are
``div.acalog-core`` blocks, but the program's description (where the accreditation, delivery,
length and cost sentences are) sits in ``td.block_content`` outside them. Course links there are
``<a href="#" onclick="showCourse(...)">`` popups, which the spider does not follow.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from parsel import Selector
from scrapy.http import TextResponse
from w3lib.url import url_query_cleaner

from crawler.sources.catalog.page_facts import names_credential
from crawler.sources.catalog.platforms.base import Platform, ProgramPage, text_of, tidy

PROGRAM_PATH = "preview_program.php"
_ACALOG_MARKERS = re.compile(r"acalog|[?&]catoid=", re.I)
_FURNITURE = re.compile(r"^(print[- ]friendly page|print \(opens a new window\)|"
                        r"\[?add to (my )?portfolio.*|return to:.*|help|facebook this page|"
                        r"tweet this page)$", re.I)


class Acalog(Platform):
    name = "acalog"

    def matches(self, response: TextResponse) -> bool:
        return bool(response.css("#acalog-content, td.block_content")
                    and _ACALOG_MARKERS.search(response.text))

    def program(self, response: TextResponse) -> ProgramPage | None:
        if not urlsplit(response.url).path.endswith(PROGRAM_PATH):
            return None
        heading = response.css("h1#acalog-content, td.block_content h1")[:1]
        title = tidy(text_of(*heading))
        blocks = response.css("td.block_content")
        if not title or not blocks:
            return None
        block = next((b for b in blocks if b.css("h1")), blocks[0])
        if not (block.css("div.acalog-core") or names_credential(title)):
            return None
        return ProgramPage.from_prose(title, _block_text(block), block)

    def normalize_url(self, url: str) -> str:
        """Program links carry the listing they came from (returnto=...): one program, one URL."""
        if urlsplit(url).path.endswith(PROGRAM_PATH):
            return url_query_cleaner(url, ("catoid", "poid"))
        return url


def _block_text(block: Selector) -> str:
    """The program's text without the page furniture Acalog puts in the same cell (print,
    portfolio and back-to-listing links)."""
    text = text_of(block)
    return "\n".join(line for line in text.splitlines() if not _FURNITURE.match(line.strip()))
