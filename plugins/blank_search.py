"""Datasette plugin: a search with no words in it is no search.

Pressing the search button with an empty box sends ``?_search=``; Datasette hands that to SQLite
full-text search as an empty query, which it rejects, and the visitor gets an "Invalid SQL"
error page (the same for ``" "`` or a lone quote). Such a request is redirected to the same page
without the empty search, which lists what the other filters select.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl

from plugins.redirects import redirect_when


def has_words(text: str) -> bool:
    return any(character.isalnum() for character in text)


def without_blank_searches(query_string: str) -> str | None:
    """The query string without its wordless searches, or None when it has none."""
    pairs = parse_qsl(query_string, keep_blank_values=True)
    kept = [(key, value) for key, value in pairs
            if not (key.startswith("_search") and key != "_searchmode" and not has_words(value))]
    return None if len(kept) == len(pairs) else urlencode(kept)


def search_location(scope) -> str | None:
    """Where a request with a wordless search goes instead, or None to serve it as asked."""
    query_string = scope.get("query_string", b"")
    if scope["type"] != "http" or b"_search" not in query_string:
        return None
    query = without_blank_searches(query_string.decode("latin-1"))
    if query is None:
        return None
    return scope["path"] + (f"?{query}" if query else "")


@hookimpl
def asgi_wrapper(datasette):
    return redirect_when(search_location)
