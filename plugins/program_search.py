"""Datasette plugin: /-/search, finding programs by their words, for people.

The directory page's search box (templates/table.html) sends its words and the page's facet
filters here. The results are the directory's rows in its own order (institution, then
program), fifty a page, each with its place and badges, beside counts of every facet.

Datasette's table search (``program_directory?_search=``, still there for the table, JSON and
CSV, and linked from this page) counts its matches and then sorts all of them for the first
page: for a word every program has, that is two passes over 100,000 wide rows, over 100 ms
cold before any facet (measured with bench/directory_latency.py's database). This page asks two cheaper questions, at once:
- the count and every facet: the matching rowids of the full-text index grouped by the
  combination of facet values they carry (db/facet_counts.py), no row read; the count is the
  sum of the combinations the filters keep;
- the rows to show: for a word many programs have, the directory walked in its sort order by
  index, each row checked against the matches until a page is full (the unary plus in
  ``+rowid IN`` keeps SQLite from starting from the matches, which would sort them all); for
  a rare word, its few matches looked up and sorted, rather than a walk of the whole index.
  The index says how many programs match before either runs.
"""

from __future__ import annotations

import asyncio
from typing import NamedTuple
from urllib.parse import urlencode

from datasette import Forbidden, hookimpl
from datasette.database import QueryInterrupted
from datasette.utils import tilde_encode
from datasette.utils.asgi import Response

from db.facet_counts import (DIRECTORY_FACETS, MATCHING_ROWIDS, FacetCounts,
                             facet_counts_query, read_facet_counts)
from db.views import OUR_SCOPE, PROGRAM_DIRECTORY
from plugins.blank_search import has_words

SEARCH_PATH = "/-/search"
PAGE_SIZE = 50
LAST_PAGE = 100  # deeper than 5,000 rows a filter or the table serves better than OFFSET
# Up to this many matches, sorting them beats walking the index (at 100,000 programs: 7
# matches sorted in 0.1 ms against a 6 ms walk; 20,000 sorted in 16 ms against a 2 ms walk).
SORT_MATCHES_UP_TO = 1000
FACET_LABELS = {"scope": "Scope", "track": "Track", "credential_level": "Credential level",
                "delivery_mode": "Delivery", "state": "State"}
ROW_COLUMNS = ("program_id", "title", "institution_name", "city", "state", "track",
               "credential_level", "delivery_mode", "unitid", "scope")


class SearchRequest(NamedTuple):
    words: str  # as typed; escaped for the full-text index as Datasette's _search escapes it
    filters: dict[str, str]  # facet column -> the value it must equal
    page: int  # 1-based

    def query(self, **changes) -> str:
        """This request's query string with ``changes`` (a value of None removes the key)."""
        pairs = {"q": self.words, **self.filters, "page": self.page if self.page > 1 else None}
        pairs.update(changes)
        return urlencode([(key, value) for key, value in pairs.items() if value is not None])


def search_request(args) -> SearchRequest:
    """What a query string asks for; values it cannot use are dropped, never an error. A bare
    /-/search (the menu's link) starts where the directory starts: on our tracks and levels."""
    if not list(args.keys()):
        return SearchRequest("", {"scope": OUR_SCOPE}, 1)
    words = args.get("q") or ""
    filters = {column: args.get(column) for column in DIRECTORY_FACETS if args.get(column)}
    try:
        page = min(max(int(args.get("page") or 1), 1), LAST_PAGE)
    except ValueError:
        page = 1
    return SearchRequest(words if has_words(words) else "", filters, page)


def rows_query(search: SearchRequest, matches: int) -> tuple[str, dict]:
    where = "".join(f"[{column}] = :{column} AND " for column in search.filters)
    walk = "+" if matches > SORT_MATCHES_UP_TO else ""
    sql = (f"SELECT {', '.join(ROW_COLUMNS)} FROM [{PROGRAM_DIRECTORY.name}] "
           f"WHERE {where}{walk}rowid IN ({MATCHING_ROWIDS}) "
           f"ORDER BY institution_name, program_id "
           f"LIMIT {PAGE_SIZE + 1} OFFSET {(search.page - 1) * PAGE_SIZE}")
    return sql, {**search.filters, "search": search.words}


def facet_lists(search: SearchRequest, counts: FacetCounts) -> list[dict]:
    """Each facet's values with their counts and the link that adds or removes the value."""
    facets = []
    for column in DIRECTORY_FACETS:
        chosen = search.filters.get(column)
        values = [{"value": value, "count": count, "selected": value == chosen,
                   "href": f"{SEARCH_PATH}?"
                           + search.query(page=None, **{column: None if value == chosen
                                                        else value})}
                  for value, count in counts.values[column]]
        facets.append({"column": column, "label": FACET_LABELS[column], "values": values})
    return facets


async def results(db, search: SearchRequest) -> dict:
    """Count, facets and one page of rows for a search with words."""
    counts_sql, counts_params = facet_counts_query(search.filters, search.words)
    try:
        matches = (await db.execute(f"SELECT count(*) FROM ({MATCHING_ROWIDS})",
                                    {"search": search.words})).first()[0]
        rows_sql, rows_params = rows_query(search, matches)
        counted, rows = await asyncio.gather(
            db.execute(counts_sql, counts_params, truncate=False),
            db.execute(rows_sql, rows_params, truncate=False))
    except QueryInterrupted:
        return {"timed_out": True}
    programs = [dict(row) for row in rows.rows]
    for program in programs:
        program["path"] = tilde_encode(program["program_id"])
    counts = read_facet_counts(counted.rows)
    return {"total": counts.total, "facets": facet_lists(search, counts),
            "programs": programs[:PAGE_SIZE],
            "more": len(programs) > PAGE_SIZE and search.page < LAST_PAGE}


def table_query(search: SearchRequest) -> str:
    """The same search on Datasette's table page (and its JSON and CSV)."""
    return urlencode([("_search", search.words), *search.filters.items()])


async def search_page(request, datasette):
    db = datasette.get_database()
    visible, _ = await datasette.check_visibility(request.actor, permissions=[
        ("view-table", (db.name, PROGRAM_DIRECTORY.name)), ("view-database", db.name),
        "view-instance"])
    if not visible:
        raise Forbidden("You do not have permission to view the directory")
    search = search_request(request.args)
    context = {"search": search, "database": db.name, "table": PROGRAM_DIRECTORY.name,
               "page_size": PAGE_SIZE, "table_query": table_query(search),
               "filter_labels": FACET_LABELS, "search_path": SEARCH_PATH}
    if search.words:
        context.update(await results(db, search))
    html = await datasette.render_template("search.html", context, request=request)
    return Response.html(html)


@hookimpl
def register_routes():
    return [(rf"^{SEARCH_PATH}$", search_page)]


@hookimpl
def menu_links(datasette, actor):
    return [{"href": datasette.urls.path(SEARCH_PATH), "label": "Find a program"}]


@hookimpl
def extra_template_vars(view_name, table, request, datasette):
    """The directory page's search box: where it goes and the facet filters it keeps."""
    if view_name != "table" or table != PROGRAM_DIRECTORY.name or request is None:
        return {}
    kept = [(column, request.args.get(column) or request.args.get(f"{column}__exact"))
            for column in DIRECTORY_FACETS]
    return {"program_search": {"action": datasette.urls.path(SEARCH_PATH),
                               "words": request.args.get("_search") or "",
                               "kept": [(column, value) for column, value in kept if value]}}
