"""Serve the database with Datasette (facets, full-text search, map, canned queries, CSV).

Binds to 127.0.0.1 by default, and warns loudly when told to bind to an address other machines
can reach. The metadata (titles, column descriptions, facets, canned queries) is generated from
db/metadata.yml and the item definitions at start-up. The plugins in plugins/ are loaded: CSV
downloads are safe to open in a spreadsheet (formulas neutralized), the staged_* tables of
unfinished runs cannot be read, /-/databases.json does not show the file's path, and a query
cannot build a huge value or result.

Arbitrary SQL is off: the tables, facets, search, canned queries and the feed work without it.
--allow-sql switches it on for everyone who can reach the server (each query is still stopped
after sql_time_limit_ms and bounded in memory).

Besides the directory: crawl_runs (every spider run and how it ended), program_changes (what
each run added, changed or removed) and an Atom feed of new programs at /DB/new_programs.atom.
"""

from __future__ import annotations

import ipaddress
import os
import sys
from pathlib import Path
from typing import NoReturn

from crawler.process import project_settings
from crawler.settings import PROJECT_ROOT
from crawler.commands.migrate import refuse_outdated
from db.metadata import write_metadata
from db.queries import read_only
from db.schema import schema_gaps

HELP = "serve the database with Datasette on 127.0.0.1"
PLUGINS_DIR = PROJECT_ROOT / "plugins"
TEMPLATES_DIR = PROJECT_ROOT / "templates"  # program, institution and table pages for people
STATIC_DIR = PROJECT_ROOT / "db" / "static"
# Datasette settings `serve` runs with; tests build Datasette with the same ones.
DATASETTE_SETTINGS = {
    "default_page_size": 50,
    # Suggesting facets counts distinct values of every column on every page view: seconds
    # at national scale. The useful facets are configured in the metadata.
    "suggest_facets": False,
    "sql_time_limit_ms": 1000,  # every query, canned or not, is stopped after a second
    "max_returned_rows": 1000,
    "default_allow_sql": False,  # --allow-sql switches arbitrary SQL on
    "allow_download": False,  # the file also holds unfinished runs' staged rows
}


def configure(parser) -> None:
    parser.add_argument("--db", help="database file (default: build/directory.db)")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8001, help="port (default 8001)")
    parser.add_argument("--allow-sql", action="store_true",
                        help="let every visitor run arbitrary read-only SQL (off by default; "
                             "queries stay bounded in time and memory)")


def run(args) -> int:
    database = Path(args.db or project_settings().get("DATABASE_PATH"))
    if not database.exists():
        print(f"serve: {database} does not exist; run `python -m crawler crawl --sample` "
              f"(or `make demo`) first", file=sys.stderr)
        return 2
    # Read-only: serving never changes the database (Datasette itself reads with mode=ro).
    with read_only(database) as connection:
        gaps = schema_gaps(connection)
    if gaps:
        return refuse_outdated("serve", database, gaps)
    return serve(database, args.host, args.port, args.allow_sql)


def datasette_settings(allow_sql: bool = False) -> dict:
    return DATASETTE_SETTINGS | {"default_allow_sql": allow_sql}


def datasette_command(database: Path, host: str, port: int,
                      allow_sql: bool = False) -> list[str]:
    metadata = write_metadata(database.parent / "metadata.json", database.stem)
    settings = []
    for name, value in datasette_settings(allow_sql).items():
        if isinstance(value, bool):
            value = "on" if value else "off"
        settings += ["--setting", name, str(value)]
    return [sys.executable, "-m", "datasette", "serve", str(database), "--metadata",
            str(metadata), "--plugins-dir", str(PLUGINS_DIR), "--template-dir",
            str(TEMPLATES_DIR), "--static", f"assets:{STATIC_DIR}", "--host", host, "--port",
            str(port), *settings]


def is_loopback(host: str) -> bool:
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to any interface


def public_address_warning(host: str, port: int, allow_sql: bool) -> str:
    reach = ("every network interface of this machine"
             if host.strip("[]") in ("0.0.0.0", "::") else host)
    sql = ("; with --allow-sql anyone can also run arbitrary SQL on it" if allow_sql else "")
    line = "!" * 78
    return (f"{line}\nserve: WARNING: binding to {host}:{port} ({reach}).\n"
            f"There is no login: anyone who can reach this address and port can browse and "
            f"download\nthe whole directory{sql}.\n"
            f"To publish it, keep --host 127.0.0.1 and put a reverse proxy (TLS, access "
            f"control)\nin front; bind elsewhere only on a network you trust.\n{line}")


def serve(database: Path, host: str, port: int, allow_sql: bool = False) -> NoReturn:
    """Become the Datasette process, so Ctrl-C and SIGTERM reach it and no child is orphaned."""
    if not is_loopback(host):
        print(public_address_warning(host, port, allow_sql), file=sys.stderr, flush=True)
    command = datasette_command(database, host, port, allow_sql)
    print(f"Datasette: http://{host}:{port}/{database.stem}  (Ctrl-C to stop)", flush=True)
    sys.stderr.flush()
    os.execv(command[0], command)
