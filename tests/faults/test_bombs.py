"""Memory bombs: a small download or a short query must not make the process huge.

A zip bomb posing as an IPEDS data file is refused once its CSV passes the uncompressed-size
cap, read in chunks (never whole); Datasette's arbitrary SQL cannot build a huge string or blob
or a huge result (plugins/sql_limits.py)."""

from __future__ import annotations

import asyncio
import io
import tracemalloc
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

import pytest
from datasette.app import Datasette
from scrapy.exceptions import CloseSpider
from scrapy.http import Request, Response
from scrapy.utils.test import get_crawler

from crawler import settings as project_settings
from crawler.commands.serve import PLUGINS_DIR, datasette_settings
from db.metadata import build_metadata
from spiders.ipeds import IpedsSpider
from tests.datasette_process import serve_process

MB = 1024 * 1024
HEADER = b"UNITID,INSTNM,ADDR,CITY,STABBR,ZIP,WEBADDR,LATITUDE,LONGITUD,SECTOR,CONTROL\r\n"


def zip_bomb(uncompressed_mb: int) -> bytes:
    """A valid HD zip whose one CSV inflates ~1000 times: the same row over and over."""
    row = (b'100654,"Bayshore Community College",x,Mays Landing,NJ,08330,www.x.edu,39.4,'
           b'-74.7,4,1\r\n')
    block = row * (MB // len(row))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("hd2023.csv", "w", force_zip64=True) as member:
            member.write(HEADER)
            for _ in range(uncompressed_mb):
                member.write(block)
    return buffer.getvalue()


def ipeds_spider(**settings):
    defaults = {name: getattr(project_settings, name) for name in dir(project_settings)
                if name.isupper()}
    crawler = get_crawler(IpedsSpider, settings_dict=defaults | settings)
    crawler.stats.open_spider()
    return IpedsSpider.from_crawler(crawler)


def test_a_zip_bomb_posing_as_an_ipeds_file_is_refused_within_the_cap(caplog):
    bomb = zip_bomb(96)
    assert len(bomb) < MB  # a small download...
    spider = ipeds_spider(IPEDS_MAX_UNCOMPRESSED_BYTES=16 * MB)
    url = "https://nces.ed.gov/ipeds/datacenter/data/HD2023.zip"
    response = Response(url, body=bomb, request=Request(url, meta={"file_name": "HD2023.zip"}))
    tracemalloc.start()
    try:
        with pytest.raises(CloseSpider) as stop:
            # The spider reads a year's files once all three have arrived; HD is read first.
            list(spider._read_year(2023, {"HD{year}": response, "C{year}DEP": response,
                                          "C{year}_A": response}))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert stop.value.reason == "ipeds_file_error"
    assert "uncompressed" in caplog.text and "HD2023.zip" in caplog.text
    assert peak < 40 * MB, f"peak {peak / MB:.0f} MB for a {len(bomb) / MB:.2f} MB download"


@pytest.fixture
def datasette_with_sql(database, database_path):
    """Datasette as `serve --allow-sql` runs it: our settings and plugins, SQL switched on."""
    database["programs"].insert({"program_id": "p1", "title": "Medical Coding"})
    return Datasette([str(database_path)], metadata=build_metadata(database_path.stem),
                     plugins_dir=str(PLUGINS_DIR),
                     settings=datasette_settings(allow_sql=True))


def query(datasette, sql):
    return asyncio.run(datasette.client.get("/directory.json", params={"sql": sql}))


def test_sql_cannot_build_a_huge_string_or_blob(datasette_with_sql):
    response = query(datasette_with_sql, "select hex(zeroblob(20000000)) as big")
    assert response.status_code == 400
    assert "too big" in response.json()["error"]
    assert len(response.content) < 10_000


def test_sql_cannot_build_a_huge_result_from_many_small_values(datasette_with_sql):
    response = query(datasette_with_sql,
                     "with recursive r(n) as (select 1 union all select n + 1 from r limit 60) "
                     "select n, hex(zeroblob(400000)) as chunk from r")
    assert response.status_code == 400
    assert "too large" in response.json()["error"]
    assert len(response.content) < 10_000


def test_ordinary_queries_still_answer(datasette_with_sql):
    response = query(datasette_with_sql, "select program_id, title, length(hex(zeroblob(1000))) "
                                         "as n from programs")
    assert response.status_code == 200
    assert response.json()["rows"] == [["p1", "Medical Coding", 2000]]


def peak_rss_mb(pid: int) -> int:
    """The process's peak resident memory so far (Linux /proc)."""
    status = Path(f"/proc/{pid}/status").read_text()
    line = next(line for line in status.splitlines() if line.startswith("VmHWM"))
    return int(line.split()[1]) // 1024


@pytest.mark.crawl
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc for memory")
def test_the_real_server_stays_small_under_a_blob_bomb(database, database_path):
    """`serve --allow-sql` as a process: the query that once took it to gigabytes fails at once."""
    database["programs"].insert({"program_id": "p1", "title": "Medical Coding"})
    with serve_process(database_path, "--allow-sql") as (base, process):
        query_url = base + "/directory.json?" + urllib.parse.urlencode(
            {"sql": "select hex(zeroblob(4e8))"})
        with pytest.raises(urllib.error.HTTPError) as answer:
            urllib.request.urlopen(query_url, timeout=60)
        assert answer.value.code == 400
        assert peak_rss_mb(process.pid) < 200
