"""Two real crawls of the sample web and what the history says about them."""

from __future__ import annotations

import pytest

from tests.history.conftest import (FIRST_OFFERS, INSTITUTIONS, expected_programs,
                                    listed_programs, query)
from tests.history.ipeds_site import Offer

# Every test here crawls a small IPEDS site in a subprocess.
pytestmark = pytest.mark.crawl

KEPT, CHANGED, REMOVED = FIRST_OFFERS[2], FIRST_OFFERS[0], FIRST_OFFERS[1]
NOW_ONLINE = Offer(CHANGED.unitid, CHANGED.cip_code, CHANGED.level, online=True)
ADDED = Offer(2, "51.0714", "cert2", online=True)
SECOND_OFFERS = [KEPT, NOW_ONLINE, ADDED]


def runs(database_path):
    return query(database_path, "select run_id, status, finish_reason, complete, "
                                "programs_added, programs_changed, programs_removed "
                                "from crawl_runs order by run_id")


def changes(database_path, run_id):
    return query(database_path, "select change, program_id, field, old_value, new_value "
                                "from changes where run_id = ? order by change_id", [run_id])


@pytest.fixture
def first_run(site, crawl, database_path):
    result = crawl()
    assert result.returncode == 0, result.stderr
    assert listed_programs(database_path) == expected_programs(FIRST_OFFERS)
    return result


def test_second_run_records_exactly_what_was_added_changed_and_removed(
        first_run, site, crawl, database_path):
    site.publish(INSTITUTIONS, SECOND_OFFERS)
    result = crawl()
    assert result.returncode == 0, result.stderr
    assert "1 added, 1 changed, 1 removed" in result.stdout
    assert runs(database_path) == [(1, "succeeded", "finished", 1, 3, 0, 0),
                                   (2, "succeeded", "finished", 1, 1, 1, 1)]
    assert sorted(changes(database_path, 1)) == sorted(
        ("added", o.program_id, None, None, None) for o in FIRST_OFFERS)
    assert sorted(changes(database_path, 2)) == sorted([
        ("added", ADDED.program_id, None, None, None),
        ("changed", CHANGED.program_id, "delivery_mode", "campus", "online"),
        ("removed", REMOVED.program_id, None, None, None)])
    assert listed_programs(database_path) == expected_programs(SECOND_OFFERS)
    first_done, second_done = (row[0] for row in query(
        database_path, "select finished_at from crawl_runs order by run_id"))
    seen = {pid: rest for pid, *rest in query(
        database_path, "select program_id, first_seen, last_seen, removed_at from programs")}
    assert seen[REMOVED.program_id] == [first_done, first_done, second_done]
    assert seen[CHANGED.program_id] == [first_done, second_done, None]
    assert seen[ADDED.program_id] == [second_done, second_done, None]
    assert query(database_path, "select count(*) from staged_programs") == [(0,)]


def test_a_removed_program_listed_again_is_added_again(first_run, site, crawl, database_path):
    site.publish(INSTITUTIONS, [CHANGED, KEPT])
    assert crawl().returncode == 0
    site.publish(INSTITUTIONS, FIRST_OFFERS)
    assert crawl().returncode == 0
    assert changes(database_path, 3) == [("added", REMOVED.program_id, None, None, None)]
    assert listed_programs(database_path) == expected_programs(FIRST_OFFERS)


@pytest.mark.parametrize("breakage", ["http 500", "corrupt zip"])
def test_a_run_that_fails_halfway_removes_nothing(first_run, site, crawl, database_path,
                                                  breakage):
    site.publish(INSTITUTIONS, SECOND_OFFERS)
    if breakage == "http 500":
        site.behave([{"path": site.url_path("C2023DEP"), "status": 500}])
    else:
        site.corrupt("C2023DEP")
    result = crawl()
    assert result.returncode == 1
    assert "ipeds: failed" in result.stdout
    assert runs(database_path)[1] == (2, "failed", "ipeds_file_error", 1, None, None, None)
    assert changes(database_path, 2) == []
    assert listed_programs(database_path) == expected_programs(FIRST_OFFERS)


def test_a_collapsed_item_count_is_unhealthy_and_not_promoted(first_run, site, crawl,
                                                               database_path):
    site.publish(INSTITUTIONS, [KEPT])  # 2 items instead of 5: a 60% drop
    result = crawl()
    assert result.returncode == 1
    assert "ipeds: unhealthy" in result.stdout
    assert "2 items, down from 5" in result.stdout
    (status, problems), = query(database_path,
                                "select status, problems from crawl_runs where run_id = 2")
    assert status == "unhealthy" and "more than 50% fewer" in problems
    assert changes(database_path, 2) == []
    assert listed_programs(database_path) == expected_programs(FIRST_OFFERS)
    # Kept for inspection until the next crawl starts.
    assert query(database_path, "select run_id, program_id from staged_programs") == [
        (2, KEPT.program_id)]

    # The source really shrank: a looser limit for one run lets it through.
    assert crawl("-s", "HEALTH_MAX_ITEM_DROP=0.9").returncode == 0
    assert listed_programs(database_path) == expected_programs([KEPT])
    assert query(database_path, "select count(*) from staged_programs") == [(0,)]


def test_a_run_narrowed_by_arguments_adds_and_changes_but_never_removes(
        first_run, site, crawl, database_path):
    site.publish(INSTITUTIONS, SECOND_OFFERS)
    result = crawl("-a", "cip_codes=51.0707,51.0714")
    assert result.returncode == 0, result.stderr
    assert runs(database_path)[1] == (2, "succeeded", "finished", 0, 1, 1, 0)
    assert listed_programs(database_path) == expected_programs([REMOVED, KEPT, NOW_ONLINE,
                                                                ADDED])
