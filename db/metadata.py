"""Datasette metadata: the hand-written db/metadata.yml plus the column descriptions.

Column descriptions live once: on the item fields (crawler/items.py), in the YAML for the other
table columns, and in db/views.py for the views (whose columns mostly borrow a table column's
words). This merges them so the Datasette pages describe every column with the same words as
the code.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from db.facet_counts import DIRECTORY_FACETS, FACET_TABLES
from db.schema import TABLES
from db.views import PROGRAM_DIRECTORY, VIEWS

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
    table_descriptions = {name: table.get("columns", {}) for name, table in tables.items()}
    for view in VIEWS:  # every view column says itself where its words come from
        if "columns" in tables.get(view.name, {}):
            raise ValueError(f"{METADATA_TEMPLATE.name}: describe the columns of view "
                             f"{view.name} in db/views.py")
        tables.setdefault(view.name, {})["columns"] = view.descriptions(table_descriptions)
    directory = tables.setdefault(PROGRAM_DIRECTORY.name, {})
    directory["facets"] = [{"counted": column} for column in DIRECTORY_FACETS]
    for table in FACET_TABLES:  # what the facets read (db/facet_counts.py), not for browsing
        tables[table] = {"hidden": True}
    metadata["databases"][database_name] = template_db
    return metadata


def write_metadata(path: str | Path, database_name: str = "directory") -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(build_metadata(database_name), indent=2))
    return path
