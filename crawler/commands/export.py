"""Export programs as CSV (UTF-8, header row, stable column order) to a file or stdout.

Examples:
  python -m crawler export                       # build/programs.csv
  python -m crawler export -o - | head
"""

from __future__ import annotations

import csv
import os
import sys
import tempfile
from pathlib import Path

import sqlite_utils

from crawler.run import project_settings

HELP = "export programs as CSV"
EXPORT_COLUMNS = ("program_id", "title", "institution_name", "city", "state", "track",
                  "credential_level", "delivery_mode", "award_level", "cip_code", "completions",
                  "url", "website", "latitude", "longitude", "track_evidence",
                  "delivery_evidence", "source")


def configure(parser) -> None:
    parser.add_argument("--db", help="database file (default: build/directory.db)")
    parser.add_argument("-o", "--output", default=None,
                        help="CSV file to write, or - for stdout (default: build/programs.csv)")


def run(args) -> int:
    database = Path(args.db or project_settings().get("DATABASE_PATH"))
    if not database.exists():
        print(f"export: {database} does not exist; run a crawl first", file=sys.stderr)
        return 2
    output = args.output or str(database.parent / "programs.csv")
    db = sqlite_utils.Database(database)
    columns = ", ".join(EXPORT_COLUMNS)
    rows = db.execute(f"select {columns} from program_directory "
                      f"order by state, institution_name, title, program_id")
    if output == "-":
        count = write_csv(sys.stdout, rows)
    else:
        count = write_file_atomically(Path(output), rows)
        print(f"export: {count} programs written to {output}", file=sys.stderr)
    return 0


def write_csv(handle, rows) -> int:
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    return count


def write_file_atomically(path: Path, rows) -> int:
    """Write next to the target and rename, so a failed export never leaves a half file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            count = write_csv(handle, rows)
        os.replace(temp_name, path)
    except BaseException:
        os.unlink(temp_name)
        raise
    return count
