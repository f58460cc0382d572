"""The health monitors on their own: stats in, problems out."""

from __future__ import annotations

import pytest

from crawler.health import HealthLimits, RunFacts, check

LIMITS = HealthLimits(max_item_drop=0.5, max_error_rate=0.05, max_missing_share=0.05)
HEALTHY_STATS = {"item_scraped_count": 100, "response_received_count": 40}


def problems(stats=None, reason="finished", baseline=100):
    return check(RunFacts(reason, HEALTHY_STATS | (stats or {}), baseline), LIMITS)


def test_a_healthy_run_has_no_problems():
    assert problems() == []
    assert problems({"item_scraped_count": 50}) == []  # exactly the allowed drop
    assert problems({"log_count/ERROR": 2}) == []  # 2 errors in 40 pages
    assert problems({"validate/missing/title": 5}) == []  # 5 of 105 items


def test_first_run_has_no_baseline():
    assert problems({"item_scraped_count": 1}, baseline=None) == []


@pytest.mark.parametrize("stats, reason, expected", [
    ({}, "shutdown", "finish reason 'shutdown', not 'finished'"),
    ({"item_scraped_count": 49}, "finished",
     "49 items, down from 100 in the last healthy run (more than 50% fewer)"),
    ({"log_count/ERROR": 3}, "finished", "3 errors for 40 pages (rate 0.07, limit 0.05)"),
    ({"validate/missing/title": 4, "validate/missing/track": 3}, "finished",
     "items dropped for missing required fields: title (4), track (3)"),
])
def test_each_monitor_names_its_problem(stats, reason, expected):
    assert problems(stats, reason) == [expected]


def test_errors_with_no_pages_are_a_problem():
    assert problems({"response_received_count": 0, "log_count/ERROR": 1}) == [
        "1 errors for 0 pages (rate 1.00, limit 0.05)"]


def test_one_odd_row_among_many_is_weighed_not_fatal():
    assert problems({"rows/read": 200_000, "rows/errors": 1}) == []
    assert problems({"rows/read": 1_000, "rows/errors": 10}) == []  # exactly the limit


def test_a_broken_file_of_bad_rows_is_a_problem():
    assert problems({"rows/read": 1_000, "rows/errors": 600}) == [
        "600 bad rows of 1000 read (rate 0.600, limit 0.010)"]


def test_an_older_data_year_than_the_promoted_one_is_a_problem():
    def with_years(year, promoted):
        facts = RunFacts("finished", HEALTHY_STATS | {"run/data_year": year}, 100, promoted)
        return check(facts, LIMITS)
    assert with_years(2023, 2024) == [
        "data year 2023 is older than 2024, already promoted: newer data is kept"]
    assert with_years(2024, 2024) == []
    assert with_years(2025, 2024) == []
    assert with_years(2021, None) == []  # nothing promoted yet
