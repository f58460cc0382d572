"""The directory's facet counts come from precomputed counts and equal Datasette's own
(plugins/counted_facets.py, program_directory_facet_counts in db/directory.py)."""

from __future__ import annotations

import asyncio
import copy

import pytest
from datasette.app import Datasette

from crawler.commands.serve import DATASETTE_SETTINGS, PLUGINS_DIR
from db.directory import ensure_directory, refresh_directory
from db.facet_counts import COMBINATION_SHIFT, DIRECTORY_FACETS, FACET_COUNTS
from db.metadata import build_metadata
from plugins.counted_facets import FacetQuery, facet_query

STATES = ("NJ", "TX", "CA")
TRACKS = ("hit", "billing_coding", "him", "other")
LEVELS = ("certificate", "associate", "bachelor")
MODES = ("online", "campus", None)


def programs():
    for n in range(60):
        yield {"program_id": f"p{n}", "unitid": 1 + n % 3, "source": "ipeds",
               "title": f"{TRACKS[n % 4].replace('_', ' ')} program {n}",
               "track": TRACKS[n % 4], "credential_level": LEVELS[n % 3],
               "delivery_mode": MODES[n % 3 if n % 7 else 2], "state": STATES[n % 3],
               "institution_name": f"College {1 + n % 3}"}


@pytest.fixture
def servers(database, database_path):
    database["institutions"].insert_all(
        {"unitid": unitid, "name": f"College {unitid}", "state": state}
        for unitid, state in ((1, "NJ"), (2, "TX"), (3, "CA")))
    database["programs"].insert_all(programs())
    refresh_directory(database)
    metadata = build_metadata(database_path.stem)
    ours = Datasette([str(database_path)], metadata=metadata, plugins_dir=str(PLUGINS_DIR),
                     settings=DATASETTE_SETTINGS)
    # Datasette's own column facets on the same file, for the expected counts.
    plain_metadata = copy.deepcopy(metadata)
    plain_metadata["databases"][database_path.stem]["tables"]["program_directory"]["facets"] = \
        list(DIRECTORY_FACETS)
    plain = Datasette([str(database_path)], metadata=plain_metadata,
                      settings=DATASETTE_SETTINGS)
    return ours, plain, f"/{database_path.stem}/program_directory.json"


def facets(datasette, path):
    data = asyncio.run(datasette.client.get(path)).json()
    assert not data.get("facets_timed_out")
    return {name: (facet["type"], facet["hideable"], facet["truncated"],
                   [(row["value"], row["count"], row["selected"], row["toggle_url"])
                    for row in facet["results"]])
            for name, facet in data["facet_results"].items()}


@pytest.mark.parametrize("query", [
    "", "scope=our+tracks+and+levels&_sort=institution_name", "track=hit&state=TX",
    "track__exact=him&credential_level=bachelor&_col=title", "delivery_mode=online",
    # a full-text search, with facet filters or without: the narrow rows
    "_search=coding", "_search=hit+program&track=hit", "_search=College+2&state=TX&_sort=title",
    "_search=coding&_searchmode=escaped", '_search="billing',
    # not facet filters alone: counted over the page's own rows
    "title__contains=program&state=NJ", "state=NJ&state=TX", "credits__gt=10",
    "_search=coding&_searchmode=raw", "_search_title=coding",
])
def test_counts_equal_datasettes_own(servers, query):
    ours, plain, path = servers
    expected = facets(plain, f"{path}?{query}")
    assert set(expected) == set(DIRECTORY_FACETS)
    assert facets(ours, f"{path}?{query}") == expected


def test_counts_follow_the_next_promotion(servers, database):
    ours, _, path = servers
    before = dict((value, count) for value, count, *_ in facets(ours, path)["state"][-1])
    database["programs"].insert({"program_id": "new", "unitid": 2, "source": "ipeds",
                                 "title": "Medical Coding", "track": "billing_coding",
                                 "credential_level": "certificate", "state": "TX",
                                 "institution_name": "College 2"})
    refresh_directory(database)
    after = dict((value, count) for value, count, *_ in facets(ours, path)["state"][-1])
    assert after == before | {"TX": before["TX"] + 1}
    assert database[FACET_COUNTS].count > 0
    assert_rowids_carry_their_combination(database)


def assert_rowids_carry_their_combination(database):
    facets = ", ".join(DIRECTORY_FACETS)
    combinations = {row[0]: row[1:] for row in database.execute(
        f"SELECT combination, {facets}, programs FROM {FACET_COUNTS}").fetchall()}
    rows = database.execute(f"SELECT rowid, {facets} FROM program_directory").fetchall()
    assert sum(combination[-1] for combination in combinations.values()) == len(rows)
    for rowid, *values in rows:
        assert combinations[rowid >> COMBINATION_SHIFT][:-1] == tuple(values)


def test_a_file_from_before_the_rowids_carried_combinations_is_filled_again(database):
    database["institutions"].insert_all(
        {"unitid": unitid, "name": f"College {unitid}"} for unitid in (1, 2, 3))
    database["programs"].insert_all(programs())
    refresh_directory(database)
    # As an earlier version left it: counts without combination numbers, plain rowids.
    database[FACET_COUNTS].drop()
    database.execute(f"CREATE TABLE {FACET_COUNTS} ({', '.join(DIRECTORY_FACETS)}, programs)")
    database.execute("UPDATE program_directory SET rowid = -rowid")
    ensure_directory(database)
    assert_rowids_carry_their_combination(database)


def test_which_queries_the_counts_can_answer():
    assert facet_query("track=hit&state=TX&_sort=title&_col=title&_size=20") == FacetQuery(
        {"track": "hit", "state": "TX"}, None)
    assert facet_query("scope__exact=x&_facet=state") == FacetQuery({"scope": "x"}, None)
    assert facet_query("_search=medical+coding&state=NJ") == FacetQuery(
        {"state": "NJ"}, "medical coding")
    assert facet_query("title=Medical+Coding") is None  # not a facet column
    assert facet_query("state__contains=T") is None  # not an exact match
    assert facet_query("state=NJ&state=TX") is None  # Datasette ANDs them: no row
    assert facet_query("_search=coding&_searchmode=raw") is None  # FTS syntax, not words
    assert facet_query("_search_title=coding") is None  # one column's index
