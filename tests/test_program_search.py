"""Finding programs by their words at /-/search (plugins/program_search.py, templates/search.html):
the same programs, counts and facet counts as Datasette's own table search, for people."""

from __future__ import annotations

import asyncio
import copy
import re
from html import unescape
from urllib.parse import urlencode

import pytest
from datasette.app import Datasette

from crawler.commands.serve import DATASETTE_SETTINGS, PLUGINS_DIR, TEMPLATES_DIR
from db.directory import refresh_directory
from db.facet_counts import DIRECTORY_FACETS
from db.metadata import build_metadata

STATES = ("NJ", "TX", "CA")
TRACKS = ("hit", "billing_coding", "him", "other")
LEVELS = ("certificate", "associate", "bachelor")
WORDS = ("Health Information Technology", "Medical Coding", "Medical Billing and Coding",
         "Health Information Management", "Medical Office Assistant")


def programs(count: int):
    for n in range(count):
        yield {"program_id": f"p{n:03}.{n % 4}", "unitid": 1 + n % 5, "source": "ipeds",
               "title": f"{WORDS[n % 5]} {n}", "track": TRACKS[n % 4],
               "credential_level": LEVELS[n % 3], "delivery_mode": ("online", "campus")[n % 2],
               "state": STATES[n % 3], "institution_name": f"College {1 + n % 5}"}


@pytest.fixture
def servers(database, database_path):
    database["institutions"].insert_all(
        {"unitid": unitid, "name": f"College {unitid}", "state": STATES[unitid % 3]}
        for unitid in range(1, 6))
    database["programs"].insert_all(programs(130))
    refresh_directory(database)
    metadata = build_metadata(database_path.stem)
    ours = Datasette([str(database_path)], metadata=metadata, plugins_dir=str(PLUGINS_DIR),
                     template_dir=str(TEMPLATES_DIR), settings=DATASETTE_SETTINGS)
    # Datasette's own search and column facets on the same file, for what must come out.
    plain_metadata = copy.deepcopy(metadata)
    plain_metadata["databases"][database_path.stem]["tables"]["program_directory"]["facets"] = \
        list(DIRECTORY_FACETS)
    plain = Datasette([str(database_path)], metadata=plain_metadata,
                      settings=DATASETTE_SETTINGS | {"max_returned_rows": 1000})
    return ours, plain, database_path.stem


def get(datasette, path):
    response = asyncio.run(datasette.client.get(path))
    assert response.status_code == 200, path
    return response


def datasettes_search(plain, database: str, words: str, filters: dict) -> dict:
    query = urlencode({"_search": words, **filters, "_size": "max", "_shape": "objects"})
    return get(plain, f"/{database}/program_directory.json?{query}").json()


def shown_programs(html: str) -> list[str]:
    return [unescape(title) for title in re.findall(r'class="result-title" href="[^"]*">([^<]*)<',
                                                    html)]


def shown_facets(html: str) -> dict[str, dict[str, int]]:
    facets = {}
    for column, body in re.findall(r'data-column="(\w+)">(.*?)</section>', html, re.S):
        values = re.findall(r'<a href="[^"]*">(.*?)</a> ([\d,]+)', body)
        facets[column] = {unescape(re.sub(r"<[^>]+>", "", value)).strip():
                          int(count.replace(",", "")) for value, count in values}
    return facets


@pytest.mark.parametrize("words, filters", [
    ("coding", {}), ("health information", {}), ("medical", {"state": "TX"}),
    ("coding", {"track": "billing_coding", "credential_level": "certificate"}),
    ("College 3", {"scope": "our tracks and levels"}), ('"billing', {}), ("nothing-here", {}),
])
def test_the_page_finds_what_datasettes_search_finds(servers, words, filters):
    ours, plain, database = servers
    expected = datasettes_search(plain, database, words, filters)
    html = get(ours, "/-/search?" + urlencode({"q": words, **filters})).text
    count = expected["filtered_table_rows_count"]
    assert f"<strong>{count:,}</strong> program" in html
    # The first page: the directory's order (institution, then program id).
    rows = sorted(expected["rows"], key=lambda row: (row["institution_name"], row["program_id"]))
    assert shown_programs(html) == [row["title"] for row in rows[:50]]
    facets = shown_facets(html)
    for column in ("scope", "credential_level", "state"):  # shown as stored
        assert facets.get(column, {}) == {
            result["value"]: result["count"]
            for result in expected["facet_results"][column]["results"]}, column


