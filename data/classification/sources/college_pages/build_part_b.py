"""Writes part_b.csv from rows_b.psv, the hand-made notes of part B of the `college_pages` source.

    python data/classification/sources/college_pages/build_part_b.py

rows_b.psv holds one line per program page read in the search tool's `pages` corpus
(README_part_b.md says which queries found them and how held-out hosts were checked):
the page's URL, the program's title and award as the page names them, the institution, the
page's statement of delivery format, a short note in our own words of the facts that bear on
the labels, then the labels (track, credential level, delivery mode, judgement note). This
script only reorders those fields into the columns every sources/*.csv has and adds the split
the way the other build scripts do (bench/classify_split.py), so the CSV can be rebuilt.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[3]))  # the repository root, for bench.classify_split

from bench.classify_split import split_for  # noqa: E402

COLUMNS = ("source_id", "title", "credential", "description", "cip_code", "institution",
           "delivery", "expected_track", "expected_credential_level", "expected_delivery_mode",
           "note", "split")
NOTE_FIELDS = ("source_id", "title", "credential", "institution", "delivery", "description",
               "track", "credential_level", "delivery_mode", "note")


def read_notes(path: Path) -> list[dict[str, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = []
    for line in lines[1:]:  # the first line names the fields
        values = line.split("|")
        if len(values) != len(NOTE_FIELDS):
            raise ValueError(f"{len(values)} fields, expected {len(NOTE_FIELDS)}: {line[:80]}")
        rows.append(dict(zip(NOTE_FIELDS, values)))
    return rows


def main() -> None:
    rows = read_notes(HERE / "rows_b.psv")
    ids = [row["source_id"] for row in rows]
    if len(ids) != len(set(ids)):
        raise ValueError("a page URL appears twice")
    with (HERE / "part_b.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({"source_id": row["source_id"], "title": row["title"],
                             "credential": row["credential"], "description": row["description"],
                             "cip_code": "", "institution": row["institution"],
                             "delivery": row["delivery"], "expected_track": row["track"],
                             "expected_credential_level": row["credential_level"],
                             "expected_delivery_mode": row["delivery_mode"],
                             "note": row["note"], "split": split_for(row["title"])})
    print(f"{len(rows)} rows -> {HERE / 'part_b.csv'}")


if __name__ == "__main__":
    main()
