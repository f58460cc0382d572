"""Datasette plugin: the directory's CSV download is written in one piece.

Datasette answers ``/DB/program_directory.csv`` by running its whole table view, then writes
the rows one ASGI message each through every wrapper, and csv_formula_guard parses them again:
at 100,000 programs the filtered download (1,000 rows of 52 columns) took about 130 ms, of
which its one query is about 11 and writing the rows about 8. So for an anonymous GET of that
path whose query string holds only what is supported here, this builds the SQL the table view
builds, from Datasette's own pieces where it has them:
- the columns: ``TableView.columns_to_select`` (``_col``, ``_nocol``; primary key first);
- the where clauses: ``datasette.filters.Filters`` over the column filters (``state=TX``,
  ``completions__gt=10``, ...), then the ``filters_from_request`` hooks called as the table view
  calls them (Datasette's ``_search`` clause, escaped, on the table's full-text index). No
  plugin in plugins/ implements that hook or otherwise changes a table's SQL; the requests its
  other built-in implementations act on (``_where``, ``_through``) are refused below;
- the order: ``_sort`` / ``_sort_desc``, else the table's metadata sort, else the primary key;
- ``limit`` one more than the page size (``_size``, ``max``, the default page size);
runs it with ``datasette.execute`` (so the time limit and the connection hooks of private_tables
and sql_limits apply), keeps the page's rows, writes them with the excel dialect, neutralizes
them (``crawler.csv_safety.neutralize_csv``, as the guard does), and sends the status and
headers Datasette sends (text/plain, or text/csv with a content-disposition for ``_dl``; the
Vary its router adds) with the whole body in one message.

Everything else goes to Datasette untouched: other paths and methods; a server with CORS or a
base_url; requests with cookies, an Authorization header or an actor (Datasette may then show
another page); a table the anonymous actor may not see, a canned query of that name, a view; any query key not in SUPPORTED_KEYS (``_next``, ``_stream``, ``_trace``,
``_where``, ``_through``, ``_labels``, ``_timelimit``, ``_search_<column>``, ...); a raw search
mode; a filter on a column the table does not have or with an unknown operator; a page size,
sort or column list Datasette would refuse; a cell holding bytes (Datasette links to the blob);
a body over ``max_csv_mb``; any exception while building the answer (Datasette then meets the
same error and reports it its own way). ``downloads_written`` counts what was answered here.

Order among our ASGI wrappers: this one is registered ``tryfirst``; pluggy calls it first and
Datasette wraps its app in call order, so it sits innermost, right around Datasette:
- blank_search and default_scope redirect a request before it gets here;
- response_cache sees this answer like any page (a 200 under MAX_BODY_BYTES, no cookie) and
  keeps it, so a repeat download between two crawls is served from memory;
- csv_formula_guard sees this response too, and need not rewrite it: the body is neutralized
  already, so its start message carries the guard's NEUTRALIZED key and the guard passes it as
  it is (its bytes search would take another 1.5 ms). Were the key lost on the way, the guard
  would give back the same bytes, never neutralizing twice: a neutralized cell starts with
  ``'``, neither a trigger nor invisible, so neutralize leaves it as it is. Should the guard
  ever run inside this wrapper instead, the body is safe all the same.
"""

from __future__ import annotations

import io
import itertools
from collections import Counter

from datasette import hookimpl
from datasette.filters import Filters
from datasette.plugins import pm
from datasette.utils import (
    await_me_maybe, detect_primary_keys, escape_sqlite, table_columns,
)
from datasette.utils.asgi import Request
from datasette.views.base import DatasetteError, ureg
from datasette.views.table import TableView

from crawler.csv_safety import csv_writer, neutralize_csv
from db.views import PROGRAM_DIRECTORY
from plugins.csv_formula_guard import NEUTRALIZED

TABLE = PROGRAM_DIRECTORY.name
PATH_END = f"/{TABLE}.csv"
# Query keys built here as the table view builds them, and _columns, which Datasette ignores:
# plugins/default_scope.py's note that every column was asked for.
SUPPORTED_KEYS = {"_size", "_sort", "_sort_desc", "_col", "_nocol", "_search", "_searchmode",
                  "_dl", "_header", "_columns"}
FILTER_LOOKUPS = {lookup for lookup, _, _ in Filters([]).lookups()}  # exact, gt, contains, ...

downloads_written: Counter[str] = Counter()  # query string -> downloads answered here


@hookimpl(tryfirst=True)
def asgi_wrapper(datasette):
    def wrap(app):
        async def directory_csv_app(scope, receive, send):
            answer = None
            database = _database_asked(datasette, scope)
            if database is not None:
                try:
                    answer = await _download(datasette, database, Request(scope, receive))
                except Exception:  # Datasette answers instead, meeting the same error
                    answer = None
            if answer is None:
                await app(scope, receive, send)
                return
            start, body = answer
            downloads_written[scope.get("query_string", b"").decode("latin-1")] += 1
            await send(start)
            await send({"type": "http.response.body", "body": body})

        return directory_csv_app

    return wrap


def _database_asked(datasette, scope):
    """The database whose program_directory.csv an anonymous GET asks for, or None."""
    if scope["type"] != "http" or scope["method"] != "GET" or scope.get("actor") is not None:
        return None
    if any(name in (b"cookie", b"authorization") for name, _ in scope.get("headers", [])):
        return None
    # Datasette routes on the raw path; a tilde- or percent-encoded name takes its longer way.
    path = (scope.get("raw_path") or scope["path"].encode()).decode("latin-1")
    route = path.removesuffix(PATH_END)
    if (route == path or datasette.setting("base_url") != "/" or datasette.cors
            or not route.startswith("/") or any(c in route[1:] for c in "/.~%")):
        return None
    return next((db for db in datasette.databases.values() if db.route == route[1:]), None)


