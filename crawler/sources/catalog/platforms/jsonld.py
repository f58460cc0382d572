"""schema.org EducationalOccupationalProgram in JSON-LD or microdata (read with extruct).

Only a program that is the page's own subject counts: a top-level node (or one in ``@graph``).
Programs nested in an ItemList or a NewsArticle's ``about`` are links to program pages, not one.
Microdata items become nodes with the same property names, so both read the same way.
"""

from __future__ import annotations

import re

from extruct.jsonld import JsonLdExtractor
from extruct.w3cmicrodata import MicrodataExtractor
from scrapy.http import TextResponse

from crawler.sources.catalog.page_facts import credential_in, delivery_in
from crawler.sources.catalog.platforms.base import Platform, ProgramPage, text_of, tidy

PROGRAM_TYPE = "EducationalOccupationalProgram"
_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")
_DURATION_UNITS = ("year", "month", "week", "day")


class JsonLd(Platform):
    name = "jsonld"

    def matches(self, response: TextResponse) -> bool:
        return bool(program_nodes(response))

    def program(self, response: TextResponse) -> ProgramPage | None:
        nodes = program_nodes(response)
        if not nodes:
            return None
        node = nodes[0]
        title = tidy(_text(node.get("name")))
        if not title:
            return None
        main = response.css("main, [role=main], article, body")[:1]
        text = "\n".join(filter(None, [_text(node.get("description")), text_of(*main)]))
        return ProgramPage(
            title=title,
            text=text,
            credential=(tidy(_text(node.get("educationalCredentialAwarded")))
                        or credential_in(title)),
            description=tidy(_text(node.get("description"))),
            delivery=tidy(_text(node.get("educationalProgramMode"))) or delivery_in(text),
            credits=_number(node.get("numberOfCredits")),
            program_length=_duration(node.get("timeToComplete")),
            cost=_price(node.get("offers")),
        )


def program_nodes(response: TextResponse) -> list[dict]:
    """Top-level program nodes of every JSON-LD block (a block that is not JSON is skipped),
    then top-level microdata program items."""
    return _jsonld_nodes(response) or _microdata_nodes(response)


def _microdata_nodes(response: TextResponse) -> list[dict]:
    if "itemscope" not in response.text:  # most pages have none: skip a second parse
        return []
    items = MicrodataExtractor().extract(response.text, base_url=response.url)
    return [item.get("properties", {}) for item in items
            if str(item.get("type", "")).rsplit("/", 1)[-1] == PROGRAM_TYPE]


def _jsonld_nodes(response: TextResponse) -> list[dict]:
    nodes = []
    for script in response.xpath('//script[@type="application/ld+json"]'):
        try:
            blocks = JsonLdExtractor().extract(script.get())
        except ValueError:
            continue
        for block in blocks:
            candidates = block.get("@graph", [block]) if isinstance(block, dict) else []
            nodes += [n for n in candidates if isinstance(n, dict) and _is_program(n)]
    return nodes


def _is_program(node: dict) -> bool:
    kind = node.get("@type")
    return PROGRAM_TYPE in (kind if isinstance(kind, list) else [kind])


def _text(value) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("credentialCategory") or value.get("@value")
    return str(value) if value not in (None, "") else None


def _number(value) -> float | None:
    if isinstance(value, dict):  # StructuredValue: {"@type": "StructuredValue", "value": 60}
        value = value.get("value")
    try:
        return float(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _duration(value) -> str | None:
    """ISO 8601 'P2Y' -> '2 years', 'P9M' -> '9 months'; anything else as written."""
    text = _text(value)
    match = _DURATION.match(text or "")
    if not match or not any(match.groups()):
        return tidy(text)
    parts = [f"{n} {unit}{'s' if int(n) != 1 else ''}"
             for n, unit in zip(match.groups(), _DURATION_UNITS) if n]
    return " ".join(parts)


def _price(offers) -> float | None:
    for offer in offers if isinstance(offers, list) else [offers]:
        if isinstance(offer, dict):
            price = _number(str(offer.get("price", "")).replace(",", "").lstrip("$"))
            if price is not None:
                return price
    return None
