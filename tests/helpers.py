"""Test helpers: saved pages and files as Scrapy responses with their real URLs."""

from __future__ import annotations

from pathlib import Path

from scrapy.http import HtmlResponse, Request, Response

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def file_response(path: str | Path, url: str, encoding: str | None = None, meta=None) -> Response:
    """A response whose body is the saved file at ``path`` (relative to tests/fixtures)."""
    path = FIXTURES / path
    body = path.read_bytes()
    request = Request(url, meta=meta or {})
    if path.suffix in (".html", ".htm"):
        return HtmlResponse(url, body=body, request=request, encoding=encoding or "utf-8")
    return Response(url, body=body, request=request)
