"""Datasette plugin: bound the memory one SQL query can take.

Datasette's sql_time_limit_ms stops a long query, but a single step can still be huge:
``select hex(zeroblob(4e8))`` is one VM instruction that took the server from 58 MB to 1.9 GB,
and a few hundred 1 MB values add up the same way. So every connection Datasette opens gets
(1) SQLite's limit on the length of a string, blob or row (SQLITE_LIMIT_LENGTH): building a
longer one fails with "string or blob too big"; and (2) a row factory that counts the bytes of
the rows a query returns and fails it past MAX_RESULT_BYTES. Our longest real value, a program
description, is a few kilobytes, and a full page of program_directory rows well under 1 MB.
Loaded by ``python -m crawler serve`` with ``--plugins-dir plugins``.
"""

from __future__ import annotations

import sqlite3
import weakref

from datasette import hookimpl

MAX_VALUE_BYTES = 1_000_000
MAX_RESULT_BYTES = 32_000_000
NUMBER_BYTES = 8


class ResultTooLarge(sqlite3.DatabaseError):
    pass


@hookimpl
def prepare_connection(conn):
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    conn.row_factory = counting_row_factory(conn.row_factory or tuple_row)


def tuple_row(cursor, values):
    return values


def counting_row_factory(make_row):
    """Wrap ``make_row`` (Datasette's sqlite3.Row) to fail a query whose rows pass the cap."""
    returned = weakref.WeakKeyDictionary()  # cursor -> bytes it has returned so far

    def row_factory(cursor, values):
        size = returned.get(cursor, 0) + sum(
            len(value) if isinstance(value, (str, bytes)) else NUMBER_BYTES for value in values)
        if size > MAX_RESULT_BYTES:
            raise ResultTooLarge(f"query result too large: more than {MAX_RESULT_BYTES:,} "
                                 f"bytes; select fewer rows or columns")
        returned[cursor] = size
        return make_row(cursor, values)

    return row_factory
