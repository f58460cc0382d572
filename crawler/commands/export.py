"""Export the listed programs as CSV: UTF-8, a header row, a stable column order.

Filters combine with AND; a filter given more than once matches any of its values. Removed
programs are never exported. Cells that a spreadsheet would run as a formula (starting with =,
+, -, @, tab, carriage return or NUL, also behind leading control characters) get a leading
single quote (OWASP CSV injection advice); line ends are CRLF and cells holding a line break are
quoted (crawler/csv_safety.py).

Examples:
  python -m crawler export                                   # build/programs.csv
  python -m crawler export -o - | head
  python -m crawler export --track hit --delivery-mode online --state NJ --state NY -o hit.csv
  python -m crawler export --credential-level certificate --changed-since 2026-01-01 -o -
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path


from crawler.classification import CREDENTIAL_LEVELS, DELIVERY_MODES, TRACKS
from crawler.csv_safety import csv_writer, neutralize_row
from crawler.process import project_settings
from crawler.commands.migrate import refuse_outdated
from db.queries import DirectoryFilter, directory_rows, read_only
from db.schema import schema_gaps
from db.views import PROGRAM_DIRECTORY

HELP = "export programs as CSV, filtered by track, state, delivery mode, credential level, date"
# program_directory's columns in its order (new columns go at the end, see db/views.py).
EXPORT_COLUMNS = PROGRAM_DIRECTORY.exported_names()


def configure(parser) -> None:
    parser.add_argument("--db", help="database file (default: build/directory.db)")
    parser.add_argument("-o", "--output", default=None,
                        help="CSV file to write, or - for stdout (default: build/programs.csv)")
    parser.add_argument("--track", action="append", choices=TRACKS, help="track (repeatable)")
    parser.add_argument("--state", action="append", type=str.upper, metavar="STATE",
                        help="two-letter state code (repeatable)")
    parser.add_argument("--delivery-mode", action="append", choices=DELIVERY_MODES,
                        help="delivery mode (repeatable)")
    parser.add_argument("--credential-level", action="append", choices=CREDENTIAL_LEVELS,
                        help="credential level (repeatable)")
    parser.add_argument("--changed-since", type=since_timestamp, metavar="DATE",
                        help="only programs added or changed by a crawl finished on or after "
                             "DATE (YYYY-MM-DD, or an ISO 8601 time; UTC unless it has an offset)")


def since_timestamp(value: str) -> str:
    """A DATE argument as the UTC ISO 8601 text crawl_runs.finished_at is compared with."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {value!r} (use YYYY-MM-DD)") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def run(args) -> int:
    database = Path(args.db or project_settings().get("DATABASE_PATH"))
    if not database.exists():
        print(f"export: {database} does not exist; run a crawl first", file=sys.stderr)
        return 2
    output = args.output or str(database.parent / "programs.csv")
    # Read-only: an export never changes the database, and reads on during a promotion.
    with read_only(database) as connection:
        gaps = schema_gaps(connection)
        if gaps:
            return refuse_outdated("export", database, gaps)
        rows = directory_rows(connection, EXPORT_COLUMNS, directory_filter(args))
        if output == "-":
            sys.stdout.reconfigure(encoding="utf-8")  # whatever the terminal's locale says
            count = write_csv(sys.stdout, rows)
        else:
            count = write_file_atomically(Path(output), rows)
            print(f"export: {count} programs written to {output}", file=sys.stderr)
    return 0


def directory_filter(args) -> DirectoryFilter:
    """The command's filters as the rows of program_directory to read."""
    return DirectoryFilter(
        any_of={column: getattr(args, column) or []
                for column in ("track", "state", "delivery_mode", "credential_level")},
        changed_since=args.changed_since)


def write_csv(handle, rows) -> int:
    writer = csv_writer(handle)
    writer.writerow(EXPORT_COLUMNS)
    count = 0
    for row in rows:
        writer.writerow(neutralize_row(row))
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
