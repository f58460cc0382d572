"""The sample web: a local copy of the real sources, served over real HTTP on loopback.

Every site lives in ``sampleweb/sites/<hostname>/`` and is served at the same paths as the real
site. One server on 127.0.0.1 answers for all sites and picks the site by the request's Host
header (virtual hosting): ``https://nces.ed.gov/ipeds/...`` is asked for as
``http://127.0.0.1:<port>/ipeds/...`` with ``Host: nces.ed.gov``. In sample mode the crawler
does that for every request (``crawler.sample_web``); pages link to real URLs, as on the web.

A site may carry ``_behaviors.json``: a list of rules that make it behave like the open web
(errors that recover on retry, redirects, traps, oversized pages, declared charsets). See
``Behavior`` for the keys. Responses carry ETag/Last-Modified and ``Cache-Control: max-age=0`` so
the crawler's HTTP cache revalidates (304) instead of trusting stale copies.
"""

from __future__ import annotations

import argparse
import email.utils
import hashlib
import json
import mimetypes
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from sampleweb.loopback import LoopbackServer
from sampleweb.scorecard_api import ScorecardApi

SITES_DIR = Path(__file__).resolve().parent / "sites"
BEHAVIORS_FILE = "_behaviors.json"
# Stale at once, so caches revalidate every time. Not "no-cache": Scrapy's RFC2616Policy then
# refetches without sending validators, and the 304 path would never be exercised.
REVALIDATE = "max-age=0"
# Generators that are whole JSON APIs: built once per rule from its ``options``, they keep state
# (a rate-limit window) across requests.
APIS = {"scorecard": ScorecardApi}


@dataclass
class Behavior:
    """One rule from a site's _behaviors.json, matched on the request path.

    Keys: ``path`` (exact) or ``prefix``; then one of
    ``status`` + ``times`` (answer that status for the first N requests, then serve normally),
    ``redirect`` + optional ``status`` (301/302 to another path or URL),
    ``generator`` (``calendar``: an endless month-by-month events calendar; ``big``: a page of
    ``size`` bytes; ``scorecard``: the College Scorecard API, configured by ``options``, e.g.
    ``{"rate_limit": 3, "window_seconds": 2}``), plus optional ``headers`` (extra response
    headers, e.g. a charset).
    """

    path: str | None = None
    prefix: str | None = None
    status: int | None = None
    times: int | None = None
    redirect: str | None = None
    generator: str | None = None
    size: int = 0
    headers: dict[str, str] = field(default_factory=dict)
    options: dict = field(default_factory=dict)
    served: int = 0
    api: ScorecardApi | None = None

    def __post_init__(self):
        if self.generator in APIS:
            self.api = APIS[self.generator](**self.options)

    def matches(self, path: str) -> bool:
        if self.path is not None:
            return path == self.path
        return self.prefix is not None and path.startswith(self.prefix)


@dataclass
class AccessLogEntry:
    host: str
    method: str
    path: str
    status: int
    user_agent: str
    at: float = field(default_factory=time.monotonic)


class SampleWeb(LoopbackServer):
    """The sample web, served in a background thread (``with SampleWeb() as web:``)."""

    def __init__(self, sites_dir: Path = SITES_DIR, address: str = "127.0.0.1", port: int = 0):
        super().__init__(SampleWebHandler, "web", address, port)
        self.sites_dir = Path(sites_dir)
        self.address = address
        self.access_log: list[AccessLogEntry] = []
        self._log_lock = threading.Lock()
        self._behaviors: dict[str, list[Behavior]] = {}

    @property
    def hosts(self) -> list[str]:
        return sorted(p.name for p in self.sites_dir.iterdir() if p.is_dir())

    # -- state used by the handler -------------------------------------------------------------
    def behaviors_for(self, host: str) -> list[Behavior]:
        if host not in self._behaviors:
            rules_file = self.sites_dir / host / BEHAVIORS_FILE
            rules = json.loads(rules_file.read_text()) if rules_file.exists() else []
            self._behaviors[host] = [Behavior(**rule) for rule in rules]
        return self._behaviors[host]

    def record(self, entry: AccessLogEntry) -> None:
        with self._log_lock:
            self.access_log.append(entry)

    def requests_to(self, host: str) -> list[AccessLogEntry]:
        with self._log_lock:
            return [e for e in self.access_log if e.host == host]