async def _download(datasette, db, request: Request) -> tuple[dict, bytes] | None:
    args = request.args
    if any(key not in SUPPORTED_KEYS and key.startswith("_") and "__" not in key
           for key in args):
        return None
    if any(mode != "escaped" for mode in args.getlist("_searchmode")):
        return None
    await datasette.invoke_startup()  # when this answers the server's first request
    if await datasette.get_canned_query(db.name, TABLE, None):
        return None
    visible, _ = await datasette.check_visibility(None, permissions=[
        ("view-table", (db.name, TABLE)), ("view-database", db.name), "view-instance"])
    if not visible:
        return None
    is_table, pks, columns = await db.execute_fn(_introspect)
    if not is_table or not pks:  # a view or a rowid table: Datasette selects differently
        return None
    metadata = datasette.table_metadata(db.name, TABLE)
    if "_search" in args and metadata.get("searchmode") == "raw" and "_searchmode" not in args:
        return None

    filter_args = [(key, value) for key in args if not (key.startswith("_") and "__" not in key)
                   for value in args.getlist(key)]
    for key, _ in filter_args:
        column, lookup = key.rsplit("__", 1) if "__" in key else (key, "exact")
        if column not in columns or lookup not in FILTER_LOOKUPS:
            return None
    where_clauses, params = Filters(sorted(filter_args), metadata.get("units", {}),
                                    ureg).build_where_clauses(TABLE)
    for hook in pm.hook.filters_from_request(request=request, table=TABLE, database=db.name,
                                             datasette=datasette):
        filter_arguments = await await_me_maybe(hook)
        if filter_arguments:
            where_clauses.extend(filter_arguments.where_clauses)
            params.update(filter_arguments.params)

    view = TableView(datasette)
    try:
        selected = await view.columns_to_select(columns, pks, request)
    except DatasetteError:  # an unknown column: Datasette's 400
        return None
    order_by = await _order_by(view, db, args, metadata, pks)
    page_size = _page_size(datasette, args, metadata)
    if order_by is None or page_size is None:
        return None

    where = f"where {' and '.join(where_clauses)} " if where_clauses else ""
    sql = (f"select {', '.join(map(escape_sqlite, selected))} from {escape_sqlite(TABLE)} "
           f"{where}order by {order_by} limit {page_size + 1}")
    results = await datasette.execute(db.name, sql, params, truncate=True, page_size=page_size)
    rows = results.rows[:page_size]
    text = io.StringIO()
    writer = csv_writer(text)  # Datasette's dialect too: excel, CRLF
    if args.get("_header") != "off":
        writer.writerow([column[0] for column in results.description])
    writer.writerows(rows)
    body = text.getvalue()
    # The writer turns a bytes value into b'...' or b"...": without either, no cell held bytes
    # (looking at every value's type costs more than the rest of the check).
    if ("b'" in body or 'b"' in body) and bytes in set(
            map(type, itertools.chain.from_iterable(rows))):
        return None  # Datasette writes a link to the blob instead
    if datasette.setting("max_csv_mb") and len(body) > datasette.setting("max_csv_mb") * 2**20:
        return None  # Datasette stops there with an error in the body
    return _start(args), neutralize_csv(body.encode("utf-8"))


def _introspect(conn) -> tuple[bool, list[str], list[str]]:
    kind = conn.execute("select type from sqlite_master where name = ?", [TABLE]).fetchone()
    if kind is None or kind[0] != "table":
        return False, [], []
    return True, detect_primary_keys(conn, TABLE), table_columns(conn, TABLE)


async def _order_by(view: TableView, db, args, metadata: dict, pks: list[str]) -> str | None:
    """The table view's ``order by``, or None where it would refuse the sort."""
    sort, sort_desc = args.get("_sort"), args.get("_sort_desc")
    if not sort and not sort_desc:
        sort, sort_desc = metadata.get("sort"), metadata.get("sort_desc")
    if sort and sort_desc:
        return None
    sortable = await view.sortable_columns_for_table(db.name, TABLE, use_rowid=False)
    if sort:
        return escape_sqlite(sort) if sort in sortable else None
    if sort_desc:
        return f"{escape_sqlite(sort_desc)} desc" if sort_desc in sortable else None
    return ", ".join(map(escape_sqlite, pks))


def _page_size(datasette, args, metadata: dict) -> int | None:
    """The table view's page size, or None where it would refuse ``_size``."""
    size = args.get("_size") or metadata.get("size")
    if not size:
        return datasette.page_size
    if size == "max":
        size = datasette.max_returned_rows
    try:
        size = int(size)
    except ValueError:
        return None
    return size if 0 <= size <= datasette.max_returned_rows else None


def _start(args) -> dict:
    """The response start Datasette sends for a table's CSV (views/base.py as_csv, AsgiStream),
    with the Vary its router adds to every anonymous response."""
    headers = {}
    content_type = "text/plain; charset=utf-8"
    if args.get("_dl", None):
        content_type = "text/csv; charset=utf-8"
        headers["content-disposition"] = f'attachment; filename="{TABLE}.csv"'
    headers["content-type"] = content_type
    return {"type": "http.response.start", "status": 200,
            "headers": [(name.encode(), value.encode()) for name, value in headers.items()]
            + [(b"vary", b"Cookie, Authorization")], NEUTRALIZED: True}
