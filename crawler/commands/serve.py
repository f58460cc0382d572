"""Serve the database with Datasette (facets, full-text search, map, canned queries, CSV).

Binds to 127.0.0.1 by default. The metadata (titles, column descriptions, facets, canned
queries) is generated from db/metadata.yml and the item definitions at start-up. The plugins in
plugins/ are loaded: CSV downloads are safe to open in a spreadsheet (formulas neutralized).

Besides the directory: crawl_runs (every spider run and how it ended), program_changes (what
each run added, changed or removed) and an Atom feed of new programs at /DB/new_programs.atom.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NoReturn

from crawler.process import project_settings
from crawler.settings import PROJECT_ROOT
from db.build import open_database
from db.metadata import write_metadata

HELP = "serve the database with Datasette on 127.0.0.1"
PLUGINS_DIR = PROJECT_ROOT / "plugins"
TEMPLATES_DIR = PROJECT_ROOT / "templates"  # program, institution and table pages for people
STATIC_DIR = PROJECT_ROOT / "db" / "static"


def configure(parser) -> None:
    parser.add_argument("--db", help="database file (default: build/directory.db)")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8001, help="port (default 8001)")


def run(args) -> int:
    database = Path(args.db or project_settings().get("DATABASE_PATH"))
    if not database.exists():
        print(f"serve: {database} does not exist; run `python -m crawler crawl --sample` "
              f"(or `make demo`) first", file=sys.stderr)
        return 2
    return serve(database, args.host, args.port)


def datasette_command(database: Path, host: str, port: int) -> list[str]:
    open_database(database).close()  # make sure views/FTS exist even for an older file
    metadata = write_metadata(database.parent / "metadata.json", database.stem)
    return [sys.executable, "-m", "datasette", "serve", str(database), "--metadata",
            str(metadata), "--plugins-dir", str(PLUGINS_DIR), "--template-dir", str(TEMPLATES_DIR), "--static",
            f"assets:{STATIC_DIR}", "--host", host, "--port", str(port),
            "--setting", "default_page_size", "50",
            # Suggesting facets counts distinct values of every column on every page view:
            # seconds at national scale. The useful facets are configured in the metadata.
            "--setting", "suggest_facets", "off"]


def serve(database: Path, host: str, port: int) -> NoReturn:
    """Become the Datasette process, so Ctrl-C and SIGTERM reach it and no child is orphaned."""
    command = datasette_command(database, host, port)
    print(f"Datasette: http://{host}:{port}/{database.stem}  (Ctrl-C to stop)", flush=True)
    sys.stderr.flush()
    os.execv(command[0], command)
