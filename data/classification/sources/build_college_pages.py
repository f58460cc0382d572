"""Writes college_pages.csv: the two parts of the `college_pages` source, one after the other.

    python data/classification/sources/build_college_pages.py

The source is one kind of listing, real US college program pages read in the search tool's
`pages` corpus, collected in two halves of one query space by two people working in parallel
(college_pages/README_part_a.md: health information technology and management and their
look-alikes; README_part_b.md: billing and coding and theirs, with part_b.csv rebuilt from
rows_b.psv by build_part_b.py). Both were labelled by the guide in ../README.md before any
classifier saw them. The parts share the columns of every sources/*.csv. One page may list two
programs (two rows, one URL); the same program of the same page twice would be one listing
counted twice, so that is refused.
"""

from __future__ import annotations

import csv
from pathlib import Path

HERE = Path(__file__).resolve().parent
PARTS = (HERE / "college_pages" / "part_a.csv", HERE / "college_pages" / "part_b.csv")
OUTPUT = HERE / "college_pages.csv"


def main() -> None:
    header, rows, seen = None, [], set()
    for part in PARTS:
        with part.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            if header is not None and reader.fieldnames != header:
                raise SystemExit(f"{part.name}: columns differ from {PARTS[0].name}")
            header = reader.fieldnames
            for row in reader:
                listing = (row["source_id"], row["title"])
                if listing in seen:
                    raise SystemExit(f"{part.name}: {listing} is listed twice")
                seen.add(listing)
                rows.append(row)
    with OUTPUT.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{OUTPUT.name}: {len(rows)} rows from {len(PARTS)} parts")


if __name__ == "__main__":
    main()
