"""`python -m crawler serve` as a real process on a free loopback port, for the fault tests."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from crawler.settings import PROJECT_ROOT


@contextmanager
def serve_process(database_path: Path, *options: str) -> Iterator[tuple[str, subprocess.Popen]]:
    """(base URL, process) of a server that answers; stopped on leaving the block."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "crawler", "serve", "--db",
                                str(database_path), "--port", str(port), *options],
                               cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise AssertionError("datasette did not start") from None
                time.sleep(0.2)
        yield base, process
    finally:
        process.terminate()
        process.wait(timeout=10)


def peak_rss_mb(pid: int) -> int:
    """The process's peak resident memory so far (Linux /proc)."""
    status = Path(f"/proc/{pid}/status").read_text()
    line = next(line for line in status.splitlines() if line.startswith("VmHWM"))
    return int(line.split()[1]) // 1024
