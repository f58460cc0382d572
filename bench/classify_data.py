"""The labelled listings of data/classification, read as the `classify` command reads a CSV.

Two kinds of files: the first two (New Jersey and our curated titles) and one file per real
source under sources/ (data/classification/README.md says where each was found). Every file is
one source for leave-one-source-out evaluation. An empty expected credential level or delivery
mode means the source says nothing about it: such rows are not scored on it.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from crawler.classification import Listing
from crawler.commands.classify import InputColumns

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "classification"
LABELLED_FILES = ("nj_etpl_labelled.csv", "curated.csv")
SOURCES_DIR = DATA_DIR / "sources"


@dataclass(frozen=True)
class Example:
    listing: Listing
    track: str
    credential_level: str  # "" when the source does not say
    delivery_mode: str  # "" when the source does not say
    split: str
    source: str  # file name without .csv, e.g. "nj_etpl_labelled", "uh_programs"
    origin: str  # "issue" for titles named in issue #3, else ""


def read_examples(path: Path) -> list[Example]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        columns = InputColumns.from_header(header)
        examples = []
        for values in reader:
            row = dict(zip(header, values))
            examples.append(Example(columns.listing(values), row["expected_track"],
                                    row["expected_credential_level"],
                                    row["expected_delivery_mode"], row["split"], path.stem,
                                    row.get("origin", "")))
    return examples


def source_files() -> list[Path]:
    return [DATA_DIR / name for name in LABELLED_FILES] + sorted(SOURCES_DIR.glob("*.csv"))


def load_examples() -> list[Example]:
    return [example for path in source_files() for example in read_examples(path)]
