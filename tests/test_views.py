"""The views are written once (db/views.py): their SQL, export columns and descriptions agree."""

from __future__ import annotations

import pytest

from crawler.commands.export import EXPORT_COLUMNS
from db import metadata
from db.views import PROGRAM_DIRECTORY, VIEWS, View, ViewColumn, read


@pytest.mark.parametrize("view", VIEWS, ids=lambda view: view.name)
def test_the_database_view_has_the_listed_columns_in_order(database, view):
    assert tuple(database[view.name].columns_dict) == view.names()


# The export's columns as published (award_level renamed credential_text in issue 8): scripts
# address them by position.
PUBLISHED_EXPORT_COLUMNS = (
    "program_id", "title", "institution_name", "city", "state", "track", "credential_level",
    "delivery_mode", "credential_text", "cip_code", "completions", "url", "website", "latitude",
    "longitude", "track_evidence", "delivery_evidence", "source", "first_seen", "last_seen",
    "scorecard_median_earnings", "scorecard_median_debt", "online_only", "credits",
    "program_length", "cost", "accreditor", "accredited_through", "pcap_approved",
    "certifications", "delivery_options",
    # one row per program (issue 13): sources, provenance and each source's own values
    "sources", "ipeds_program_id", "catalog_program_id", "catalog_pages", "match_evidence",
    "title_source", "credential_source", "delivery_source", "credits_source", "cost_source",
    "ipeds_title", "catalog_title", "ipeds_credential_text", "catalog_credential_text",
    "ipeds_delivery_mode", "catalog_delivery_mode", "delivery_conflict", "ipeds_url",
    "catalog_url", "scope", "unitid")


def test_the_export_keeps_its_column_positions():
    assert EXPORT_COLUMNS[:len(PUBLISHED_EXPORT_COLUMNS)] == PUBLISHED_EXPORT_COLUMNS
    assert set(EXPORT_COLUMNS) == set(PROGRAM_DIRECTORY.names())


def test_a_column_read_as_it_is_borrows_its_tables_words():
    descriptions = metadata.build_metadata()["databases"]["directory"]["tables"]
    directory = descriptions["program_directory"]["columns"]
    assert directory["website"] == descriptions["institutions"]["columns"]["website"]
    assert directory["state"] == descriptions["programs"]["columns"]["state"]
    assert directory["online_only"] == descriptions["school_facts"]["columns"]["online_only"]
    assert "four years after completing" in directory["scorecard_median_earnings"]


def test_a_renamed_or_computed_column_must_say_what_it_means():
    with pytest.raises(ValueError, match="needs a description"):
        View("v", (ViewColumn("n", "count(*)"),), "FROM programs p", {"p": "programs"})


def test_a_table_alias_must_be_the_one_in_the_from_clause():
    with pytest.raises(ValueError, match="no 'institutions i'"):
        View("v", read("i", "name"), "FROM institutions inst", {"i": "institutions"})
    with pytest.raises(ValueError, match="unknown table alias inst"):
        View("v", read("inst", "name"), "FROM institutions i", {"i": "institutions"})


def test_a_borrowed_description_must_exist():
    view = View("v", read("p", "title", "nickname"), "FROM programs p", {"p": "programs"})
    assert view.sql == "SELECT p.title,\n       p.nickname\nFROM programs p"
    with pytest.raises(KeyError, match="programs.nickname has no description"):
        view.descriptions({"programs": {"title": "Program title."}})


def test_view_columns_are_not_described_in_the_yaml_as_well(tmp_path, monkeypatch):
    template = tmp_path / "metadata.yml"
    template.write_text(metadata.METADATA_TEMPLATE.read_text().replace(
        "        sort: institution_name\n        # Column descriptions: db/views.py\n",
        "        sort: institution_name\n        columns:\n          title: Another title.\n"))
    monkeypatch.setattr(metadata, "METADATA_TEMPLATE", template)
    with pytest.raises(ValueError, match="columns of view program_directory in db/views.py"):
        metadata.build_metadata()
