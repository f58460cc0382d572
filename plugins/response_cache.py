"""Datasette plugin: a page is rendered once per version of the data, then served from memory.

The directory changes only when a crawl promotes a run; between promotions every visitor of
``?track=hit&state=TX`` would make Datasette run the same queries and render the same page
again (tens of milliseconds of Python each, and with ten visitors at once they queue behind
each other on the GIL). So successful GET responses are kept, keyed by scheme, host, path and
query string and by the *data version* of every database file Datasette serves (SQLite's
``PRAGMA data_version``), which any committed write changes. A promotion therefore makes every
kept page stale at once, with no expiry to tune.

Not kept: requests carrying cookies or credentials (a signed-in actor or a flash message may
change the page), responses setting a cookie, ``_trace`` pages, anything not 200, and bodies over
MAX_BODY_BYTES (a full CSV download streams as before). Memory stays under MAX_CACHE_BYTES,
least recently used first out.
"""

from __future__ import annotations

import sqlite3
from collections import OrderedDict
from typing import NamedTuple

from datasette import hookimpl

MAX_CACHE_BYTES = 64 * 1024 * 1024
MAX_BODY_BYTES = 4 * 1024 * 1024


class Kept(NamedTuple):
    version: tuple
    start: dict  # the http.response.start message
    body: bytes


class ResponseCache:
    def __init__(self, paths: list[str], max_bytes: int = MAX_CACHE_BYTES):
        self.paths = paths
        self.connections: list[sqlite3.Connection] = []
        self.max_bytes = max_bytes
        self.entries: OrderedDict[bytes, Kept] = OrderedDict()
        self.size = 0

    def data_version(self) -> tuple:
        # PRAGMA data_version changes whenever another connection (another process included)
        # commits to the file: exact, where file sizes and modification times can stand still.
        if not self.connections:  # opened here: a connection stays in the thread it was made
            self.connections = [sqlite3.connect(f"file:{path}?mode=ro", uri=True)
                                for path in self.paths]
        return tuple(connection.execute("PRAGMA data_version").fetchone()[0]
                     for connection in self.connections)

    def get(self, key: bytes, version: tuple) -> Kept | None:
        kept = self.entries.get(key)
        if kept is None:
            return None
        if kept.version != version:
            self._drop(key)
            return None
        self.entries.move_to_end(key)
        return kept

    def put(self, key: bytes, kept: Kept) -> None:
        if key in self.entries:
            self._drop(key)
        self.entries[key] = kept
        self.size += len(kept.body)
        while self.size > self.max_bytes:
            self._drop(next(iter(self.entries)))

    def _drop(self, key: bytes) -> None:
        self.size -= len(self.entries.pop(key).body)


def page_key(scope) -> bytes:
    # Datasette writes absolute links (facet toggles, pagination) with the host and scheme the
    # request came by: a page asked for as localhost:8001 is not the page for 127.0.0.1:8001.
    host = next((value for name, value in scope.get("headers", []) if name == b"host"), b"")
    return b" ".join((scope.get("scheme", "http").encode(), host,
                      scope.get("raw_path") or scope["path"].encode(),
                      scope.get("query_string", b"")))


def cacheable_request(scope) -> bool:
    if scope["type"] != "http" or scope["method"] != "GET":
        return False
    # Datasette varies pages on these (its Vary header): an actor may see another page.
    if any(name in (b"cookie", b"authorization") for name, _ in scope.get("headers", [])):
        return False
    return b"_trace=" not in scope.get("query_string", b"")


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        cache = None

        async def cached_app(scope, receive, send):
            nonlocal cache
            if not cacheable_request(scope):
                await app(scope, receive, send)
                return
            if cache is None:  # databases are attached by the time requests arrive
                cache = ResponseCache([db.path for db in datasette.databases.values()
                                       if db.path])
            if not cache.paths:  # in-memory databases only: no data version to key on
                await app(scope, receive, send)
                return
            key = page_key(scope)
            version = cache.data_version()
            kept = cache.get(key, version)
            if kept is not None:
                await send(kept.start)
                await send({"type": "http.response.body", "body": kept.body})
                return
            start, chunks, size = None, [], 0

            async def keeping_send(message):
                nonlocal start, size
                if message["type"] == "http.response.start":
                    start = message
                elif message["type"] == "http.response.body" and start is not None:
                    size += len(message.get("body", b""))
                    if size <= MAX_BODY_BYTES:
                        chunks.append(message.get("body", b""))
                    if not message.get("more_body", False) and _keepable(start, size):
                        cache.put(key, Kept(version, start, b"".join(chunks)))
                await send(message)

            await app(scope, receive, keeping_send)

        return cached_app

    return wrap


def _keepable(start: dict, size: int) -> bool:
    return (start["status"] == 200 and size <= MAX_BODY_BYTES
            and not any(name.lower() == b"set-cookie" for name, _ in start.get("headers", [])))
