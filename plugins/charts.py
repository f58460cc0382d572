"""Datasette plugin: /-/charts, where and how the programs are offered, drawn with Vega-Lite.

Two fixed queries over program_directory (our three tracks at certificate, diploma and
associate level) run on the server, so the page needs no arbitrary SQL (`serve` keeps it off);
each result becomes the data of a Vega-Lite chart. The vega, vega-lite and vega-embed scripts
are the ones the pinned datasette-dashboards plugin ships and Datasette serves: no CDN. (Its
own dashboards need arbitrary SQL in the browser, which is why they are not used.)
"""

from __future__ import annotations

import json
from typing import NamedTuple

from datasette import hookimpl
from datasette.utils.asgi import Response

from db.views import OUR_SCOPE, PROGRAM_DIRECTORY


# A NamedTuple, not a dataclass: Datasette loads plugins/ modules outside sys.modules, where
# dataclasses cannot resolve postponed annotations.
class Chart(NamedTuple):
    slug: str
    title: str
    sql: str
    encoding: dict  # Vega-Lite encoding of a bar chart


CHARTS = (
    Chart("by-state-and-track", "Programs by state and track",
          f"SELECT state, track, count(*) AS programs FROM {PROGRAM_DIRECTORY.name} "
          f"WHERE scope = :scope AND state IS NOT NULL GROUP BY state, track",
          {"x": {"field": "state", "type": "nominal", "sort": "-y", "title": "State"},
           "y": {"field": "programs", "type": "quantitative", "aggregate": "sum",
                 "title": "Programs"},
           "color": {"field": "track", "type": "nominal", "title": "Track"}}),
    Chart("online-share-by-credential",
          "Share of programs that can be taken online, by credential level",
          # Each bar says how many programs it stands for: one online diploma is 100 % too.
          f"SELECT credential_level, printf('%s (%d)', credential_level, count(*)) AS level, "
          f"round(100.0 * sum(delivery_mode = 'online') / count(*), 1) "
          f"AS online_percent, count(*) AS programs FROM {PROGRAM_DIRECTORY.name} "
          f"WHERE scope = :scope GROUP BY credential_level ORDER BY credential_level",
          {"x": {"field": "level", "type": "nominal",
                 "title": "Credential level (number of programs)"},
           "y": {"field": "online_percent", "type": "quantitative",
                 "title": "Online (% of programs)", "scale": {"domain": [0, 100]}}}),
)


def vega_lite_spec(chart: Chart, rows: list[dict]) -> str:
    """The chart's Vega-Lite spec as JSON that is safe inside a <script> element."""
    spec = {"$schema": "https://vega.github.io/schema/vega-lite/v5.json",
            "description": chart.title, "width": "container", "height": 300,
            "data": {"values": rows}, "mark": {"type": "bar", "tooltip": True},
            "encoding": chart.encoding}
    return json.dumps(spec).replace("<", "\\u003c")


async def charts_page(request, datasette):
    db = datasette.get_database()
    charts = []
    for chart in CHARTS:
        result = await db.execute(chart.sql, {"scope": OUR_SCOPE})
        rows = [dict(row) for row in result.rows]
        charts.append({"slug": chart.slug, "title": chart.title, "rows": len(rows),
                       "spec": vega_lite_spec(chart, rows)})
    html = await datasette.render_template("charts.html", {"charts": charts,
                                                           "database": db.name},
                                           request=request)
    return Response.html(html)


@hookimpl
def register_routes():
    return [(r"^/-/charts$", charts_page)]


@hookimpl
def menu_links(datasette, actor):
    return [{"href": datasette.urls.path("/-/charts"), "label": "Charts"}]
