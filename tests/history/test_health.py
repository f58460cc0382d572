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
