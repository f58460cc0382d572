"""Kuali catalogs: an empty page that loads its catalog from ``<tenant>.kuali.co``.

The endpoints, as public scrapers of real Kuali catalogs use them (tests/fixtures/catalog/
README.md says where): ``/api/v1/catalog/public/catalogs/current`` answers the current catalog
(its ``_id``); ``/api/v1/catalog/programs/<catalog id>`` lists its programs (``pid``,
``title``); ``/api/v1/catalog/program/<catalog id>/<pid>`` is one program with its
``description`` (HTML) and ``programType``. The program's record address is kept as its URL:
Kuali catalog pages are routed in the browser and have no address of their own to fetch.
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote

from parsel import Selector

from crawler.sources.catalog.page_facts import credential_in, credits_in, delivery_in
from crawler.sources.catalog.page_text import text_of, tidy
from crawler.sources.catalog.platforms.base import ProgramPage

_TENANT = re.compile(r"https?://([a-z0-9-]+)\.kuali\.co\b", re.I)


def tenant_origin(page_text: str) -> str | None:
    """'https://sagebrush.kuali.co' from the shell page's scripts, or None."""
    match = _TENANT.search(page_text)
    return f"https://{match.group(1).lower()}.kuali.co" if match else None


def current_catalog_url(origin: str) -> str:
    return f"{origin}/api/v1/catalog/public/catalogs/current"


def catalog_id(payload) -> str | None:
    return (payload.get("_id") or payload.get("id")) if isinstance(payload, dict) else None


def programs_url(origin: str, catalog: str) -> str:
    return f"{origin}/api/v1/catalog/programs/{quote(catalog)}"


def program_ids(payload) -> list[str]:
    rows = payload if isinstance(payload, list) else []
    return [str(row["pid"]) for row in rows if isinstance(row, dict) and row.get("pid")]


def program_url(origin: str, catalog: str, pid: str) -> str:
    return f"{origin}/api/v1/catalog/program/{quote(catalog)}/{quote(pid)}"


def program_page(record) -> ProgramPage | None:
    """One program record as a program page; None for a record without a title."""
    if not isinstance(record, dict):
        return None
    title = tidy(record.get("title"))
    if not title:
        return None
    text = "\n".join(filter(None, (_plain(record.get("description")),
                                   _plain(record.get("rulesRequirements")))))
    program_type = record.get("programType")
    kind = tidy(program_type.get("name") if isinstance(program_type, dict) else program_type)
    return ProgramPage(title=title, text=text, credential=kind or credential_in(title, text),
                       description=text.split("\n")[0] or None, delivery=delivery_in(text),
                       credits=credits_in(text))


def _plain(markup) -> str:
    if not isinstance(markup, str) or not markup.strip():
        return ""
    if "&lt;" in markup:
        markup = html.unescape(markup)
    return text_of(Selector(text=f"<div>{markup}</div>"))
