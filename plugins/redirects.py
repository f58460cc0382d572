"""Shared by the plugins that send some requests elsewhere (default_scope, blank_search).

No hooks of its own: Datasette loads it from plugins/ like the others and finds nothing to call.
"""

from __future__ import annotations

from collections.abc import Callable


def redirect_when(location_for: Callable[[dict], str | None]):
    """An asgi_wrapper body: a 302 to ``location_for(scope)`` when it names a place, else the
    request goes on to Datasette."""
    def wrap(app):
        async def redirecting_app(scope, receive, send):
            location = location_for(scope)
            if location is None:
                await app(scope, receive, send)
                return
            await send({"type": "http.response.start", "status": 302,
                        "headers": [(b"location", location.encode()),
                                    (b"content-type", b"text/plain")]})
            await send({"type": "http.response.body", "body": b""})

        return redirecting_app

    return wrap
