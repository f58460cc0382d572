"""Datasette plugin: a search with no words in it is no search.

Pressing the search button with an empty box sends ``?_search=``; Datasette hands that to SQLite
full-text search as an empty query, which it rejects, and the visitor gets an "Invalid SQL"
error page (the same for ``" "`` or a lone quote). Such a request is redirected to the same page
without the empty search, which lists what the other filters select.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl


def has_words(text: str) -> bool:
    return any(character.isalnum() for character in text)


def without_blank_searches(query_string: str) -> str | None:
    """The query string without its wordless searches, or None when it has none."""
    pairs = parse_qsl(query_string, keep_blank_values=True)
    kept = [(key, value) for key, value in pairs
            if not (key.startswith("_search") and key != "_searchmode" and not has_words(value))]
    return None if len(kept) == len(pairs) else urlencode(kept)


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def searching_app(scope, receive, send):
            query = (without_blank_searches(scope.get("query_string", b"").decode("latin-1"))
                     if scope["type"] == "http" and b"_search" in scope.get("query_string", b"")
                     else None)
            if query is None:
                await app(scope, receive, send)
                return
            location = scope["path"] + (f"?{query}" if query else "")
            await send({"type": "http.response.start", "status": 302,
                        "headers": [(b"location", location.encode()),
                                    (b"content-type", b"text/plain")]})
            await send({"type": "http.response.body", "body": b""})

        return searching_app

    return wrap
