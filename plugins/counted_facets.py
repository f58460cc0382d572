"""Datasette plugin: the directory's facet counts are read from the tables kept for them.

Datasette counts a facet by grouping every row the page's filters select: five facets over the
directory's 100,000 programs cost five scans of its wide rows per page view, and the JSON API
pays them too. program_directory's facets are configured as ``{"counted": column}``
(db/metadata.py), a facet type registered here, which reads db/facet_counts.py's tables:
- a page filtering on facet columns only (the default scope, ``?track=hit&state=TX``): one
  query reads the matching rows of program_directory_facet_counts (a few thousand
  combinations of facet values, each with its number of programs) and every facet's counts
  are summed from them;
- the same with a full-text search (``_search``): the combinations are counted from the
  full-text index's matching rowids alone, which carry them;
- any other page (a range or ``contains`` filter, a column outside the facets, a raw or
  per-column search): counted the way Datasette counts it, over the page's own SQL.
The numbers are the same either way (tests/test_counted_facets.py).
"""

from __future__ import annotations

import asyncio
from typing import NamedTuple
from urllib.parse import parse_qsl

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.facets import Facet
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args

from db.facet_counts import DIRECTORY_FACETS, facet_counts_query, read_facet_counts

# Query-string keys that shape the page but select no rows (Datasette's table parameters).
PRESENTATION_KEYS = {
    "_sort", "_sort_desc", "_col", "_nocol", "_size", "_next", "_facet_size", "_labels",
    "_nolabels", "_shape", "_json", "_json_infinity", "_nl", "_trace", "_nocount",
    "_nofacet", "_nosuggest", "_stream", "_dl", "_header", "_timelimit", "_ttl",
    "_columns",  # plugins/default_scope.py: "Show all columns" asked for every column
}


class FacetQuery(NamedTuple):
    filters: dict[str, str]  # facet column -> the value it must equal
    search: str | None  # ?_search=, matched as Datasette matches it (escaped)


def facet_query(query_string: str) -> FacetQuery | None:
    """The page's filters when each is an exact match on a facet column or a plain full-text
    search, else None."""
    filters, search = {}, None
    for key, value in parse_qsl(query_string, keep_blank_values=True):
        if key in PRESENTATION_KEYS or key.startswith("_facet"):
            continue
        if key == "_search" and search is None:
            search = value
            continue
        if key == "_searchmode" and value == "escaped":
            continue
        column = key.removesuffix("__exact")
        if column not in DIRECTORY_FACETS or filters.get(column, value) != value:
            return None
        filters[column] = value
    return FacetQuery(filters, search or None)


class CountedFacet(Facet):
    type = "counted"

    async def facet_results(self):
        results, timed_out = [], []
        pairs = self.get_querystring_pairs()
        query = facet_query(self.request.query_string)
        size = self.get_facet_size()
        configs = self.get_configs()
        columns = [config["config"].get("column") or config["config"]["simple"]
                   for config in configs]
        kept = None
        if query is not None and any(column in DIRECTORY_FACETS for column in columns):
            # One query counts every facet of the page from the kept counts.
            kept = asyncio.ensure_future(self._kept_counts(query))
        # The other facets all at once: Datasette runs each query in its thread pool, and
        # SQLite lets go of the GIL while it counts.
        counted = await asyncio.gather(
            *(self._from_kept(kept, column, size + 1)
              if kept is not None and column in DIRECTORY_FACETS
              else self._counts(column, size + 1) for column in columns),
            return_exceptions=True)
        for source_and_config, column, rows in zip(configs, columns, counted):
            if isinstance(rows, QueryInterrupted):
                timed_out.append(column)
                continue
            if isinstance(rows, BaseException):
                raise rows
            results.append({
                "name": column,
                # Counts of a column's values, as a column facet gives them: the page and the
                # JSON show it as one (Datasette would title it "state (counted)").
                "type": "column",
                "hideable": source_and_config["source"] != "metadata",
                "toggle_url": self.ds.urls.path(
                    path_with_removed_args(self.request, {"_facet_counted": column})),
                "results": [self._value(column, value, count, pairs)
                            for value, count in rows[:size]],
                "truncated": len(rows) > size,
            })
        return results, timed_out

    async def _kept_counts(self, query: FacetQuery):
        sql, params = facet_counts_query(query.filters, query.search)
        result = await self.ds.execute(
            self.database, sql, params, truncate=False,
            custom_time_limit=self.ds.setting("facet_time_limit_ms"))
        return read_facet_counts(result.rows)

    @staticmethod
    async def _from_kept(kept: asyncio.Future, column: str, limit: int) -> list[tuple]:
        # One query, awaited by every facet column.
        return (await kept).values[column][:limit]

    async def _counts(self, column: str, limit: int) -> list[tuple]:
        """What Datasette's column facet runs, over the page's own SQL."""
        name = escape_sqlite(column)
        sql = (f"SELECT {name} AS value, count(*) AS count FROM ({self.sql}) "
               f"WHERE {name} IS NOT NULL GROUP BY {name} "
               f"ORDER BY count DESC, value LIMIT {limit}")
        result = await self.ds.execute(
            self.database, sql, self.params, truncate=False,
            custom_time_limit=self.ds.setting("facet_time_limit_ms"))
        return [tuple(row) for row in result.rows]

    def _value(self, column: str, value, count: int, pairs: list[tuple[str, str]]) -> dict:
        selected = (column, str(value)) in pairs
        path = (path_with_removed_args(self.request, {column: str(value)}) if selected
                else path_with_added_args(self.request, {column: value}))
        return {"value": value, "label": value, "count": count, "selected": selected,
                "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(path))}


@hookimpl
def register_facet_classes():
    return [CountedFacet]
