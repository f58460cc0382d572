"""One crawl at a time per database: a cross-process lock file next to it (``<db>.lock``).

The operating system releases the lock when its process dies, even by kill -9, so a crash never
leaves a stale lock behind. The lock is shared within a process and re-entrant: the command
line takes it for the whole crawl and each spider run takes it again (so ``scrapy crawl``, which
bypasses the command line, is guarded too).
"""

from __future__ import annotations

import contextlib
import os

from filelock import FileLock, Timeout

# EX_TEMPFAIL from sysexits.h: try again later. Cron and systemd treat it as a plain failure.
EXIT_LOCKED = 75


class CrawlLocked(Exception):
    """Another process is crawling into the same database."""


def crawl_lock(database_path) -> FileLock:
    # The real path: a symlink (or another relative spelling) of the same database must take
    # the same lock, or two crawls could write one file.
    path = f"{os.path.realpath(database_path)}.lock"
    return FileLock(path, is_singleton=True, thread_local=False)


@contextlib.contextmanager
def holding_crawl_lock(database_path, wait: float | None = None):
    """Hold the lock for the block. ``wait``: None fails at once, -1 waits for ever, or seconds."""
    lock = crawl_lock(database_path)
    try:
        lock.acquire(timeout=0 if wait is None else wait)
    except Timeout as exc:
        raise CrawlLocked(f"another crawl is writing {database_path} (lock file {lock.lock_file} "
                          f"is held); not starting. Use --wait to wait for it.") from exc
    try:
        yield lock
    finally:
        lock.release()
