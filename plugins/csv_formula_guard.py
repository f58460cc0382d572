"""Datasette plugin: neutralize spreadsheet formulas in every CSV download Datasette serves.

Datasette writes CSV itself (``/db/table.csv``, query and view CSV, ``_stream=1``, ``_dl=1``)
and has no hook for cell values, so this wraps the ASGI app: the body of a CSV response goes
through ``crawler.csv_safety.neutralize_csv`` record by record, which parses and writes a record
again only when a bytes search finds a cell that could be a formula (a download of clean rows
passes through as it is). Loaded by ``python -m crawler serve`` with ``--plugins-dir plugins``.
"""

from __future__ import annotations

from datasette import hookimpl

from crawler.csv_safety import neutralize_csv

CSV_CONTENT_TYPES = (b"text/csv", b"text/plain")
# A key of a response's http.response.start message: its body was neutralized already
# (plugins/directory_csv.py), so it passes untouched. The key goes no further than this wrapper.
NEUTRALIZED = "csv_formula_guard.neutralized"


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def guarded_app(scope, receive, send):
            if scope["type"] != "http" or not _asks_for_csv(scope):
                await app(scope, receive, send)
                return
            rewriter = CsvRewriter()

            async def guarded_send(message):
                if message["type"] == "http.response.start" and NEUTRALIZED in message:
                    message = {k: v for k, v in message.items() if k != NEUTRALIZED}
                elif message["type"] == "http.response.start":
                    headers = dict(message.get("headers", []))
                    rewriter.active = headers.get(b"content-type", b"").startswith(
                        CSV_CONTENT_TYPES)
                    if rewriter.active:  # the body changes length
                        message = dict(message, headers=[
                            (k, v) for k, v in message["headers"] if k != b"content-length"])
                elif message["type"] == "http.response.body" and rewriter.active:
                    final = not message.get("more_body", False)
                    message = dict(message, body=rewriter.feed(message.get("body", b""), final))
                await send(message)

            await app(scope, receive, guarded_send)

        return guarded_app

    return wrap


def _asks_for_csv(scope) -> bool:
    return scope["path"].endswith(".csv") or b"_format=csv" in scope.get("query_string", b"")


class CsvRewriter:
    """Rewrites a CSV byte stream record by record, holding back an unfinished record."""

    def __init__(self):
        self.active = False
        self.pending: list[bytes] = []  # the unfinished record, joined once it can end

    def feed(self, chunk: bytes, final: bool) -> bytes:
        if not final and b"\n" not in chunk:
            self.pending.append(chunk)
            return b""
        data = b"".join([*self.pending, chunk])
        cut = len(data) if final else _end_of_last_record(data)
        self.pending = [data[cut:]]
        return neutralize_csv(data[:cut]) if cut else b""


def _end_of_last_record(data: bytes) -> int:
    """Index just after the last newline outside quotes (0 if none): a record boundary.

    CSV escapes a quote by doubling it, so a newline is outside quotes when the quotes before it
    are even in number; counting them in C keeps a large download from being walked byte by
    byte in Python.
    """
    end = data.rfind(b"\n")
    while end != -1 and data.count(b'"', 0, end) % 2:
        end = data.rfind(b"\n", 0, end)
    return end + 1
