"""Crawl a running sample web as a user would: ``python -m crawler crawl`` in a subprocess.

Shared by the tests and benchmarks, so they all exercise the real command line.
"""

from __future__ import annotations

import subprocess
import sys

from crawler.settings import PROJECT_ROOT


def crawl_command(port: int, database, spiders, *options: str) -> list[str]:
    return [sys.executable, "-m", "crawler", "crawl", *spiders, "--sample-web",
            f"127.0.0.1:{port}", "--db", str(database), *options]


def run_crawl(port: int, database, spiders, *options: str,
              timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(crawl_command(port, database, spiders, *options), cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=timeout)
