"""Open (or create) the directory database with its full schema. Safe to run again and again.

    python -m db.build build/directory.db
"""

from __future__ import annotations

import sys
from pathlib import Path

import sqlite_utils

from db.schema import ensure_schema


def open_database(path: str | Path) -> sqlite_utils.Database:
    """The database at ``path`` in WAL mode (readers keep reading while a crawl writes)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    db.enable_wal()
    # In WAL mode NORMAL still never corrupts the file or splits a transaction; it skips the
    # fsync of every commit, which made each staged batch wait for the disk (issue 14). What a
    # power cut can take is the last commits: a run then ends up abandoned, as after a crash.
    db.execute("PRAGMA synchronous = NORMAL")
    ensure_schema(db)
    return db


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m db.build DATABASE_PATH", file=sys.stderr)
        return 2
    db = open_database(args[0])
    print(f"{args[0]}: tables {', '.join(db.table_names())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
