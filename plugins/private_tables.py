"""Datasette plugin: the staged_* tables cannot be read through Datasette at all.

A crawl writes its items to staged_* tables and only a healthy run is promoted; rows of a
failed or running crawl must not be published. Metadata ``hidden: true`` only takes them off
the index page: the table pages, row pages and SQL would still show them. So view-table is
denied for them, and every connection gets an SQLite authorizer that refuses to read them,
which covers arbitrary SQL (``serve --allow-sql``), views and anything Datasette adds later.
"""

from __future__ import annotations

import sqlite3

from datasette import hookimpl

PRIVATE_TABLE_PREFIX = "staged_"


def is_private(table: str | None) -> bool:
    return bool(table) and table.lower().startswith(PRIVATE_TABLE_PREFIX)


@hookimpl
def permission_allowed(action, resource):
    if action == "view-table" and isinstance(resource, (tuple, list)) and is_private(resource[1]):
        return False
    return None


@hookimpl
def prepare_connection(conn):
    conn.set_authorizer(refuse_private_reads)


def refuse_private_reads(action, table, column, database, source):
    # An empty column is a read of no value at all (count(*)): Datasette counts every table's
    # rows for its pages, and a row count of a staging table tells nothing of its contents.
    if action == sqlite3.SQLITE_READ and is_private(table) and column:
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK
