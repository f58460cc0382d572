"""robots.txt fails closed (RFC 9309 2.3.1): a 5xx or unreachable robots.txt keeps the crawler
off that host for the run; a 4xx means there are no rules."""

from __future__ import annotations

import pytest
from scrapy.http import Response

from crawler.robotstxt import ALLOW_ALL, DISALLOW_ALL, robots_body
from tests.faults.proxy import Reset, Stall, Status

HOST = "www.kettleriver.edu"
SEEDS = ("institution,unitid,start_url,platform\n"
         "Kettle River Community College,,https://www.kettleriver.edu/,\n")


@pytest.mark.parametrize("status, rules", [
    (200, b"User-agent: *\nDisallow: /cgi-bin/\n"), (404, ALLOW_ALL), (403, ALLOW_ALL),
    (429, DISALLOW_ALL), (500, DISALLOW_ALL), (503, DISALLOW_ALL)])
def test_what_a_robots_txt_answer_stands_for(status, rules):
    body = b"User-agent: *\nDisallow: /cgi-bin/\n"
    assert robots_body(Response("https://a.edu/robots.txt", status=status, body=body).status,
                       body) == rules


def crawl_kettle_river(cli, faulty_web, tmp_path, *options):
    seeds = tmp_path / "seeds.csv"
    seeds.write_text(SEEDS)
    return cli("crawl", "catalog", "-a", f"seeds={seeds}", "--db", tmp_path / "directory.db",
               *faulty_web.crawl_options, "-s", "RETRY_TIMES=1", *options)


@pytest.mark.crawl
@pytest.mark.parametrize("fault", [Status(503), Status(500), Reset(), Stall(seconds=4)],
                         ids=["503", "500", "reset", "timeout"])
def test_an_unreadable_robots_txt_keeps_the_crawler_off_the_host(fault, faulty_web, cli,
                                                                 tmp_path):
    faulty_web.add(HOST, "/robots.txt", fault)
    result = crawl_kettle_river(cli, faulty_web, tmp_path, "-s", "DOWNLOAD_TIMEOUT=2")
    fetched = [path for path in faulty_web.requests_to(HOST) if path != "/robots.txt"]
    assert fetched == []
    assert "robots.txt of www.kettleriver.edu is unreachable" in result.stderr


@pytest.mark.crawl
def test_a_missing_robots_txt_allows_everything(faulty_web, cli, tmp_path):
    faulty_web.add(HOST, "/robots.txt", Status(404))
    result = crawl_kettle_river(cli, faulty_web, tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "/programs/medical-transcription.html" in faulty_web.requests_to(HOST)
