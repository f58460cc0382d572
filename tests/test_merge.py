"""One row per real program: matching listings (db/merge.py) and the directory built on it
(db/directory.py, columns in db/views.py)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from crawler.commands.export import EXPORT_COLUMNS
from db.directory import refresh_directory
from db.schema import ensure_schema, schema_gaps
from db.merge import (AMBIGUOUS, ANCHOR, MERGED, SHARED, UNMATCHED, Listing, MergeCounts,
                      count_listings, merge_listings, title_key)


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


# IPEDS reports one row per institution, 6-digit CIP code and award level, not per program
# (tests/fixtures/real/README.md: DEP flags speak of "all programs in a CIP code"): two programs
# of a college under one CIP code and level are one IPEDS listing.

def test_two_catalog_programs_under_one_ipeds_listing_are_two_rows_naming_it():
    records, members = statuses([
        ipeds("i1", "Medical Insurance Coding Specialist/Coder", "billing_coding", "certificate"),
        page("c1", "Medical Coding Certificate of Proficiency", "billing_coding", "certificate"),
        page("c2", "Medical Billing and Reimbursement Specialist", "billing_coding",
             "certificate")])
    # each program is its own row, under its page's id; the listing has no row of its own
    assert set(records) == {"c1", "c2"}
    for row_id in ("c1", "c2"):
        record = records[row_id]
        assert (record.ipeds_program_id, record.catalog_program_id) == ("i1", row_id)
        assert record.sources == "ipeds,catalog" and record.ipeds_listing_programs == 2
        assert "stands behind 2 catalog programs" in record.match_evidence
    assert members == {"i1": (SHARED, "c2"), "c1": (MERGED, "c1"), "c2": (MERGED, "c2")}


def test_a_shared_listing_belongs_to_every_row_it_stands_behind():
    _, members = merge_listings([
        ipeds("i1", "Medical Insurance Coding Specialist/Coder", "billing_coding", "certificate"),
        page("c1", "Medical Coding", "billing_coding", "certificate"),
        page("c2", "Medical Billing", "billing_coding", "certificate")])
    assert sorted((m.program_id, m.directory_id, m.status) for m in members) == [
        ("c1", "c1", MERGED), ("c2", "c2", MERGED), ("i1", "c1", SHARED), ("i1", "c2", SHARED)]
    assert count_listings(members) == {SHARED: 1, MERGED: 2}


def test_pages_of_one_program_stay_one_row_beside_another_program_of_the_listing():
    records, members = statuses([
        ipeds("i1", "Medical Insurance Coding Specialist/Coder", "billing_coding", "certificate"),
        page("c9", "Medical Coding Certificate", "billing_coding", "certificate",
             fetched_at="2026-02-01"),
        page("c3", "Medical Coding", "billing_coding", "certificate", fetched_at="2026-01-01"),
        page("c5", "Medical Billing", "billing_coding", "certificate")])
    # the coding program's row is named after its lowest page id; the newest page gives values
    assert set(records) == {"c3", "c5"}
    assert (records["c3"].catalog_pages, records["c3"].catalog_program_id) == (2, "c9")
    assert members["c9"] == members["c3"] == (MERGED, "c3")


def test_ambiguity_between_listings_is_still_kept_apart_beside_a_shared_listing():
    records, members = statuses([
        ipeds("code", "Medical Insurance Coding Specialist/Coder", "billing_coding", "certificate"),
        ipeds("bill", "Medical Insurance Specialist/Medical Biller", "billing_coding",
              "certificate"),
        page("c1", "Medical Coding Certificate", "billing_coding", "certificate"),
        page("c2", "Advanced Medical Coding Specialist", "billing_coding", "certificate"),
        page("c3", "Medical Insurance Certificate", "billing_coding", "certificate")])
    # two coding programs chose the coding listing by title: they share it
    assert members["c1"] == (MERGED, "c1") and members["c2"] == (MERGED, "c2")
    assert records["c1"].ipeds_program_id == records["c2"].ipeds_program_id == "code"
    # a title that fits both listings is never guessed: a row of its own, counted
    assert members["c3"] == (AMBIGUOUS, "c3")
    assert records["c3"].sources == "catalog" and records["c3"].ipeds_program_id is None
    assert records["bill"].catalog_program_id is None and "code" not in records


def test_row_ids_do_not_depend_on_listing_order_or_fetch_times():
    listings = [
        ipeds("i1", "Medical Insurance Coding Specialist/Coder", "billing_coding", "certificate"),
        page("c2", "Medical Coding", "billing_coding", "certificate", fetched_at="2026-01-01"),
        page("c1", "Medical Coding, Certificate", "billing_coding", "certificate",
             fetched_at="2026-01-02"),
        page("c3", "Medical Billing", "billing_coding", "certificate", fetched_at="2026-01-03")]
    first, _ = statuses(listings)
    # a recrawl fetches the pages in another order: the coding program's newest page changes
    fetched = {"c1": "2026-12-01", "c2": "2026-12-09", "c3": "2026-12-05"}
    second, _ = statuses([replace(listing, fetched_at=fetched.get(listing.program_id))
                          for listing in reversed(listings)])
    assert set(first) == set(second) == {"c1", "c3"}
    assert (first["c1"].catalog_program_id, second["c1"].catalog_program_id) == ("c1", "c2")


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
    assert counts == MergeCounts(programs=2, listings={ANCHOR: 2, MERGED: 1})
    assert sorted(r["program_id"] for r in database["program_directory"].rows) == ["i1", "i2"]
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


# One IPEDS listing behind two catalog programs, in the directory table.

CODING_LISTING = IPEDS_ROW | {
    "program_id": "i3", "title": "Medical Insurance Coding Specialist/Coder",
    "cip_code": "51.0713", "track": "billing_coding", "credential_level": "certificate",
    "credential_text": "Certificate of less than 1 year", "delivery_mode": "online",
    "delivery_evidence": "IPEDS DEP: all programs in a CIP code can be completed entirely via "
                         "distance education", "completions": 9}
CODING_PAGE = CATALOG_ROW | {
    "program_id": "c3", "title": "Medical Coding Certificate of Proficiency",
    "track": "billing_coding", "credential_level": "certificate", "credits": 30.0,
    "url": "https://catalog.bayshore.edu/coding"}
BILLING_PAGE = CODING_PAGE | {
    "program_id": "c4", "title": "Medical Billing and Reimbursement Specialist, Certificate",
    "credits": 24.0, "cost": None, "url": "https://catalog.bayshore.edu/billing"}


@pytest.fixture
def shared(merged):
    database, _ = merged
    database["programs"].insert_all([CODING_LISTING, CODING_PAGE, BILLING_PAGE])
    counts = refresh_directory(database)
    return database, counts


def test_each_program_behind_one_ipeds_listing_is_a_row_with_the_listings_values(shared):
    database, counts = shared
    assert counts == MergeCounts(programs=4, listings={ANCHOR: 2, MERGED: 3, SHARED: 1})
    rows = {r["program_id"]: r for r in database["program_directory"].rows_where(
        "ipeds_program_id = 'i3' OR program_id = 'i3'")}
    assert set(rows) == {"c3", "c4"}  # the listing is no row of its own
    for row_id, page_row in (("c3", CODING_PAGE), ("c4", BILLING_PAGE)):
        row = rows[row_id]
        assert (row["title"], row["credits"]) == (page_row["title"], page_row["credits"])
        assert row["sources"] == "ipeds,catalog" and row["source"] == "ipeds"
        # IPEDS's figures are the listing's, for both programs together, and say so
        assert (row["cip_code"], row["completions"], row["ipeds_delivery_mode"]) == (
            "51.0713", 9, "online")
        assert row["ipeds_listing_programs"] == 2
        assert "stands behind 2 catalog programs" in row["match_evidence"]
        assert (row["institution_name"], row["track"], row["scope"]) == (
            "Bayshore", "billing_coding", "our tracks and levels")
    assert directory_row(database, "i1")["ipeds_listing_programs"] == 1


def test_history_of_a_shared_listing_follows_each_of_its_programs(shared):
    database, _ = shared
    database["crawl_runs"].insert({"run_id": 1, "spider": "ipeds", "status": "succeeded"})
    database["changes"].insert_all([
        {"run_id": 1, "program_id": "i3", "change": "changed", "field": "completions",
         "old_value": "7", "new_value": "9"},
        {"run_id": 1, "program_id": "c4", "change": "changed", "field": "credits",
         "old_value": "21.0", "new_value": "24.0"}])

    def history(row_id):
        return database.execute("SELECT program_id, field FROM program_changes WHERE "
                                "directory_program_id = ? ORDER BY change_id",
                                [row_id]).fetchall()
    assert history("c3") == [("i3", "completions")]
    assert history("c4") == [("i3", "completions"), ("c4", "credits")]
    # the program page lists the shared listing among each program's sources
    listed = database.execute("SELECT directory_id, status FROM program_merge_members "
                              "WHERE program_id = 'i3' ORDER BY directory_id").fetchall()
    assert listed == [("c3", SHARED), ("c4", SHARED)]


def test_row_ids_and_rows_are_the_same_after_a_second_refresh(shared):
    database, _ = shared

    def snapshot():
        return sorted((r["program_id"], r["ipeds_program_id"], r["catalog_program_id"],
                       r["sources"]) for r in database["program_directory"].rows)
    before = snapshot()
    # a recrawl: every page fetched again, in another order
    for program_id, fetched_at in (("c4", "2026-12-02T01:00:00"), ("c3", "2026-12-02T02:00:00"),
                                   ("c1", "2026-12-02T03:00:00")):
        database["programs"].update(program_id, {"fetched_at": fetched_at})
    refresh_directory(database)
    assert snapshot() == before
    assert [row[0] for row in before] == ["c3", "c4", "i1", "i2"]


def test_merge_tables_of_an_older_shape_are_replaced_and_filled(shared):
    database, _ = shared
    # the shape before shared listings: one member row per listing, no ipeds_listing_programs
    database["program_merge_members"].drop()
    database["program_merge_members"].create(
        {"program_id": str, "directory_id": str, "status": str, "evidence": str},
        pk="program_id")
    database["program_merges"].transform(drop={"ipeds_listing_programs"})
    assert schema_gaps(database.conn) == ["table program_merges is out of date",
                                          "table program_merge_members is out of date"]
    ensure_schema(database)
    assert schema_gaps(database.conn) == []
    assert database["program_merge_members"].count == 7  # 6 listings, i3 for c3 and for c4
    assert directory_row(database, "c4")["ipeds_program_id"] == "i3"


def test_pages_fetched_by_one_crawl_do_not_take_turns_giving_the_values():
    pages = [page("c1", "Health Information Technology"),
             page("c2", "Health Information Technology, AAS")]
    shown = set()
    for seconds in (("01", "02"), ("02", "01")):  # fetch order differs from crawl to crawl
        records, _ = statuses([ipeds("i1", "Health Information/Medical Records Technology"),
                               *(replace(p, fetched_at=f"2026-12-02T06:55:{s}")
                                 for p, s in zip(pages, seconds))])
        shown.add(records["i1"].catalog_program_id)
    assert shown == {"c1"}
