"""Datasette plugin: the directory opens on what people come for.

``/DB/program_directory`` with no query at all redirects to the same page filtered on our three
tracks at certificate, diploma and associate level (scope column, db/views.py). The redirect
target also names a sort and the columns a person reads first, so removing the scope filter
(the facet's ✖ or the filter form) leaves a query behind and shows every program instead of
bouncing back: look-alikes and other levels are one click away. Datasette has no default-filter
setting; this is the smallest way in.

Any other directory page that names no columns (a bookmarked or hand-typed ``?state=TX``) gets
the same reader columns added, not its 53: the table stays readable and renders in half the
time. "Show all columns" in the column menu drops the column list; templates/table.html makes it
say ``_columns=all`` as well, which this plugin leaves alone.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl

from db.views import OUR_SCOPE, PROGRAM_DIRECTORY
from plugins.redirects import redirect_when

# The columns a person reads first (the map needs latitude and longitude); every column is one
# click away in the column menu ("Show all columns"). Fewer cells also render much faster.
DEFAULT_COLUMNS = ("title", "institution_name", "city", "state", "track", "credential_level",
                   "delivery_mode", "sources", "url", "latitude", "longitude")
READER_COLUMNS_QUERY = urlencode([("_col", column) for column in DEFAULT_COLUMNS])
DEFAULT_QUERY = urlencode([("scope", OUR_SCOPE), ("_sort", "institution_name")]) + (
    "&" + READER_COLUMNS_QUERY)
# Query keys that choose the columns or the format themselves.
COLUMN_CHOICES = {"_col", "_nocol", "_columns", "_format"}


def default_location(scope) -> str | None:
    """Where a request for a directory page goes instead, or None to serve it as asked."""
    if scope["type"] != "http" or scope["method"] != "GET":
        return None
    parts = scope["path"].strip("/").split("/")
    if len(parts) != 2 or parts[1] != PROGRAM_DIRECTORY.name:
        return None
    query = scope.get("query_string", b"").decode("latin-1")
    if not query:
        return f"{scope['path']}?{DEFAULT_QUERY}"
    if COLUMN_CHOICES.isdisjoint(key for key, _ in parse_qsl(query, keep_blank_values=True)):
        return f"{scope['path']}?{query}&{READER_COLUMNS_QUERY}"
    return None


@hookimpl
def asgi_wrapper(datasette):
    return redirect_when(default_location)
