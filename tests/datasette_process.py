"""`python -m crawler serve` as a real process on a free loopback port, for the tests that
exercise Datasette over HTTP (tests/test_serve.py, the fault suite, the CSV export plugin)."""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from crawler.settings import PROJECT_ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serve_process(database_path: Path, *options: str) -> Iterator[tuple[str, subprocess.Popen]]:
    """(base URL, process) of a server that answers; stopped on leaving the block. Its output
    goes to a file rather than a pipe nobody reads, and is shown if it does not start."""
    port = free_port()
    with tempfile.TemporaryFile("w+") as output:
        # serve execs Datasette: the process is the server, and terminating it stops it.
        process = subprocess.Popen([sys.executable, "-m", "crawler", "serve", "--db",
                                    str(database_path), "--port", str(port), *options],
                                   cwd=PROJECT_ROOT, stdout=output, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(base, process, output)
            yield base, process
        finally:
            process.terminate()
            process.wait(timeout=10)


def _wait_until_up(base: str, process: subprocess.Popen, output, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(base + "/-/versions.json", timeout=2)
            return
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                output.seek(0)
                raise AssertionError(f"datasette did not start: {output.read()[-3000:]}") from None
            time.sleep(0.2)