def test_track_and_delivery_read_as_words(servers):
    ours, _, _ = servers
    facets = shown_facets(get(ours, "/-/search?q=coding").text)
    assert set(facets["track"]) <= {"Health information technology",
                                     "Medical billing and coding",
                                     "Health information management", "Look-alike (other)"}
    assert "Medical billing and coding" in facets["track"]  # the subset test is not empty
    assert set(facets["delivery_mode"]) == {"Online", "On campus"}


def test_a_facet_link_adds_its_filter_and_a_chosen_one_removes_it(servers):
    ours, _, _ = servers
    html = get(ours, "/-/search?q=coding").text
    add = unescape(re.search(r'href="(/-/search\?[^"]*state=TX[^"]*)"', html).group(1))
    narrowed = get(ours, add).text
    assert 'name="state" value="TX"' in narrowed  # the box keeps the filter
    places = re.findall(r'class="result-place">(.*?)</span>', narrowed)
    assert places and all(", TX" in place for place in places)
    remove = re.search(r'<a href="([^"]*)" title="Remove this filter"', narrowed).group(1)
    remove = unescape(remove)
    assert "state=" not in remove and "q=coding" in remove


def test_pages_go_on_fifty_at_a_time(servers):
    ours, plain, database = servers
    rows = sorted(datasettes_search(plain, database, "college", {})["rows"],
                  key=lambda row: (row["institution_name"], row["program_id"]))
    first = get(ours, "/-/search?q=college").text
    assert "Next 50" in first and "Previous" not in first
    third = get(ours, "/-/search?q=college&page=3").text
    assert shown_programs(third) == [row["title"] for row in rows[100:150]]
    assert "Previous 50" in third and "Next 50" not in third
    assert 'href="/directory/program_directory/p' in third  # each title opens its program page


@pytest.mark.parametrize("query", ["", "q=", "q=%22+%22", "q=coding&page=abc",
                                   "q=coding&page=-4"])
def test_no_words_or_a_bad_page_is_no_error(servers, query):
    ours, _, _ = servers
    html = get(ours, f"/-/search?{query}").text
    if "q=coding" in query:
        assert "1–50 shown" in html
    else:
        assert "Type a word or two" in html and "search-results" not in html


def test_the_menus_search_starts_on_our_tracks_and_levels_one_click_from_the_rest(servers):
    ours, _, _ = servers
    html = get(ours, "/-/search").text
    assert 'name="scope" value="our tracks and levels"' in html  # the box keeps it
    assert 'href="/-/search?q=" title="Remove this filter"' in html


def test_the_directory_page_sends_its_search_here_keeping_its_facet_filters(servers):
    ours, _, database = servers
    html = get(ours, f"/{database}/program_directory?scope=our+tracks+and+levels&state=TX"
                     f"&_col=title").text
    form = re.search(r'<form class="program-search" action="([^"]+)".*?</form>', html, re.S)
    assert form.group(1) == "/-/search"
    assert 'name="scope" value="our tracks and levels"' in form.group(0)
    assert 'name="state" value="TX"' in form.group(0)
    assert 'name="_col"' not in form.group(0)  # a search page has no table columns


@pytest.mark.parametrize("words, filters, page", [
    ("coding", {}, 1), ("college", {}, 3), ("medical", {"state": "TX", "track": "other"}, 1)])
def test_walking_the_index_and_sorting_the_matches_give_the_same_page(servers, database,
                                                                       words, filters, page):
    # The page walks the index for a common word and sorts the matches of a rare one.
    from datasette.utils import escape_fts

    from plugins.program_search import SORT_MATCHES_UP_TO, SearchRequest, rows_query
    database.conn.create_function("escape_fts", 1, escape_fts)
    search = SearchRequest(words, filters, page)
    pages = []
    for matches in (SORT_MATCHES_UP_TO, SORT_MATCHES_UP_TO + 1):
        sql, params = rows_query(search, matches)
        pages.append(database.execute(sql, params).fetchall())
    assert pages[0] and pages[0] == pages[1]
    assert ("+rowid IN" in rows_query(search, SORT_MATCHES_UP_TO + 1)[0]
            and "+rowid IN" not in rows_query(search, SORT_MATCHES_UP_TO)[0])
