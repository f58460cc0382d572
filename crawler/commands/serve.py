"""Serve the database with Datasette (facets, full-text search, map, canned queries, CSV).

Binds to 127.0.0.1 by default. The metadata (titles, column descriptions, facets, canned
queries) is generated from db/metadata.yml and the item definitions at start-up.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from crawler.run import project_settings
from db.build import open_database
from db.metadata import write_metadata

STATIC_DIR = Path(__file__).resolve().parents[2] / "db" / "static"
HELP = "serve the database with Datasette on 127.0.0.1"


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
            str(metadata), "--host", host, "--port", str(port),
            "--static", f"assets:{STATIC_DIR}", "--setting", "default_page_size", "50"]


def serve(database: Path, host: str, port: int) -> int:
    print(f"Datasette: http://{host}:{port}/{database.stem}  (Ctrl-C to stop)", flush=True)
    try:
        return subprocess.call(datasette_command(database, host, port))
    except KeyboardInterrupt:
        return 0
