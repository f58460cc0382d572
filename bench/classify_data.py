"""The labelled listings of data/classification, read as the `classify` command reads a CSV."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from crawler.classification import Listing
from crawler.commands.classify import InputColumns

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "classification"
LABELLED_FILES = ("nj_etpl_labelled.csv", "curated.csv")


@dataclass(frozen=True)
class Example:
    listing: Listing
    track: str
    credential_level: str
    delivery_mode: str
    split: str
    source: str  # file name
    origin: str  # "issue" for titles named in issue #3, else ""


def read_examples(name: str) -> list[Example]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        columns = InputColumns.from_header(header)
        examples = []
        for values in reader:
            row = dict(zip(header, values))
            examples.append(Example(columns.listing(values), row["expected_track"],
                                    row["expected_credential_level"],
                                    row["expected_delivery_mode"], row["split"], name,
                                    row.get("origin", "")))
    return examples


def load_examples() -> list[Example]:
    return [example for name in LABELLED_FILES for example in read_examples(name)]