class SampleWebHandler(BaseHTTPRequestHandler):
    web: SampleWeb
    server_version = "SampleWeb/1.0"

    def log_message(self, format, *args):  # the access log is kept in memory, not on stderr
        pass

    def do_HEAD(self):
        self._handle(send_body=False)

    def do_GET(self):
        self._handle(send_body=True)

    def _handle(self, send_body: bool) -> None:
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0].lower()
        url = urlsplit(self.path)
        path = url.path
        status, headers, body = self._respond(host, path, url.query)
        self.web.record(AccessLogEntry(host, self.command, self.path, status,
                                       self.headers.get("User-Agent", "")))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _respond(self, host: str, path: str, query: str) -> tuple[int, dict[str, str], bytes]:
        site = self.web.sites_dir / host
        if not host or not site.is_dir():
            return _text(404, f"no sample site for host {host!r}")
        for rule in self.web.behaviors_for(host):
            if not rule.matches(path):
                continue
            if rule.status is not None and rule.redirect is None and rule.generator is None:
                if rule.times is None or rule.served < rule.times:
                    rule.served += 1
                    status, headers, body = _text(rule.status, f"sample failure {rule.status}")
                    return status, headers | rule.headers, body  # e.g. Retry-After
                continue
            if rule.redirect is not None:
                return rule.status or 301, {"Location": rule.redirect}, b""
            if rule.generator == "calendar":
                return 200, {"Content-Type": "text/html; charset=utf-8"}, _calendar_page(path, query)
            if rule.generator == "big":
                return 200, {"Content-Type": "text/html; charset=utf-8"}, _big_page(rule.size)
            if rule.api is not None:
                return rule.api.respond(query)
            extra_headers = rule.headers
            break
        else:
            extra_headers = {}
        return self._static(site, path, query, extra_headers)

    def _static(self, site: Path, path: str, query: str, extra_headers: dict[str, str]):
        target = (site / path.lstrip("/")).resolve()
        if not target.is_relative_to(site.resolve()):
            return _text(404, "outside the site")
        if target.is_dir():
            target = target / "index.html"
        # Some platforms address pages by query string (Acalog: preview_program.php?poid=..):
        # such a page is the file "<name>?<query>" next to <name>; other queries are ignored.
        query = unquote(query)
        if query and "/" not in query and target.with_name(f"{target.name}?{query}").is_file():
            target = target.with_name(f"{target.name}?{query}")
        if not target.is_file() or target.name == BEHAVIORS_FILE:
            return _text(404, f"not found: {path}")
        body = target.read_bytes()
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        mtime = email.utils.formatdate(target.stat().st_mtime, usegmt=True)
        if self.headers.get("If-None-Match") == etag:
            return 304, {"ETag": etag, "Last-Modified": mtime, "Cache-Control": REVALIDATE}, b""
        content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if content_type.startswith("text/") or content_type.endswith("xml"):
            content_type += "; charset=utf-8"
        headers = {"Content-Type": content_type, "ETag": etag, "Last-Modified": mtime,
                   "Cache-Control": REVALIDATE}
        headers.update(extra_headers)
        return 200, headers, body


def _text(status: int, message: str) -> tuple[int, dict[str, str], bytes]:
    return status, {"Content-Type": "text/plain; charset=utf-8"}, message.encode()


def _calendar_page(path: str, query: str) -> bytes:
    """An events calendar that always links to a next month: a classic crawler trap."""
    month = int(parse_qs(query).get("month", ["0"])[0] or 0)
    return (
        f"<html><head><title>Events calendar</title></head><body><h1>Events, month {month}</h1>"
        f"<p>Open house, club fair, board meeting.</p>"
        f'<a href="{path}?month={month + 1}">Next month</a> '
        f'<a href="{path}?month={month - 1}">Previous month</a></body></html>'
    ).encode()


def _big_page(size: int) -> bytes:
    filler = b"<p>" + b"lorem ipsum " * 80 + b"</p>\n"
    head = b"<html><head><title>Annual report archive</title></head><body>"
    return head + filler * (max(size, len(filler)) // len(filler)) + b"</body></html>"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Serve the bundled sample web on 127.0.0.1 (sites chosen by Host header).")
    parser.add_argument("--port", type=int, default=8765, help="port to listen on (default 8765)")
    parser.add_argument("--sites", type=Path, default=SITES_DIR,
                        help="folder of sites, one per host name (default: the bundled ones)")
    args = parser.parse_args(argv)
    web = SampleWeb(args.sites, port=args.port).start()
    print(f"sample web on http://127.0.0.1:{web.port}/ for hosts: {', '.join(web.hosts)}")
    print(f"crawl it with: python -m crawler crawl --sample-web 127.0.0.1:{web.port}")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        web.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
