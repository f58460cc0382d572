"""Not being able to read a page is not evidence that its program is gone.

A program is marked removed only on evidence: its page fetched cleanly and no longer a program
(404, 410, or no program on it), on a site the run read completely. A page aborted at the size
cap, caught in a redirect loop, undecodable, or failing outright puts its whole site outside the
removal scope for that run; so does a site where the run found no program at all (a redesign).
"""

from __future__ import annotations

import sqlite3

import pytest

from tests.faults.proxy import Body, HugeBody, RedirectLoop, Reset, Status

# Two catalog crawls over loopback per case.
pytestmark = pytest.mark.crawl

HOST = "www.kettleriver.edu"
PAGE = "/programs/medical-transcription.html"
SEEDS = ("institution,unitid,start_url,platform\n"
         "Kettle River Community College,,https://www.kettleriver.edu/,\n")
NOT_READ = {
    "oversized": HugeBody(size=8 * 1024 * 1024),  # past the catalog's 5 MB DOWNLOAD_MAXSIZE
    "redirect_loop": RedirectLoop(),
    "binary": Body(body=b"\x00\x01\x02PK\x03\x04" * 50,
                   headers={"Content-Type": "application/octet-stream"}),
    "bad_charset": Body(body=b"<html><body>" + b"\xff\xfe\x81\x90" * 400 + b"</body></html>",
                        headers={"Content-Type": "text/html; charset=utf-8"}),
    "bad_gzip": Body(body=b"\x1f\x8b\x08\x00 not really gzip",
                     headers={"Content-Type": "text/html", "Content-Encoding": "gzip"}),
    "reset": Reset(),
    "forbidden": Status(403),
}


def listed(database) -> list[str]:
    with sqlite3.connect(database) as connection:
        return sorted(url for (url,) in connection.execute(
            "SELECT url FROM programs WHERE source = 'catalog' AND removed_at IS NULL"))


def crawl(cli, faulty_web, tmp_path, *options):
    seeds = tmp_path / "seeds.csv"
    seeds.write_text(SEEDS)
    return cli("crawl", "catalog", "-a", f"seeds={seeds}", "--db", tmp_path / "directory.db",
               *faulty_web.crawl_options, "-s", "RETRY_TIMES=1",
               # One unreadable page must not make the run unhealthy here: the question is
               # what a succeeded run removes.
               "-s", "HEALTH_MAX_ERROR_RATE=1", *options)


@pytest.fixture
def first_crawl(cli, faulty_web, tmp_path):
    result = crawl(cli, faulty_web, tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    programs = listed(tmp_path / "directory.db")
    assert f"https://{HOST}{PAGE}" in programs
    return programs


@pytest.mark.parametrize("case", NOT_READ)
def test_a_page_that_could_not_be_read_removes_nothing(case, first_crawl, cli, faulty_web,
                                                       tmp_path):
    faulty_web.add(HOST, PAGE, NOT_READ[case])
    result = crawl(cli, faulty_web, tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert PAGE in faulty_web.requests_to(HOST)
    assert listed(tmp_path / "directory.db") == first_crawl


@pytest.mark.parametrize("status", [404, 410])
def test_a_page_that_is_gone_removes_its_program(status, first_crawl, cli, faulty_web,
                                                 tmp_path):
    faulty_web.add(HOST, PAGE, Status(status))
    result = crawl(cli, faulty_web, tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert listed(tmp_path / "directory.db") == [
        url for url in first_crawl if url != f"https://{HOST}{PAGE}"]


def test_a_redesigned_site_with_no_program_found_keeps_its_programs(first_crawl, cli,
                                                                    faulty_web, tmp_path):
    redesign = (b"<html><head><title>Kettle River Community College</title></head><body>"
                b"<h1>Welcome</h1><p>Our new site is coming soon.</p></body></html>")
    faulty_web.add(HOST, "/", Body(body=redesign))
    faulty_web.add(HOST, "/sitemap.xml", Status(404))
    # One college among many: the run's item count as a whole would not drop by half.
    result = crawl(cli, faulty_web, tmp_path, "-s", "HEALTH_MAX_ITEM_DROP=1")
    assert result.returncode == 0, result.stderr[-2000:]
    assert listed(tmp_path / "directory.db") == first_crawl
