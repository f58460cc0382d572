"""The main content of a page: what a reader came for, without menus, headers and footers.

Found with trafilatura (a maintained main-content extractor) rather than a selector list: real
college pages put a hero ``<article>`` in the header before ``<main>``, wrap everything in
``#content`` or have no landmark at all, and the first matching selector is then the wrong block.
Trafilatura's own text flattens tables and fact lists into run-on lines, so it is used to find
the content, and the page's own element holding that content is what the adapters read: the
smallest container that covers most of the extracted words. ``bench/main_content_choice.py``
compares it with readability-lxml.
"""

from __future__ import annotations

import re

import trafilatura
from parsel import Selector
from scrapy.http import TextResponse

from crawler.sources.catalog.page_text import text_of

CONTAINERS = ("//body//*[self::main or self::article or self::section or self::div "
              "or self::td or self::table][not(ancestor-or-self::header or ancestor-or-self::nav "
              "or ancestor-or-self::footer or ancestor-or-self::aside)]")
LANDMARKS = "main, [role=main]"
# Share of the extracted words the chosen container must hold: the extractor keeps a stray
# menu, footer or hero-banner line now and then, which the real content block does not contain.
MIN_COVERAGE = 0.8
# A <main> landmark is the author's own word for it: enough that it holds most of the content.
MIN_LANDMARK_COVERAGE = 0.6
_WORD = re.compile(r"[a-z0-9]{3,}")
# Past this size the extractor takes seconds a page (2 s for 350 KB of cards): real program
# pages are well under it, script and style included.
MAX_EXTRACTED_HTML = 500_000


def main_node(response: TextResponse) -> Selector:
    """The element holding the page's main content; the body when nothing narrower does."""
    body = (response.css("body") or [response.selector])[0]
    if len(response.text) > MAX_EXTRACTED_HTML:  # an archive or a giant index, not a program
        return (response.css(LANDMARKS) or [body])[0]
    extracted = trafilatura.extract(
        response.text, url=response.url, include_tables=True, include_comments=False,
        favor_recall=True, deduplicate=False, fast=True)  # fast: no fallback extractors
    wanted = _words(extracted or "")
    if not wanted:
        return body
    landmark = _smallest_covering(response.css(LANDMARKS), wanted, MIN_LANDMARK_COVERAGE)
    return (landmark or _smallest_covering(response.xpath(CONTAINERS), wanted, MIN_COVERAGE)
            or body)


def _smallest_covering(nodes, wanted: set[str], coverage: float) -> Selector | None:
    best, best_length = None, None
    for node in nodes:
        text = node.root.text_content()
        if best_length is not None and len(text) >= best_length:
            continue
        if len(wanted & _words(text)) >= coverage * len(wanted):
            best, best_length = node, len(text)
    return best


def main_text(response: TextResponse) -> str:
    """Plain text of the main content, one paragraph, list item or table row per line."""
    return text_of(main_node(response))


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))
