"""The directory's CSV written directly (plugins/directory_csv.py) is Datasette's own download,
byte for byte and header for header, and everything it does not support still reaches Datasette.

Datasette's own answer to the same request comes from adding ``_timelimit=5000``: the direct path
refuses that key, and Datasette changes nothing for it (it only ever lowers its 1 s limit)."""

from __future__ import annotations

import asyncio
import csv
import io
import sqlite3
import urllib.request

import pytest
from datasette.app import Datasette
from datasette.plugins import pm

from crawler.commands.serve import DATASETTE_SETTINGS, PLUGINS_DIR
from db.build import open_database
from db.directory import refresh_directory
from db.metadata import build_metadata
from tests.datasette_process import serve_process

FORMULA = '=HYPERLINK("http://x","y")'
TITLES = [FORMULA, "Medical Coding", 'Coding, "Billing" and more', "Health\nInformation",
          "@SUM(1+1)", " -2+3", "Health Information Technology"]
STATES = ("TX", "CA", "NJ")
TRACKS = ("hit", "billing_coding", "him", "other")
PATH = "/directory/program_directory.csv"
ANSWERED_HERE = [
    "", "_size=max", "track=hit&state=TX", "track=hit&state=TX&_size=max",
    "state__in=TX,CA", "state=TX&state=CA", "title__contains=Coding", "completions__gt=10",
    "delivery_mode__isnull=1", "_search=coding", '_search="coding', "_search=coding+OR+billing",
    "_search=coding&_searchmode=escaped&track=billing_coding", "_sort=title",
    "_sort_desc=completions", "_col=title&_col=state", "_nocol=title&_nocol=latitude",
    "_dl=1", "_header=off", "_size=3", "_size=3&_sort=title&track=hit", "_size=0",
    "_columns=all&state=NJ",
]
LEFT_TO_DATASETTE = [
    "nosuch=1",  # SQLite reads an unknown "nosuch" as a string: no rows, not an error
    "title__nosuchop=x", "_next=p10", "_col=nosuch", "_nocol=program_id", "_size=5000",
    "_size=-1", "_sort=nosuch", "_sort=title&_sort_desc=title", "_search=coding&_searchmode=raw",
    "_search_title=coding", "_labels=on", "_stream=1", "_where=1", "_trace=1", "_shape=array",
    "_nofacet=&_facet=state",
]


def programs():
    for n in range(40):
        yield {"program_id": f"p{n}", "unitid": 1 + n % 3, "source": "ipeds",
               "title": TITLES[n % len(TITLES)], "track": TRACKS[n % 4],
               "credential_level": ("certificate", "associate")[n % 2],
               "delivery_mode": ("online", "campus", None)[n % 3], "state": STATES[n % 3],
               "completions": n % 25, "institution_name": f"College {1 + n % 3}"}


@pytest.fixture(scope="module")
def directory(tmp_path_factory):
    path = tmp_path_factory.mktemp("directory_csv") / "directory.db"
    db = open_database(path)
    db["institutions"].insert_all(
        {"unitid": unitid, "name": f"College {unitid}", "state": state, "latitude": 40.1,
         "longitude": -74.2} for unitid, state in ((1, "TX"), (2, "CA"), (3, "NJ")))
    db["programs"].insert_all(programs())
    refresh_directory(db)
    db.close()
    return path


@pytest.fixture(scope="module")
def datasette(directory):
    return Datasette([str(directory)], metadata=build_metadata(directory.stem),
                     plugins_dir=str(PLUGINS_DIR), settings=DATASETTE_SETTINGS)


def downloads_written() -> int:
    # Datasette loads plugins/ under the file's name, not as plugins.directory_csv.
    return sum(pm.get_plugin("directory_csv.py").downloads_written.values())


def get(datasette, query: str, headers=None):
    """(status, headers, body) and whether the direct path wrote the answer."""
    before = downloads_written()
    response = asyncio.run(datasette.client.get(f"{PATH}?{query}", headers=headers))
    return ((response.status_code, response.headers.multi_items(), response.content),
            downloads_written() > before)


def datasettes_own(datasette, query: str, headers=None):
    answer, direct = get(datasette, f"{query}&_timelimit=5000" if query else "_timelimit=5000",
                         headers)
    assert not direct
    return answer


@pytest.mark.parametrize("query", ANSWERED_HERE)
def test_direct_download_is_datasettes_own(datasette, query):
    answer, direct = get(datasette, query)
    assert direct
    assert answer == datasettes_own(datasette, query)
    assert answer[0] == 200


@pytest.mark.parametrize("query", LEFT_TO_DATASETTE)
def test_what_the_direct_path_does_not_support_reaches_datasette(datasette, query):
    answer, direct = get(datasette, query)
    assert not direct
    assert answer == datasettes_own(datasette, query)


def test_requests_with_cookies_reach_datasette(datasette):
    answer, direct = get(datasette, "state=TX", headers={"cookie": "ds_actor=x"})
    assert not direct
    assert answer[0] == 200


def test_a_table_hidden_from_anonymous_visitors_stays_hidden(directory):
    metadata = build_metadata(directory.stem)
    metadata["databases"][directory.stem]["tables"]["program_directory"]["allow"] = {
        "id": "staff"}
    private = Datasette([str(directory)], metadata=metadata, plugins_dir=str(PLUGINS_DIR),
                        settings=DATASETTE_SETTINGS)
    (status, _, _), direct = get(private, "state=TX")
    assert (status, direct) == (403, False)


def test_a_cell_holding_bytes_is_left_to_datasette(directory, tmp_path):
    """Datasette writes a link to the blob in its place."""
    path = tmp_path / directory.name
    with sqlite3.connect(directory) as source, sqlite3.connect(path) as copy:
        source.backup(copy)
        copy.execute("UPDATE program_directory SET url = x'00ff' WHERE program_id = 'p1'")
    blobs = Datasette([str(path)], metadata=build_metadata(path.stem),
                      plugins_dir=str(PLUGINS_DIR), settings=DATASETTE_SETTINGS)
    answer, direct = get(blobs, "_col=url&_sort=program_id")
    assert not direct
    assert b"/directory/program_directory/p1.blob?_blob_column=url" in answer[2]
    assert get(blobs, "_col=url&program_id=p2")[1]


def test_direct_download_neutralizes_formulas(datasette):
    (_, _, body), direct = get(datasette, "_col=title&_col=longitude")
    assert direct
    rows = {row["program_id"]: row for row in csv.DictReader(io.StringIO(body.decode("utf-8"),
                                                                          newline=""))}
    assert rows["p0"]["title"] == "'" + FORMULA
    assert rows["p4"]["title"] == "'@SUM(1+1)"
    assert rows["p5"]["title"] == "' -2+3"
    assert rows["p3"]["title"] == "Health\nInformation"
    assert rows["p0"]["longitude"] == "-74.2"


def test_a_repeat_download_comes_from_the_response_cache(datasette):
    first, direct = get(datasette, "track=him&_sort=title")
    assert direct
    again, direct = get(datasette, "track=him&_sort=title")
    assert not direct
    assert again == first


@pytest.mark.crawl
def test_direct_download_over_http_is_datasettes_own(directory):
    def fetch(url):
        with urllib.request.urlopen(url, timeout=10) as response:
            return sorted((name.lower(), value) for name, value in response.getheaders()
                          if name.lower() != "date"), response.read()

    with serve_process(directory) as (base, _):
        for query in ("track=hit&state=TX&_size=max", "_dl=1&_sort=title"):
            assert fetch(f"{base}{PATH}?{query}") == fetch(
                f"{base}{PATH}?{query}&_timelimit=5000")
