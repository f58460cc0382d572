"""Fixtures for the fault suite: the sample web behind a fault-injecting proxy, and the real CLI.

    def test_something(faulty_web, cli, database_path):
        faulty_web.add("www.kettleriver.edu", "/robots.txt", Status(503))
        result = cli("crawl", "catalog", *faulty_web.crawl_options)

Every test that uses ``cli`` for a crawl is a subprocess over loopback: mark it ``crawl``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from crawler.settings import PROJECT_ROOT
from sampleweb.server import SITES_DIR, SampleWeb
from tests.faults.proxy import FaultProxy

# Quiet, uncached crawls: each test sees the web as the proxy serves it now.
QUIET = ("-s", "HTTPCACHE_ENABLED=False", "-s", "LOG_LEVEL=WARNING")


class FaultyWeb(FaultProxy):
    """The proxy, plus the options that point a crawl at it."""

    @property
    def crawl_options(self) -> tuple[str, ...]:
        return ("--sample-web", self.address, *QUIET)


@pytest.fixture
def sites(tmp_path):
    """A private copy of the sample web's sites, for tests that change files."""
    copy = tmp_path / "sites"
    shutil.copytree(SITES_DIR, copy)
    return copy


@pytest.fixture
def faulty_web():
    """The bundled sample web (unchanged) behind a fault proxy with no rules yet."""
    with SampleWeb(SITES_DIR) as web, FaultyWeb(web.port) as proxy:
        yield proxy


def run_cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """``python -m crawler ARGS`` in the project directory, as a user would run it."""
    return subprocess.run([sys.executable, "-m", "crawler", *map(str, args)], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def cli():
    return run_cli
