"""Modern Campus Acalog catalogs (server-rendered).

Listings are ``content.php?catoid=&navoid=`` (paged with ``filter[cpage]=N``); each program is
``preview_program.php?catoid=&poid=`` with its name in ``h1#acalog-content`` inside
``td.block_content`` and its body in ``div.acalog-core`` sections.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from scrapy.http import TextResponse
from w3lib.url import url_query_cleaner

from crawler.sources.catalog.platforms.base import Platform, ProgramPage, text_of, tidy

PROGRAM_PATH = "preview_program.php"
_ACALOG_MARKERS = re.compile(r"acalog|[?&]catoid=", re.I)


class Acalog(Platform):
    name = "acalog"

    def matches(self, response: TextResponse) -> bool:
        return bool(response.css("#acalog-content, td.block_content")
                    and _ACALOG_MARKERS.search(response.text))

    def program(self, response: TextResponse) -> ProgramPage | None:
        if not urlsplit(response.url).path.endswith(PROGRAM_PATH):
            return None
        title = tidy(text_of(*response.css("h1#acalog-content, td.block_content h1")[:1]))
        cores = response.css("div.acalog-core")
        if not title or not cores:
            return None
        return ProgramPage.from_prose(title, text_of(*cores), cores[0])

    def normalize_url(self, url: str) -> str:
        """Program links carry the listing they came from (returnto=...): one program, one URL."""
        if urlsplit(url).path.endswith(PROGRAM_PATH):
            return url_query_cleaner(url, ("catoid", "poid"))
        return url
