"""A spider that cannot start (a bad argument, a broken seeds file) ends the crawl at once:
one line saying why, exit status 2, nothing recorded, and the lock free for the next crawl."""

from __future__ import annotations

import pytest

# Each case starts the real CLI in a subprocess (and the sample web on loopback).
pytestmark = pytest.mark.crawl

SEEDS_MISSING_COLUMN = "institution,unitid\nKettle River Community College,\n"
SEEDS_BAD_UNITID = ("institution,unitid,start_url,platform\n"
                    "Kettle River Community College,12x,https://www.kettleriver.edu/,\n")


def bad_start(tmp_path, case):
    if case == "award_levels":
        return ["ipeds", "-a", "award_levels=bogus"], "unknown award level(s) bogus"
    seeds = tmp_path / "seeds.csv"
    if case == "missing_column":
        seeds.write_text(SEEDS_MISSING_COLUMN)
        return ["catalog", "-a", f"seeds={seeds}"], "missing column(s) start_url"
    seeds.write_text(SEEDS_BAD_UNITID)
    return ["catalog", "-a", f"seeds={seeds}"], "unitid must be a number, got '12x'"


@pytest.mark.parametrize("case", ["award_levels", "missing_column", "bad_unitid"])
def test_a_spider_that_cannot_start_exits_2_with_one_line(case, faulty_web, cli, tmp_path):
    database = tmp_path / "directory.db"
    arguments, message = bad_start(tmp_path, case)
    result = cli("crawl", *arguments, "--db", database, *faulty_web.crawl_options, timeout=60)
    assert result.returncode == 2, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    said = [line for line in result.stderr.splitlines() if message in line]
    assert len(said) == 1 and "could not start" in said[0], result.stderr[-2000:]
    assert faulty_web.log == []  # not one request

    # The lock was released: the next crawl runs (and is recorded) instead of exiting 75.
    after = cli("crawl", "ipeds", "--db", database, *faulty_web.crawl_options, timeout=120)
    assert after.returncode == 0, after.stderr[-2000:]
