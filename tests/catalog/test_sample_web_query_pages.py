"""The sample web serves pages addressed by query string, as Acalog catalogs are."""

from __future__ import annotations

import json
import socket
import struct
import time
import urllib.request

import pytest

from sampleweb.server import SampleWeb


@pytest.fixture
def web(tmp_path):
    site = tmp_path / "catalog.example.edu"
    site.mkdir()
    (site / "preview_program.php?catoid=1&poid=7").write_text("<h1>Coding Certificate</h1>")
    (site / "content.php?catoid=1&navoid=2&filter[cpage]=2").write_text("page two")
    (site / "index.html").write_text("home")
    (site / "_behaviors.json").write_text(json.dumps(
        [{"path": "/report.html", "generator": "big", "size": 20_000_000}]))
    with SampleWeb(tmp_path) as server:
        yield server


def fetch(web, path):
    request = urllib.request.Request(f"http://127.0.0.1:{web.port}{path}",
                                     headers={"Host": "catalog.example.edu"})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def test_a_query_names_its_own_page(web):
    assert fetch(web, "/preview_program.php?catoid=1&poid=7") == (
        200, b"<h1>Coding Certificate</h1>")


def test_an_encoded_query_finds_the_same_page(web):
    assert fetch(web, "/content.php?catoid=1&navoid=2&filter%5Bcpage%5D=2") == (200, b"page two")


def test_an_unknown_query_is_ignored_or_not_found(web):
    assert fetch(web, "/?utm_source=news") == (200, b"home")
    assert fetch(web, "/preview_program.php?catoid=1&poid=8")[0] == 404
    assert fetch(web, "/index.html?next=/etc/passwd")[0] == 200


def test_a_client_hanging_up_is_not_a_server_error(web, capfd):
    """A crawler cancels oversized pages mid-download: no traceback on the server side."""
    with socket.create_connection(("127.0.0.1", web.port)) as connection:
        connection.sendall(b"GET /report.html HTTP/1.1\r\nHost: catalog.example.edu\r\n\r\n")
        connection.recv(1024)
        # Close with a reset (linger 0) while the server is still writing the 20 MB page.
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    time.sleep(0.5)
    assert fetch(web, "/")[0] == 200
    assert "Traceback" not in capfd.readouterr().err
