"""One row per real program: matching listings (db/merge.py) and the directory built on it
(db/directory.py, columns in db/views.py)."""

from __future__ import annotations

import pytest

from crawler.commands.export import EXPORT_COLUMNS
from db.directory import refresh_directory
from db.merge import AMBIGUOUS, ANCHOR, MERGED, UNMATCHED, Listing, merge_listings, title_key


def ipeds(program_id, title, track="hit", level="associate", unitid=1):
    return Listing(program_id, "ipeds", unitid, track, level, title)


def page(program_id, title, track="hit", level="associate", unitid=1, fetched_at=None):
    return Listing(program_id, "catalog", unitid, track, level, title, fetched_at)


def statuses(listings):
    records, members = merge_listings(listings)
    return ({r.program_id: r for r in records},
            {m.program_id: (m.status, m.directory_id) for m in members})


def test_title_key_drops_credential_words_and_punctuation():
    assert title_key("Health Information Technology, A.A.S. Degree") == \
        "health information technology"
    assert title_key("Medical Insurance Coding Specialist/Coder") == \
        "medical insurance coding specialist coder"
    # "Certificate of Completion" names the credential, not the program
    assert title_key("Medical Billing and Coding, Certificate of Completion") == \
        title_key("Medical Billing and Coding") == "medical billing coding"


def test_the_only_ipeds_listing_of_the_same_level_and_track_merges_whatever_its_title():
    records, members = statuses([
        ipeds("i1", "Health Information/Medical Records Technology/Technician"),
        page("c1", "Health Information Technology AAS")])
    assert list(records) == ["i1"]
    assert (records["i1"].ipeds_program_id, records["i1"].catalog_program_id) == ("i1", "c1")
    assert records["i1"].sources == "ipeds,catalog"
    assert members == {"i1": (ANCHOR, "i1"), "c1": (MERGED, "i1")}


def test_competing_listings_are_told_apart_by_title():
    records, members = statuses([
        ipeds("code", "Medical Insurance Coding Specialist/Coder", "billing_coding", "certificate"),
        ipeds("bill", "Medical Insurance Specialist/Medical Biller", "billing_coding",
              "certificate"),
        page("c1", "Medical Coding Certificate", "billing_coding", "certificate")])
    assert members["c1"] == (MERGED, "code")
    assert records["bill"].catalog_program_id is None
    assert "score" in records["code"].match_evidence


def test_an_unclear_title_is_kept_apart_and_counted_never_guessed():
    records, members = statuses([
        ipeds("code", "Medical Insurance Coding Specialist/Coder", "billing_coding", "certificate"),
        ipeds("bill", "Medical Insurance Specialist/Medical Biller", "billing_coding",
              "certificate"),
        page("c1", "Medical Insurance Certificate", "billing_coding", "certificate")])
    assert members["c1"] == (AMBIGUOUS, "c1")
    assert records["c1"].sources == "catalog" and records["c1"].ipeds_program_id is None
    assert records["code"].catalog_program_id is None and records["bill"].catalog_program_id is None


def test_no_listing_of_that_level_or_another_institution_means_a_row_of_its_own():
    records, members = statuses([
        ipeds("i1", "Health Information/Medical Records Technology/Technician"),
        page("c1", "Health Information Technology", level="certificate"),
        page("c2", "Health Information Technology", unitid=2),
        page("c3", "Health Information Technology", unitid=None)])
    assert {members[c][0] for c in ("c1", "c2", "c3")} == {UNMATCHED}
    assert set(records) == {"i1", "c1", "c2", "c3"}


def test_a_look_alike_needs_a_title_match_even_alone():
    _, members = statuses([ipeds("i1", "Medical Office Management/Administration", "other",
                                 "certificate"),
                           page("c1", "Medical Assisting", "other", "certificate")])
    assert members["c1"][0] == AMBIGUOUS


def test_two_pages_of_one_program_merge_and_the_newest_gives_the_values():
    records, members = statuses([
        ipeds("i1", "Health Information/Medical Records Technology/Technician"),
        page("c1", "Health Information Technology", fetched_at="2026-01-01"),
        page("c2", "Health Information Technology (AAS)", fetched_at="2026-02-01")])
    assert members["c1"] == members["c2"] == (MERGED, "i1")
    assert records["i1"].catalog_pages == 2 and records["i1"].catalog_program_id == "c2"


def test_two_different_pages_claiming_one_listing_keep_the_better_title_only():
    records, members = statuses([
        ipeds("i1", "Medical Insurance Coding Specialist/Coder", "billing_coding", "certificate"),
        page("c1", "Medical Coding Specialist", "billing_coding", "certificate"),
        page("c2", "Medical Office Billing", "billing_coding", "certificate")])
    assert members["c1"] == (MERGED, "i1")
    assert members["c2"] == (AMBIGUOUS, "c2")
    assert set(records) == {"i1", "c2"}


# The directory table built from the merge.

IPEDS_ROW = {"program_id": "i1", "source": "ipeds", "unitid": 1, "institution_name": "Bayshore",
             "state": "NJ", "title": "Health Information/Medical Records Technology/Technician",
             "cip_code": "51.0707", "credential_text": "Associate's degree",
             "credential_level": "associate", "track": "hit", "delivery_mode": "campus",
             "delivery_evidence": "IPEDS: not offered by distance education", "data_year": 2023,
             "completions": 12, "url": "https://bayshore.edu/", "first_seen": "2026-01-01"}
