"""Seeds: the seeds file, the database's institutions, and both together."""

from __future__ import annotations

import csv

import pytest

from crawler.sample_web import SAMPLE_MODE_SETTINGS
from crawler.sources.catalog.seeds import (Seed, SeedError, merge_seeds, read_seeds_database,
                                   read_seeds_file)
from crawler.settings import CATALOG_SEEDS
from spiders.catalog import PLATFORM_HINTS

HEADER = "institution,unitid,start_url,platform\n"


def write(tmp_path, text):
    path = tmp_path / "seeds.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_sample_web_crawl_starts_from_the_six_sample_colleges():
    seeds = read_seeds_file(SAMPLE_MODE_SETTINGS["CATALOG_SEEDS"])
    assert len({seed.site for seed in seeds}) == 6
    assert all(seed.start_url.startswith("https://") for seed in seeds)


def test_the_real_seeds_file_lists_forty_real_colleges_with_evidence():
    seeds = read_seeds_file(CATALOG_SEEDS)
    # Colleges, not sites: eleven Georgia colleges share smartcatalogiq.com.
    assert len({seed.institution for seed in seeds}) >= 40
    assert not {seed.site for seed in seeds} & {
        seed.site for seed in read_seeds_file(SAMPLE_MODE_SETTINGS["CATALOG_SEEDS"])}
    assert {seed.platform for seed in seeds if seed.platform} <= set(PLATFORM_HINTS)
    with open(CATALOG_SEEDS, newline="", encoding="utf-8") as handle:
        assert all(row["program_evidence"] and row["url_evidence"]
                   for row in csv.DictReader(handle))


def test_a_row_is_a_seed(tmp_path):
    path = write(tmp_path, HEADER + "Lake College,123456,https://catalog.lake.edu/,Acalog\n"
                                    "River College,,www.river.edu/,\n")
    assert read_seeds_file(path) == [
        Seed("Lake College", "https://catalog.lake.edu/", 123456, "acalog"),
        Seed("River College", "https://www.river.edu/", None, None)]


@pytest.mark.parametrize("rows, message", [
    ("Lake College,,,\n", "seeds.csv:2: institution and start_url are required"),
    ("Lake College,12x,https://lake.edu/,\n", "unitid must be a number"),
])
def test_a_bad_row_is_a_clear_error(tmp_path, rows, message):
    with pytest.raises(SeedError, match=message):
        read_seeds_file(write(tmp_path, HEADER + rows))


def test_a_file_without_the_columns_is_a_clear_error(tmp_path):
    with pytest.raises(SeedError, match="missing column"):
        read_seeds_file(write(tmp_path, "name,url\nLake,https://lake.edu/\n"))


def test_database_institutions_with_a_website_and_our_programs_are_seeds(database,
                                                                          database_path):
    database["institutions"].insert_all([
        {"unitid": 1, "name": "Lake College", "website": "www.lake.edu/"},
        {"unitid": 2, "name": "No Website College", "website": None},
        {"unitid": 3, "name": "Beauty Academy", "website": "www.beauty.edu/"}])
    database["programs"].insert_all([
        {"program_id": f"p{unitid}", "unitid": unitid, "source": "ipeds", "title": "Coding",
         "track": "billing_coding"} for unitid in (1, 2)])
    # Only a home page: the spider is to discover the catalog.
    assert read_seeds_database(database_path) == [
        Seed("Lake College", "https://www.lake.edu/", 1, discover=True)]


def test_a_missing_database_says_what_to_do(tmp_path):
    with pytest.raises(SeedError, match="crawl ipeds first"):
        read_seeds_database(tmp_path / "none.db")


def test_file_rows_win_and_gain_the_database_unitid():
    from_file = [Seed("Lake College", "https://catalog.lake.edu/", None, "acalog")]
    from_database = [Seed("LAKE COLLEGE", "https://www.lake.edu/", 7, discover=True),
                     Seed("River College", "https://www.river.edu/", 8, discover=True)]
    # The file's row names the catalog: nothing to discover there.
    assert merge_seeds(from_file, from_database) == [
        Seed("Lake College", "https://catalog.lake.edu/", 7, "acalog"),
        Seed("River College", "https://www.river.edu/", 8, discover=True)]


def test_campuses_sharing_a_website_are_one_seed_without_unitid():
    from_database = [Seed("Brightline College-Redding", "https://www.brightline.edu/redding/", 1,
                          discover=True),
                     Seed("Brightline College-Lima", "https://www.brightline.edu/campuses/lima", 2,
                          discover=True)]
    assert merge_seeds([], from_database) == [
        Seed("Brightline College", "https://www.brightline.edu/", None, discover=True)]
