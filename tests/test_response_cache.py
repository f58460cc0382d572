"""Pages are rendered once per version of the data (plugins/response_cache.py): a visitor never
sees a page older than the last committed write."""

from __future__ import annotations

import asyncio

import pytest
from datasette.app import Datasette

from crawler.commands.serve import DATASETTE_SETTINGS, PLUGINS_DIR
from db.directory import refresh_directory
from db.metadata import build_metadata
from plugins.response_cache import Kept, ResponseCache


def program(program_id, title, state="NJ"):
    return {"program_id": program_id, "unitid": 1, "source": "ipeds", "title": title,
            "track": "hit", "credential_level": "associate", "state": state,
            "institution_name": "Bayshore"}


@pytest.fixture
def datasette(database, database_path):
    database["institutions"].insert({"unitid": 1, "name": "Bayshore", "state": "NJ"})
    database["programs"].insert(program("p1", "Health Information Technology"))
    refresh_directory(database)
    return Datasette([str(database_path)], metadata=build_metadata(database_path.stem),
                     plugins_dir=str(PLUGINS_DIR), settings=DATASETTE_SETTINGS)


def get(datasette, path, **kwargs):
    return asyncio.run(datasette.client.get(path, **kwargs))


def titles(response):
    return [row["title"] for row in response.json()]


def test_a_page_shows_the_write_committed_after_it_was_first_served(datasette, database,
                                                                     database_path):
    path = f"/{database_path.stem}/program_directory.json?_shape=array&_sort=program_id"
    assert titles(get(datasette, path)) == ["Health Information Technology"]
    assert titles(get(datasette, path)) == ["Health Information Technology"]  # kept
    database["programs"].insert(program("p2", "Medical Coding"))
    refresh_directory(database)  # what a promotion commits
    assert titles(get(datasette, path)) == ["Health Information Technology", "Medical Coding"]
    database["programs"].update("p2", {"title": "Medical Billing"})  # same size, same second
    refresh_directory(database)
    assert titles(get(datasette, path)) == ["Health Information Technology", "Medical Billing"]


def test_a_kept_page_is_the_page_as_rendered(datasette, database_path):
    path = f"/{database_path.stem}/program_directory?track=hit"
    first, second = get(datasette, path), get(datasette, path)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert first.headers["content-type"] == second.headers["content-type"]


def test_errors_and_redirects_are_not_kept(datasette, database_path):
    missing = f"/{database_path.stem}/no_such_table"
    assert get(datasette, missing).status_code == 404
    assert get(datasette, missing).status_code == 404
    bare = f"/{database_path.stem}/program_directory"
    assert get(datasette, bare).status_code == 302


def test_least_recently_used_pages_leave_first_when_memory_is_full():
    cache = ResponseCache([], max_bytes=10)
    start = {"type": "http.response.start", "status": 200, "headers": []}
    cache.put(b"/a", Kept((1,), start, b"12345"))
    cache.put(b"/b", Kept((1,), start, b"12345"))
    assert cache.get(b"/a", (1,)) is not None  # /a used last: /b leaves next
    cache.put(b"/c", Kept((1,), start, b"123"))
    assert cache.get(b"/b", (1,)) is None
    assert cache.get(b"/a", (1,)).body == b"12345"
    assert cache.get(b"/a", (2,)) is None  # the data changed since
    assert cache.size == 3


def test_a_page_asked_for_by_another_host_name_links_to_that_host(datasette, database_path):
    # Facet toggles are absolute links: a kept page must not send a visitor to another host.
    path = f"/{database_path.stem}/program_directory.json?track=hit"
    for host in ("127.0.0.1:8001", "localhost:8001"):
        data = get(datasette, path, headers={"host": host}).json()
        toggles = [value["toggle_url"] for facet in data["facet_results"].values()
                   for value in facet["results"]]
        assert toggles and all(url.startswith(f"http://{host}/") for url in toggles)
