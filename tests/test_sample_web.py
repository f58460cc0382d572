"""The sample web server: virtual hosting, revalidation and open-web behaviours."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from sampleweb.server import SampleWeb


@pytest.fixture
def web(tmp_path):
    site = tmp_path / "www.example.edu"
    (site / "programs").mkdir(parents=True)
    (site / "index.html").write_text('<a href="https://www.example.edu/programs/">Programs</a>')
    (site / "programs" / "index.html").write_text("<h1>Programs</h1>")
    (site / "_behaviors.json").write_text(json.dumps([
        {"path": "/flaky", "status": 500, "times": 1},
        {"path": "/old", "redirect": "/programs/", "status": 301},
        {"prefix": "/events", "generator": "calendar"},
    ]))
    (site / "flaky").write_text("recovered")
    with SampleWeb(tmp_path) as server:
        yield server


def fetch(web, path, host="www.example.edu", headers=None):
    request = urllib.request.Request(f"http://127.0.0.1:{web.port}{path}",
                                     headers={"Host": host, **(headers or {})})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_sites_are_chosen_by_host(web):
    status, _, body = fetch(web, "/")
    assert status == 200
    assert b"https://www.example.edu/programs/" in body  # pages link to real URLs
    assert fetch(web, "/", host="unknown.example")[0] == 404


def test_revalidation_with_etag(web):
    _, headers, _ = fetch(web, "/programs/")
    status, _, body = fetch(web, "/programs/", headers={"If-None-Match": headers["ETag"]})
    assert (status, body) == (304, b"")


def test_failure_then_recovery_and_redirect(web):
    assert fetch(web, "/flaky")[0] == 500
    assert fetch(web, "/flaky")[2] == b"recovered"
    status, _, body = fetch(web, "/old")  # urllib follows the redirect
    assert (status, body) == (200, b"<h1>Programs</h1>")


def test_calendar_trap_never_ends_and_requests_are_logged(web):
    _, _, body = fetch(web, "/events/calendar?month=41")
    assert b"month=42" in body
    assert [e.path for e in web.requests_to("www.example.edu")][-1] == "/events/calendar?month=41"
