"""Datasette plugin: the directory opens on what people come for.

``/DB/program_directory`` with no query at all redirects to the same page filtered on our three
tracks at certificate, diploma and associate level (scope column, db/views.py). The redirect
target also names a sort and the columns a person reads first, so removing the scope filter
(the facet's ✖ or the filter form) leaves a query behind and shows every program instead of
bouncing back: look-alikes and other levels are one click away. Datasette has no default-filter setting; this is the smallest way in.
"""

from __future__ import annotations

from urllib.parse import urlencode

from datasette import hookimpl

from db.views import OUR_SCOPE, PROGRAM_DIRECTORY

# The columns a person reads first (the map needs latitude and longitude); every column is one
# click away in the column menu ("Show all columns"). Fewer cells also render much faster.
DEFAULT_COLUMNS = ("title", "institution_name", "city", "state", "track", "credential_level",
                   "delivery_mode", "sources", "url", "latitude", "longitude")
DEFAULT_QUERY = urlencode([("scope", OUR_SCOPE), ("_sort", "institution_name"),
                           *(("_col", column) for column in DEFAULT_COLUMNS)])


def default_location(scope) -> str | None:
    """Where a request for the bare directory page goes, or None for any other request."""
    if scope["type"] != "http" or scope.get("query_string"):
        return None
    parts = scope["path"].strip("/").split("/")
    if len(parts) == 2 and parts[1] == PROGRAM_DIRECTORY.name:
        return f"{scope['path']}?{DEFAULT_QUERY}"
    return None


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def scoped_app(scope, receive, send):
            location = default_location(scope)
            if location is None:
                await app(scope, receive, send)
                return
            await send({"type": "http.response.start", "status": 302,
                        "headers": [(b"location", location.encode()),
                                    (b"content-type", b"text/plain")]})
            await send({"type": "http.response.body", "body": b""})

        return scoped_app

    return wrap
