"""The directory opens on our three tracks at certificate, diploma and associate level; the
rest is one click away (plugins/default_scope.py, scope column in db/views.py)."""

from __future__ import annotations

import asyncio
from urllib.parse import parse_qs, urlsplit

import pytest
from datasette.app import Datasette

from crawler.commands.serve import PLUGINS_DIR, TEMPLATES_DIR
from db.directory import refresh_directory
from db.metadata import build_metadata

PROGRAMS = [  # program_id, track, credential_level
    ("hit-aas", "hit", "associate"), ("coding-cert", "billing_coding", "certificate"),
    ("him-diploma", "him", "diploma"), ("him-bs", "him", "bachelor"),
    ("assisting", "other", "certificate")]


@pytest.fixture
def datasette(database, database_path):
    database["institutions"].insert({"unitid": 1, "name": "Bayshore", "state": "NJ"})
    database["programs"].insert_all(
        {"program_id": pid, "unitid": 1, "source": "ipeds", "title": pid, "track": track,
         "credential_level": level, "state": "NJ", "institution_name": "Bayshore"}
        for pid, track, level in PROGRAMS)
    refresh_directory(database)
    return Datasette([str(database_path)], metadata=build_metadata(database_path.stem),
                     plugins_dir=str(PLUGINS_DIR), template_dir=str(TEMPLATES_DIR))


def get(datasette, path):
    return asyncio.run(datasette.client.get(path))


def test_the_bare_directory_redirects_to_our_tracks_and_levels(datasette):
    response = get(datasette, "/directory/program_directory")
    assert response.status_code == 302
    target = urlsplit(response.headers["location"])
    assert target.path == "/directory/program_directory"
    query = parse_qs(target.query)
    assert query["scope"] == ["our tracks and levels"] and query["_sort"] == ["institution_name"]
    assert {"title", "institution_name", "state", "latitude", "longitude"} <= set(query["_col"])


def test_the_default_listing_has_no_look_alikes_or_other_levels(datasette):
    location = get(datasette, "/directory/program_directory").headers["location"]
    page = get(datasette, location)
    assert page.status_code == 200
    data = get(datasette, location.replace("program_directory?", "program_directory.json?")
               + "&_shape=objects").json()
    assert sorted(row["program_id"] for row in data["rows"]) == [
        "coding-cert", "him-diploma", "hit-aas"]
    # ... and the page says where the others are.
    assert "look-alikes and other levels" in page.text


def test_the_others_are_one_facet_click_away(datasette):
    location = get(datasette, "/directory/program_directory").headers["location"]
    data = get(datasette, location.replace("program_directory?", "program_directory.json?")).json()
    scope = {row["value"]: row for row in data["facet_results"]["scope"]["results"]}
    # Removing the scope filter keeps the sort, so it does not bounce back to the default.
    toggle = urlsplit(scope["our tracks and levels"]["toggle_url"])
    assert "scope" not in parse_qs(toggle.query) and toggle.query
    everything = get(datasette, f"{toggle.path}?{toggle.query}&_shape=objects").json()
    assert len(everything["rows"]) == len(PROGRAMS)


def test_a_directory_page_naming_no_columns_gets_the_reader_columns(datasette):
    response = get(datasette, "/directory/program_directory?track=hit&_sort=title")
    assert response.status_code == 302
    target = urlsplit(response.headers["location"])
    query = parse_qs(target.query)
    assert query["track"] == ["hit"] and query["_sort"] == ["title"]  # kept as asked
    assert "scope" not in query  # a filter of one's own is not narrowed further
    assert {"title", "institution_name", "state"} <= set(query["_col"])
    page = get(datasette, f"{target.path}?{target.query}")
    assert page.status_code == 200 and "hit-aas" in page.text


def test_show_all_columns_shows_all_columns(datasette):
    page = get(datasette, "/directory/program_directory?track=hit&_columns=all")
    assert page.status_code == 200
    assert 'data-column="ipeds_title"' in page.text  # a column the reader view leaves out
    # the column menu's "Show all columns" is made to ask for that
    location = get(datasette, "/directory/program_directory").headers["location"]
    assert 'url.searchParams.set("_columns", "all")' in get(datasette, location).text


def test_other_pages_and_queries_are_left_alone(datasette):
    assert get(datasette, "/directory/programs").status_code == 200
    assert get(datasette, "/directory/programs?track=hit").status_code == 200
    assert get(datasette, "/directory/program_directory.json").status_code == 200
    assert get(datasette, "/directory/program_directory.json?track=hit").status_code == 200
    assert get(datasette, "/directory/program_directory?track=hit&_nocol=url").status_code == 200