CATALOG_ROW = {"program_id": "c1", "source": "catalog", "unitid": 1, "institution_name": "Bayshore",
               "state": "NJ", "title": "Health Information Technology",
               "credential_text": "Associate in Applied Science", "credential_level": "associate",
               "track": "hit", "delivery_mode": "online",
               "delivery_evidence": "page: '100% online'", "credits": 62.0, "cost": 9800.0,
               "url": "https://catalog.bayshore.edu/hit", "fetched_at": "2026-11-30T10:00:00",
               "first_seen": "2026-02-01"}


@pytest.fixture
def merged(database):
    database["institutions"].insert({"unitid": 1, "name": "Bayshore", "state": "NJ"})
    database["programs"].insert_all([IPEDS_ROW, CATALOG_ROW, IPEDS_ROW | {
        "program_id": "i2", "title": "Health Information/Medical Records Administration",
        "track": "him", "credential_level": "bachelor", "cip_code": "51.0706"}])
    counts = refresh_directory(database)
    return database, counts


def directory_row(database, program_id):
    return next(database["program_directory"].rows_where("program_id = ?", [program_id]))


def test_a_program_found_by_ipeds_and_its_catalog_is_one_row_naming_both(merged):
    database, counts = merged
    assert counts == {ANCHOR: 2, MERGED: 1}
    assert [r["program_id"] for r in database["program_directory"].rows] == ["i1", "i2"]
    row = directory_row(database, "i1")
    assert row["sources"] == "ipeds,catalog"
    assert (row["title"], row["title_source"]) == ("Health Information Technology", "catalog")
    assert row["ipeds_title"] == IPEDS_ROW["title"]
    assert (row["credits"], row["credits_source"], row["cost"]) == (62.0, "catalog", 9800.0)
    assert (row["completions"], row["cip_code"]) == (12, "51.0707")
    assert row["url"] == CATALOG_ROW["url"] and row["ipeds_url"] == IPEDS_ROW["url"]
    assert row["first_seen"] == "2026-01-01"


def test_delivery_conflict_shows_both_and_says_which_is_newer(merged):
    row = directory_row(merged[0], "i1")
    assert (row["delivery_mode"], row["delivery_source"]) == ("online", "catalog")
    assert (row["ipeds_delivery_mode"], row["catalog_delivery_mode"]) == ("campus", "online")
    assert row["delivery_conflict"] == ("catalog page (fetched 2026-11-30): online; IPEDS 2023: "
                                        "campus; the catalog page is newer")
    assert row["delivery_evidence"] == CATALOG_ROW["delivery_evidence"]


def test_a_page_that_says_nothing_about_delivery_leaves_ipeds_in_charge(database):
    database["institutions"].insert({"unitid": 1, "name": "Bayshore", "state": "NJ"})
    database["programs"].insert_all([IPEDS_ROW, CATALOG_ROW | {"delivery_mode": "unknown"}])
    refresh_directory(database)
    row = directory_row(database, "i1")
    assert (row["delivery_mode"], row["delivery_source"]) == ("campus", "ipeds")
    assert row["delivery_conflict"] is None


def test_scope_puts_look_alikes_and_other_levels_apart(merged):
    database, _ = merged
    scopes = {r["program_id"]: r["scope"] for r in database["program_directory"].rows}
    assert scopes == {"i1": "our tracks and levels", "i2": "look-alikes and other levels"}


def test_the_directory_is_searchable_by_every_name_of_the_program(merged):
    database, _ = merged
    for words in ("technology", "medical records technician"):
        found = database.execute(
            "SELECT d.program_id FROM program_directory d JOIN program_directory_fts s "
            "ON s.rowid = d.rowid WHERE program_directory_fts MATCH ?", [words]).fetchall()
        assert [row[0] for row in found] == ["i1"], words


def test_history_follows_the_merged_row(merged):
    database, _ = merged
    database["crawl_runs"].insert({"run_id": 1, "spider": "catalog", "status": "succeeded"})
    database["changes"].insert_all([
        {"run_id": 1, "program_id": "c1", "change": "changed", "field": "cost",
         "old_value": "9500.0", "new_value": "9800.0"},
        {"run_id": 1, "program_id": "i1", "change": "added"}])
    history = database.execute("SELECT directory_program_id, program_id, source "
                               "FROM program_changes ORDER BY change_id").fetchall()
    assert history == [("i1", "c1", "catalog"), ("i1", "i1", "ipeds")]


def test_the_export_has_the_same_one_row_per_program_shape(merged):
    database, _ = merged
    from db.queries import directory_rows
    rows = list(directory_rows(database, EXPORT_COLUMNS))
    assert [row[0] for row in rows] == ["i1", "i2"]
    for name in ("sources", "ipeds_title", "catalog_title", "catalog_url", "delivery_conflict"):
        assert name in EXPORT_COLUMNS


def test_a_removed_catalog_page_leaves_the_ipeds_row_alone(merged):
    database, _ = merged
    database["programs"].update("c1", {"removed_at": "2026-12-01"})
    refresh_directory(database)
    row = directory_row(database, "i1")
    assert (row["sources"], row["title"]) == ("ipeds", IPEDS_ROW["title"])
