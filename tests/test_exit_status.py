"""The exit status of a crawl, decided once for ``python -m crawler crawl``, ``demo`` and
``scrapy crawl``: cron and the scheduler must see a run that stored nothing as a failure."""

from __future__ import annotations

import subprocess
import sys

import pytest

from crawler.cli import main
from crawler.lock import EXIT_LOCKED
from crawler.process import (EXIT_RUN_FAILED, EXIT_SUCCEEDED, EXIT_USAGE, NOT_STARTED,
                             CrawlOutcome, exit_status)
from crawler.settings import PROJECT_ROOT
from spiders.base import FAILURE_STAT


def outcome(status: str, spider: str = "ipeds", **stats) -> CrawlOutcome:
    reason = {"succeeded": "finished", "unhealthy": "finished"}.get(status, "ipeds_file_error")
    return CrawlOutcome(spider, status, reason, 0, 0, {"run/id": 7, **stats})


@pytest.mark.parametrize("statuses, expected", [
    (["succeeded"], EXIT_SUCCEEDED),
    (["succeeded", "succeeded", "succeeded"], EXIT_SUCCEEDED),
    (["failed"], EXIT_RUN_FAILED),
    (["succeeded", "failed", "succeeded"], EXIT_RUN_FAILED),
    (["unhealthy"], EXIT_RUN_FAILED),
    ([NOT_STARTED], EXIT_USAGE),
    (["failed", NOT_STARTED], EXIT_USAGE),  # the usage error is what to fix first
])
def test_exit_status(statuses, expected):
    assert exit_status([outcome(status) for status in statuses]) == expected


def test_the_statuses_are_distinct_from_the_locks():
    assert len({EXIT_SUCCEEDED, EXIT_RUN_FAILED, EXIT_USAGE, EXIT_LOCKED}) == 4


def test_a_failed_run_says_the_spiders_own_error():
    failed = outcome("failed", **{FAILURE_STAT: "IPEDS file unusable: HD2024.zip: not a zip",
                                  "run/problems": ["finish reason 'ipeds_file_error'"]})
    assert failed.failure() == "ipeds: run 7 failed: IPEDS file unusable: HD2024.zip: not a zip"


def test_an_unhealthy_run_says_its_problems_on_one_line():
    unhealthy = outcome("unhealthy", **{"run/problems": ["item count fell 60%", "3 errors"]})
    assert unhealthy.failure() == "ipeds: run 7 unhealthy: item count fell 60%; 3 errors"


def test_crawl_help_says_what_each_exit_status_means(capsys):
    with pytest.raises(SystemExit):
        main(["crawl", "--help"])
    assert_explains_every_status(capsys.readouterr().out)


def test_scrapy_crawl_help_says_what_each_exit_status_means():
    result = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "--help"],
                            cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert_explains_every_status(result.stdout)


def assert_explains_every_status(help_text: str) -> None:
    lines = help_text.splitlines()
    start = lines.index("Exit status:")
    meanings = {line.split()[0]: line for line in lines[start + 1:] if line[:3].strip().isdigit()}
    assert set(meanings) == {"0", "1", "2", "75"}
    assert "succeeded" in meanings["0"]
    assert "failed" in meanings["1"]
    assert "usage error" in meanings["2"]
    assert "lock" in meanings["75"]
