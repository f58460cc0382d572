"""Pressing search with an empty box lists the page instead of an SQL error
(plugins/blank_search.py)."""

from __future__ import annotations

import asyncio
from urllib.parse import parse_qs, urlsplit

import pytest
from datasette.app import Datasette

from crawler.commands.serve import PLUGINS_DIR, TEMPLATES_DIR
from db.directory import refresh_directory
from db.metadata import build_metadata
from plugins.blank_search import without_blank_searches


@pytest.fixture
def datasette(database, database_path):
    database["programs"].insert({"program_id": "p1", "title": "Medical Coding",
                                 "track": "billing_coding", "credential_level": "certificate"})
    refresh_directory(database)
    return Datasette([str(database_path)], metadata=build_metadata(database_path.stem),
                     plugins_dir=str(PLUGINS_DIR), template_dir=str(TEMPLATES_DIR))


def get(datasette, path):
    return asyncio.run(datasette.client.get(path))


@pytest.mark.parametrize("search", ["", "+", "%22", "%2A%2A"])
def test_a_search_with_no_words_lists_the_page(datasette, database_path, search):
    path = f"/{database_path.stem}/programs"
    response = get(datasette, f"{path}?_search={search}&track=billing_coding")
    assert response.status_code == 302
    target = urlsplit(response.headers["location"])
    assert target.path == path and parse_qs(target.query) == {"track": ["billing_coding"]}
    assert get(datasette, f"{target.path}?{target.query}").status_code == 200


def test_a_search_with_words_is_left_alone(datasette, database_path):
    response = get(datasette, f"/{database_path.stem}/programs.json?_search=coding&_shape=array")
    assert response.status_code == 200
    assert [row["program_id"] for row in response.json()] == ["p1"]


def test_which_searches_are_dropped():
    assert without_blank_searches("_search=&state=NJ") == "state=NJ"
    assert without_blank_searches("_search_title=+") == ""
    assert without_blank_searches("_search=coding&_searchmode=raw") is None
    assert without_blank_searches("state=NJ") is None
