"""Helpers for the catalog tests: saved pages read as the spider reads them."""

from __future__ import annotations

import pytest

from crawler.sources.catalog.platforms import detect
from crawler.sources.catalog.program_item import program_item
from crawler.sources.catalog.seeds import Seed
from tests.helpers import file_response

SEED = Seed("Example College", "https://www.example.edu/")


def read_page(fixture: str, url: str, encoding: str | None = None):
    """(platform, item or None) for a saved page, as the spider would produce them."""
    response = file_response(f"catalog/{fixture}", url, encoding=encoding)
    platform = detect(response)
    page = platform.program(response)
    return platform.name, (program_item(page, platform.name, response, SEED) if page else None)


@pytest.fixture
def seed():
    return SEED
