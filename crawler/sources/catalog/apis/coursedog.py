"""Coursedog catalogs: an empty Vue page in the browser, a public JSON API behind it.

The endpoints, as public scrapers of real Coursedog catalogs use them (tests/fixtures/catalog/
README.md says where): ``/api/v1/catalogs/urls?url=<catalog host>`` answers the school id and
the current catalog's id for a catalog host; ``/api/v1/cm/<school>/programs/search/$filters``
with ``catalogId``, ``skip`` and ``limit`` pages through the programs (``listLength``, ``data``).
The API answers only requests that carry the catalog site as Origin and Referer. A program's
page on the catalog site is ``/programs/<code>``.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from urllib.parse import quote, urlencode

from parsel import Selector

from crawler.sources.catalog.page_facts import credential_in, delivery_in
from crawler.sources.catalog.page_text import text_of, tidy
from crawler.sources.catalog.platforms.base import ProgramPage

API = "https://app.coursedog.com/api/v1"
PAGE_SIZE = 100
# Fields that carry the program's prose, richest first.
DESCRIPTION_FIELDS = ("catalogFullDescription", "catalogDescription", "descriptionHtml",
                      "description")


def catalog_request_url(catalog_host: str) -> str:
    """Where to ask which school and catalog a catalog host shows."""
    return f"{API}/catalogs/urls?{urlencode({'url': catalog_host})}"


def request_headers(catalog_host: str) -> dict[str, str]:
    return {"Origin": f"https://{catalog_host}", "Referer": f"https://{catalog_host}/",
            "X-Requested-With": "catalog", "Accept": "application/json"}


def catalog_ids(payload: dict) -> tuple[str, str] | None:
    """(school id, catalog id) from the catalogs/urls answer, or None when no catalog is
    attached to the host (the API then answers an error message)."""
    school = payload.get("school")
    school = school.get("id") if isinstance(school, dict) else school
    catalog = payload.get("catalog")
    catalog_id = (catalog.get("_id") or catalog.get("id")) if isinstance(catalog, dict) else None
    catalog_id = catalog_id or payload.get("catalogId")
    return (school, catalog_id) if school and catalog_id else None


def programs_url(school: str, catalog_id: str, skip: int = 0, limit: int = PAGE_SIZE) -> str:
    query = urlencode({"catalogId": catalog_id, "skip": skip, "limit": limit})
    return f"{API}/cm/{quote(school)}/programs/search/$filters?{query}"


def next_skip(payload: dict, skip: int) -> int | None:
    """The next page's offset, or None after the last page."""
    rows = len(payload.get("data") or [])
    total = payload.get("listLength")
    if not rows or not isinstance(total, int) or skip + rows >= total:
        return None
    return skip + rows


def programs(body: bytes) -> list[dict]:
    """The program records of one answer: ``{"data": [...]}``, or a bare list."""
    payload = json.loads(body)
    rows = payload.get("data") if isinstance(payload, dict) else payload
    return [row for row in rows or [] if isinstance(row, dict)]


def program_pages(rows: list[dict], catalog_host: str) -> Iterator[tuple[str, ProgramPage]]:
    """(program page URL on the catalog site, program) for every active program record."""
    for row in rows:
        status = str(row.get("status") or "active").lower()
        title = tidy(row.get("catalogDisplayName") or row.get("longName") or row.get("name"))
        code = row.get("code") or row.get("programGroupId") or row.get("id")
        if status != "active" or not title or not code:
            continue
        text = _plain(next((row[f] for f in DESCRIPTION_FIELDS if row.get(f)), ""))
        yield f"https://{catalog_host}/programs/{quote(str(code))}", ProgramPage(
            title=title, text=text, credential=_credential(row, title, text),
            description=text.split("\n")[0] or None, delivery=delivery_in(text),
            credits=_number(row.get("totalCredits")))


def _credential(row: dict, title: str, text: str) -> str | None:
    """The program's level and degree designation ('Bachelors (BFA)', 'Certificate (CC)'), as
    the record states them; else what the name or description says."""
    level = tidy(str(row.get("level") or ""))
    designation = tidy(str(row.get("degreeDesignation") or ""))
    stated = " ".join(filter(None, (level, f"({designation})" if designation else None)))
    return stated or credential_in(title, text)


def _plain(markup: str) -> str:
    """Coursedog descriptions are HTML fragments; the prose readers want lines of text."""
    if not markup:
        return ""
    if "&lt;" in markup:  # HTML escaped once more inside the JSON string
        markup = html.unescape(markup)
    return text_of(Selector(text=f"<div>{markup}</div>"))


def _number(value) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None
