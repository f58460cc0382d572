"""Datasette metadata: the hand-written db/metadata.yml plus column descriptions from the items.

Column descriptions live once, on the item fields (crawler/items.py); this merges them in so the
Datasette pages describe every column with the same words as the code.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from db.schema import TABLES

METADATA_TEMPLATE = Path(__file__).resolve().parent / "metadata.yml"


def build_metadata(database_name: str = "directory") -> dict:
    # Links in the YAML say /{database}/...: the name Datasette gives the file being served.
    metadata = yaml.safe_load(METADATA_TEMPLATE.read_text().replace("{database}", database_name))
    template_db = metadata["databases"].pop("directory")
    tables = template_db["tables"]
    for spec in TABLES:  # item descriptions, then the history columns described in the YAML
        columns = {name: meta["description"] for name, meta in spec.item_class.fields.items()}
        table = tables.setdefault(spec.name, {})
        table["columns"] = columns | table.get("columns", {})
    program_columns = tables["programs"]["columns"]
    directory_columns = tables["program_directory"].get("columns", {})
    tables["program_directory"]["columns"] = {
        name: program_columns.get(name) or tables["institutions"]["columns"].get(name)
        for name in ("title", "institution_name", "state", "track", "credential_level",
                     "delivery_mode", "website", "latitude", "longitude", "first_seen",
                     "last_seen", "credits", "program_length", "cost", "accredited_through",
                     "pcap_approved", "certifications")
    } | {"online_only": tables["school_facts"]["columns"]["online_only"]} | directory_columns
    metadata["databases"][database_name] = template_db
    return metadata


def write_metadata(path: str | Path, database_name: str = "directory") -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(build_metadata(database_name), indent=2))
    return path
