"""Datasette serves the database with our metadata: pages, facets, canned queries, CSV."""

from __future__ import annotations

import asyncio
import csv
import io

import pytest
from datasette.app import Datasette

from db.directory import refresh_directory
from db.metadata import build_metadata

PROGRAMS = [
    ("p1", 1, "Health Information Technology", "hit", "associate", "online", "NJ"),
    ("p2", 1, "Medical Coding", "billing_coding", "certificate", "online", "NJ"),
    ("p3", 2, "Health Information Technology", "hit", "associate", "campus", "TX"),
    ("p4", 2, "Health Information Management", "him", "associate", "online", "TX"),
]


@pytest.fixture
def datasette(database, database_path):
    database["institutions"].insert_all([
        {"unitid": 1, "name": "Bayshore Community College", "state": "NJ",
         "latitude": 40.1, "longitude": -74.2},
        {"unitid": 2, "name": "Lone Star Technical College", "state": "TX",
         "latitude": 30.2, "longitude": -97.7}])
    database["programs"].insert_all(
        {"program_id": pid, "unitid": unitid, "title": title, "track": track,
         "credential_level": level, "delivery_mode": mode, "state": state,
         "institution_name": "Bayshore Community College" if unitid == 1 else "Lone Star"}
        for pid, unitid, title, track, level, mode, state in PROGRAMS)
    refresh_directory(database)  # what every promotion does
    return Datasette([str(database_path)], metadata=build_metadata(database_path.stem))


def get(datasette, path):
    return asyncio.run(datasette.client.get(path))


def test_programs_table_page_shows_column_descriptions(datasette):
    response = get(datasette, "/directory/programs")
    assert response.status_code == 200
    assert "Whether it can be taken online" in response.text


def test_default_facets_count_tracks(datasette):
    data = get(datasette, "/directory/programs.json").json()
    facets = data["facet_results"]
    assert {"track", "credential_level", "delivery_mode", "state"} <= set(facets)
    counts = {row["value"]: row["count"] for row in facets["track"]["results"]}
    assert counts == {"hit": 2, "billing_coding": 1, "him": 1}


def test_canned_query_online_hit_associate_by_state(datasette):
    data = get(datasette, "/directory/online_hit_associate_degrees.json?state=nj&_shape=array")
    assert [row["title"] for row in data.json()] == ["Health Information Technology"]
    everywhere = get(datasette, "/directory/online_hit_associate_degrees.json?state=&_shape=array")
    assert [row["state"] for row in everywhere.json()] == ["NJ"]


def test_full_text_search(datasette):
    data = get(datasette, "/directory/programs.json?_search=management&_shape=array").json()
    assert [row["program_id"] for row in data] == ["p4"]


def test_the_directory_view_has_full_text_search(datasette):
    data = get(datasette, "/directory/program_directory.json?_search=management&_shape=array")
    assert [row["program_id"] for row in data.json()] == ["p4"]


def test_csv_export_endpoint(datasette):
    response = get(datasette, "/directory/programs.csv?track=hit&_sort=program_id")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [row["program_id"] for row in rows] == ["p1", "p3"]


def test_every_published_column_has_a_description(datasette):
    """Every column of every table and view Datasette lists (hidden ones aside) is described."""
    listing = get(datasette, "/directory.json").json()
    published = ([table["name"] for table in listing["tables"] if not table["hidden"]]
                 + [view["name"] for view in listing["views"]])
    assert {"programs", "program_directory", "program_changes", "changes"} <= set(published)
    undescribed = []
    for name in published:
        columns = get(datasette, f"/directory/{name}.json?_size=0").json()["columns"]
        descriptions = datasette.table_metadata("directory", name).get("columns", {})
        undescribed += [f"{name}.{column}" for column in columns
                        if not (descriptions.get(column) or "").strip()]
    assert undescribed == []
