"""Export the listed programs as CSV: UTF-8, a header row, a stable column order.

Filters combine with AND; a filter given more than once matches any of its values. Removed
programs are never exported. Cells that a spreadsheet would run as a formula (starting with =,
+, -, @, tab or carriage return) get a leading single quote (OWASP CSV injection advice).

Examples:
  python -m crawler export                                   # build/programs.csv
  python -m crawler export -o - | head
  python -m crawler export --track hit --delivery-mode online --state NJ --state NY -o hit.csv
  python -m crawler export --credential-level certificate --changed-since 2026-01-01 -o -
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path


from crawler.classification import CREDENTIAL_LEVELS, DELIVERY_MODES, TRACKS
from crawler.csv_safety import neutralize_row
from crawler.process import project_settings
from db.build import open_database

HELP = "export programs as CSV, filtered by track, state, delivery mode, credential level, date"
# New columns go at the end: people's spreadsheets and scripts address columns by position.
EXPORT_COLUMNS = ("program_id", "title", "institution_name", "city", "state", "track",
                  "credential_level", "delivery_mode", "credential_text", "cip_code", "completions",
                  "url", "website", "latitude", "longitude", "track_evidence",
                  "delivery_evidence", "source", "first_seen", "last_seen",
                  # New columns go at the end: scripts that read columns by position keep working.
                  "scorecard_median_earnings", "scorecard_median_debt", "online_only",
                  "credits", "program_length", "cost", "accreditor", "accredited_through",
                  "pcap_approved", "certifications")
# Programs added or changed by a run that finished at or after :since.
CHANGED_SINCE = ("program_id IN (SELECT c.program_id FROM changes c "
                 "JOIN crawl_runs r ON r.run_id = c.run_id "
                 "WHERE r.finished_at >= :since AND c.change != 'removed')")


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
    where, params = filters(args)
    db = open_database(database)  # brings a file built by an older version up to date
    rows = db.execute(f"select {', '.join(EXPORT_COLUMNS)} from program_directory {where} "
                      f"order by state, institution_name, title, program_id", params)
    if output == "-":
        sys.stdout.reconfigure(encoding="utf-8")  # whatever the terminal's locale says
        count = write_csv(sys.stdout, rows)
    else:
        count = write_file_atomically(Path(output), rows)
        print(f"export: {count} programs written to {output}", file=sys.stderr)
    return 0


def filters(args) -> tuple[str, dict]:
    """The WHERE clause and parameters for the command's filters."""
    clauses, params = [], {}
    for column in ("track", "state", "delivery_mode", "credential_level"):
        values = getattr(args, column) or []
        if values:
            names = [f":{column}{n}" for n in range(len(values))]
            clauses.append(f"{column} IN ({', '.join(names)})")
            params |= {name[1:]: value for name, value in zip(names, values)}
    if args.changed_since:
        clauses.append(CHANGED_SINCE)
        params["since"] = args.changed_since
    return ("where " + " and ".join(clauses) if clauses else ""), params


def write_csv(handle, rows) -> int:
    writer = csv.writer(handle, lineterminator="\n")
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
