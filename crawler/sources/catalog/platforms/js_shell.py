"""JavaScript-only catalogs (Coursedog, Kuali...): an empty page that a script fills in.

Their programs come from a JSON API after the script runs, so crawling the HTML finds nothing.
The spider counts them (``catalog/js_shell/<vendor>``) and reads the vendor's API instead
(``crawler/sources/catalog/apis/``); a shell of an unknown vendor is reported with a warning.
"""

from __future__ import annotations

import re

from scrapy.http import TextResponse

from crawler.sources.catalog.platforms.base import Platform, tidy

VENDORS = {"coursedog": re.compile(r"coursedog", re.I), "kuali": re.compile(r"kuali", re.I)}
_APP_ROOT = re.compile(r"<div id=[\"'](app|root|__next|catalog-app)[\"']>\s*</div>", re.I)
# A rendered page has a heading and some paragraphs; a shell has a <noscript> line at most.
MAX_SHELL_TEXT = 200


class JsShell(Platform):
    name = "js_shell"

    def matches(self, response: TextResponse) -> bool:
        if not (self.vendor(response) or _APP_ROOT.search(response.text)):
            return False
        visible = tidy(" ".join(response.xpath(
            "//body//text()[not(ancestor::script or ancestor::noscript or ancestor::style)]"
        ).getall())) or ""
        return len(visible) < MAX_SHELL_TEXT

    def program(self, response: TextResponse) -> None:
        return None

    def vendor(self, response: TextResponse) -> str | None:
        scripts = " ".join(
            response.xpath("//script/@src | //script/text() | //link/@href").getall())
        return next((name for name, pattern in VENDORS.items() if pattern.search(scripts)), None)
