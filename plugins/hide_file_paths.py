"""Datasette plugin: /-/databases.json without the database file's path on the server.

Datasette's own page lists each database with its absolute path, which tells a visitor the
server's directory layout (and user name). This route is registered before Datasette's, so it
answers instead, with every other field kept.
"""

from __future__ import annotations

from datasette import hookimpl
from datasette.utils.asgi import Response


@hookimpl
def register_routes(datasette):
    async def databases(request):
        return Response.json([
            {"name": db.name, "route": db.route, "size": db.size, "is_mutable": db.is_mutable,
             "is_memory": db.is_memory, "hash": db.hash}
            for name, db in datasette.databases.items() if name != "_internal"])

    return [(r"^/-/databases(\.json)?$", databases)]
