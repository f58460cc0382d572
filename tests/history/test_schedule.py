"""The schedule command: its file, its APScheduler jobs, and --once running a real crawl."""

from __future__ import annotations

import pytest

from crawler.cli import main
from crawler.commands.schedule import DEFAULT_CONFIG, build_scheduler, load_schedule
from sampleweb.server import SampleWeb
from tests.history.conftest import TEST_SETTINGS, lock_held_elsewhere, query


def write_schedule(tmp_path, jobs: str):
    path = tmp_path / "schedule.yml"
    path.write_text(f"timezone: UTC\nmisfire_grace_time: 600\njobs:\n{jobs}")
    return path


def test_the_shipped_schedule_lists_its_jobs(capsys):
    assert main(["schedule", "--list", "--db", "x.db"]) == 0
    out = capsys.readouterr().out
    assert "ipeds: cron '0 3 2 * *' (UTC), next " in out
    assert "catalogs: cron '0 4 * * mon' (UTC), next " in out
    assert "-m crawler crawl ipeds --db " in out


def test_jobs_run_one_at_a_time_coalesced_with_a_grace_period(tmp_path):
    schedule = load_schedule(DEFAULT_CONFIG)
    scheduler = build_scheduler(schedule, list(schedule.jobs), str(tmp_path / "d.db"), None)
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs) == {"ipeds", "scorecard", "catalogs"}
    for job in jobs.values():
        assert (job.max_instances, job.coalesce, job.misfire_grace_time) == (1, True, 21600)
    assert str(jobs["ipeds"].trigger) == (
        "cron[month='*', day='2', day_of_week='*', hour='3', minute='0']")


@pytest.mark.parametrize("jobs, message", [
    ("  weekly:\n    cron: '0 4 * * 1'\n    spiders: [ipeds]\n", "day of week as names"),
    ("  bad:\n    cron: '0 25 * * *'\n    spiders: [ipeds]\n", "bad cron expression"),
    ("  nothing:\n    cron: '0 4 * * *'\n", "needs a cron expression and a list of spiders"),
    ("", "defines no jobs"),
])
def test_bad_schedules_are_clear_errors(tmp_path, capsys, jobs, message):
    assert main(["schedule", "--list", "--config", str(write_schedule(tmp_path, jobs))]) == 2
    assert message in capsys.readouterr().err


def test_unknown_job_is_a_clear_error(capsys):
    assert main(["schedule", "--once", "nosuchjob"]) == 2
    assert "unknown job(s) nosuchjob; the schedule has ipeds, scorecard, catalogs" in capsys.readouterr().err


@pytest.mark.crawl
def test_once_runs_the_job_crawl_and_the_run_says_who_started_it(site, database_path, tmp_path):
    with SampleWeb(site.sites_dir) as web:
        args = ", ".join(f'"{a}"' for a in ("--sample-web", f"127.0.0.1:{web.port}",
                                            *TEST_SETTINGS))
        config = write_schedule(tmp_path, f"  ipeds:\n    cron: '0 3 2 * *'\n"
                                          f"    spiders: [ipeds]\n    args: [{args}]\n")
        command = ["schedule", "--config", str(config), "--db", str(database_path), "--once"]
        assert main(command) == 0
        assert query(database_path, "select spider, status, started_by from crawl_runs") == [
            ("ipeds", "succeeded", "schedule ipeds")]
        with lock_held_elsewhere(database_path):
            assert main(command) == 75  # skipped, not queued
    assert query(database_path, "select count(*) from crawl_runs") == [(1,)]
