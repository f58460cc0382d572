"""Hostile program pages: a `javascript:` canonical URL and control characters in the title must
not reach the directory, the Atom feed of new programs or anything that links to it."""

from __future__ import annotations

import asyncio
import xml.etree.ElementTree as ElementTree

import pytest
from datasette.app import Datasette
from itemadapter import ItemAdapter
from scrapy.http import HtmlResponse

from crawler.items import InstitutionItem, ProgramItem
from crawler.sources.catalog.platforms import detect
from crawler.sources.catalog.program_item import program_item
from crawler.sources.catalog.seeds import Seed
from crawler.web_urls import web_url
from db.metadata import build_metadata
from pipelines.normalize import NormalizePipeline
from tests.helpers import FIXTURES

PAGE_URL = "https://catalog.harborpoint.edu/preview_program.php?catoid=12&poid=3401"
ATOM = "{http://www.w3.org/2005/Atom}"
SEED = Seed("Harbor Point Community College", "https://catalog.harborpoint.edu/", 1)


def hostile_page(canonical: str) -> HtmlResponse:
    """The saved Acalog page with a hostile canonical link and a backspace in its title."""
    html = (FIXTURES / "catalog" / "acalog_program_hit.html").read_text(encoding="utf-8")
    html = html.replace("</head>", f'<link rel="canonical" href="{canonical}"></head>', 1)
    html = html.replace('<h1 id="acalog-content">Health Information',
                        '<h1 id="acalog-content">Health\x08 Information\x7f', 1)
    return HtmlResponse(PAGE_URL, body=html.encode("utf-8"), encoding="utf-8")


def normalized(item, crawler):
    return NormalizePipeline.from_crawler(crawler).process_item(item)


@pytest.mark.parametrize("canonical", [
    "javascript:alert(document.cookie)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
])
def test_a_hostile_canonical_url_is_not_the_program_url(canonical):
    response = hostile_page(canonical)
    platform = detect(response)
    item = program_item(platform.program(response), platform.name, response, SEED)
    assert item["url"] == PAGE_URL  # the page itself, where the program was read


@pytest.mark.parametrize("value, expected", [
    ("https://catalog.harborpoint.edu/hit", "https://catalog.harborpoint.edu/hit"),
    ("http://www.example.edu/", "http://www.example.edu/"),
    ("javascript:alert(1)", None),
    ("data:text/html,<script>alert(1)</script>", None),
    ("vbscript:msgbox(1)", None),
    ("ftp://files.example.edu/", None),
    ("https:///no-host", None),
    ("//www.example.edu/", None),
    ("", None),
])
def test_web_url(value, expected):
    assert web_url(value) == expected


def test_normalize_keeps_only_web_urls_and_strips_control_characters(crawler):
    item = normalized(ProgramItem(
        program_id="p1", title="Medical\x00 Coding\x1b[31m\u0085 Certificate\ufffe",
        url="javascript:alert(1)", source_url="https://catalog.harborpoint.edu/coding",
        description="Line one\r\nline\ttwo"), crawler)
    assert item["title"] == "Medical Coding[31m Certificate"
    assert item["url"] is None
    assert item["source_url"] == "https://catalog.harborpoint.edu/coding"
    assert item["description"] == "Line one line two"
    assert crawler.stats.get_value("normalize/url_rejected/url") == 1
    institution = normalized(InstitutionItem(unitid=1, name="Harbor\x07 Point",
                                             website="vbscript:msgbox(1)"), crawler)
    assert (institution["name"], institution["website"]) == ("Harbor Point", None)


def test_the_feed_of_new_programs_survives_a_hostile_page(crawler, database, database_path):
    response = hostile_page("javascript:alert(document.cookie)")
    platform = detect(response)
    item = normalized(program_item(platform.program(response), platform.name, response, SEED),
                      crawler)
    # The hostile value as a later source might deliver it, past the page reader.
    item["url"] = "javascript:alert(document.cookie)"
    item = normalized(item, crawler)
    row = ItemAdapter(item).asdict() | {"track": "hit", "credential_level": "associate",
                                         "delivery_mode": "hybrid",
                                         "first_seen": "2026-01-01T00:00:00+00:00"}
    database["institutions"].insert({"unitid": 1, "name": SEED.institution, "state": "NJ"})
    database["programs"].insert(row, alter=True)
    datasette = Datasette([str(database_path)], metadata=build_metadata(database_path.stem))
    feed = asyncio.run(datasette.client.get("/directory/new_programs.atom"))
    assert feed.status_code == 200, feed.text[:300]
    entry = ElementTree.fromstring(feed.content).find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text.startswith("Health Information Technology, AAS")
    link = entry.find(f"{ATOM}link").get("href")
    assert link.startswith("https://") and "javascript" not in feed.text.lower()
