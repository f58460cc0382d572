"""A fault-injecting HTTP proxy on loopback, in front of the sample web.

A crawl in sample mode sends every request to ``SAMPLE_WEB`` with the real host in the Host
header (crawler/sample_web.py). Pointing ``--sample-web`` at this proxy instead of the sample
web puts it in the middle: each request is forwarded to the sample web unless a fault rule
matches its host and path, in which case the proxy misbehaves the way the open web does.

    with SampleWeb(sites) as web, FaultProxy(web.port) as proxy:
        proxy.add("www.kettleriver.edu", "/robots.txt", Status(503))
        run the CLI with --sample-web 127.0.0.1:{proxy.port}

Faults: ``Status`` (an error status, optionally only the first N times), ``Reset`` (the TCP
connection reset, no response), ``Stall`` (no answer for a while), ``HugeBody`` (a page of N
bytes), ``RedirectLoop`` (a redirect to itself, for ever), ``Body`` (other bytes and headers,
e.g. an undecodable page or a hostile robots.txt) and ``RenameFields`` (the upstream JSON with
keys renamed, like an API that renamed a field). In the spirit of Scrapy's own mock server
tests: real sockets, real HTTP, nothing mocked inside the crawler.
"""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler

from sampleweb.loopback import LoopbackServer


@dataclass
class Fault:
    """A rule's misbehaviour; ``times`` limits it to the first N matching requests."""

    times: int | None = field(default=None, kw_only=True)
    served: int = field(default=0, init=False)

    def answer(self, handler: "FaultProxyHandler") -> None:
        raise NotImplementedError


@dataclass
class Status(Fault):
    status: int = 503
    headers: dict[str, str] = field(default_factory=dict)

    def answer(self, handler):
        handler.reply(self.status, f"injected {self.status}".encode(),
                      {"Content-Type": "text/plain"} | self.headers)


@dataclass
class Reset(Fault):
    def answer(self, handler):
        # SO_LINGER with a zero timeout makes close() send RST instead of FIN.
        handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                      struct.pack("ii", 1, 0))
        handler.close_connection = True
        handler.connection.close()


@dataclass
class Stall(Fault):
    seconds: float = 30.0

    def answer(self, handler):
        time.sleep(self.seconds)
        handler.close_connection = True


@dataclass
class HugeBody(Fault):
    size: int = 8 * 1024 * 1024

    def answer(self, handler):
        chunk = b"<p>" + b"padding " * 1000 + b"</p>\n"
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", str(self.size))
        handler.end_headers()
        sent = 0
        try:
            while sent < self.size:
                part = chunk[: self.size - sent]
                handler.wfile.write(part)
                sent += len(part)
        except ConnectionError:
            pass  # the crawler gave up on the page, as it should


@dataclass
class RedirectLoop(Fault):
    status: int = 302

    def answer(self, handler):
        # A new URL each time (?loop=1, 2, ...), so the duplicate filter cannot end the loop;
        # only the crawler's redirect limit can.
        path, _, query = handler.path.partition("?")
        hop = int(query[len("loop="):]) + 1 if query.startswith("loop=") else 1
        handler.reply(self.status, b"", {"Location": f"{path}?loop={hop}"})


@dataclass
class Body(Fault):
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html"})

    def answer(self, handler):
        handler.reply(self.status, self.body, self.headers)


@dataclass
class RenameFields(Fault):
    """The upstream JSON answer with keys renamed everywhere in it (``{"old": "new"}``), nested
    or flat: "earnings" renames both ``{"earnings": {...}}`` and ``"earnings.4_yr...."``."""

    renames: dict[str, str] = field(default_factory=dict)

    def answer(self, handler):
        status, headers, body = handler.forward()
        if status == 200:
            body = json.dumps(_rename(json.loads(body), self.renames)).encode()
        handler.reply(status, body, headers)


def _rename(value, renames):
    if isinstance(value, dict):
        return {_renamed(key, renames): _rename(item, renames) for key, item in value.items()}
    if isinstance(value, list):
        return [_rename(item, renames) for item in value]
    return value


def _renamed(key: str, renames: dict[str, str]) -> str:
    """``key`` renamed, also as the head of a flat dotted key ("earnings.4_yr.x")."""
    for old, new in renames.items():
        if key == old or key.startswith(old + "."):
            return new + key[len(old):]
    return key


@dataclass
class Rule:
    host: str
    path: str | None
    prefix: str | None
    fault: Fault

    def matches(self, host: str, path: str) -> bool:
        if host != self.host:
            return False
        return path == self.path if self.path is not None else path.startswith(self.prefix)


class FaultProxy(LoopbackServer):
    """The proxy in a background thread; ``port`` (or ``address``) is where to point the crawl."""

    def __init__(self, upstream_port: int, upstream_address: str = "127.0.0.1"):
        super().__init__(FaultProxyHandler, "proxy")
        self.upstream = f"http://{upstream_address}:{upstream_port}"
        self.rules: list[Rule] = []
        self.log: list[tuple[str, str, str]] = []  # (host, path, what happened)
        self._lock = threading.Lock()

    def add(self, host: str, path: str | None = None, fault: Fault | None = None, *,
            prefix: str | None = None) -> "FaultProxy":
        if (path is None) == (prefix is None) or fault is None:
            raise ValueError("give a fault and exactly one of path and prefix")
        self.rules.append(Rule(host, path, prefix, fault))
        return self

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def fault_for(self, host: str, path: str) -> Fault | None:
        with self._lock:
            for rule in self.rules:
                fault = rule.fault
                if rule.matches(host, path) and (fault.times is None or fault.served < fault.times):
                    fault.served += 1
                    return fault
        return None

    def record(self, host: str, path: str, what: str) -> None:
        with self._lock:
            self.log.append((host, path, what))

    def requests_to(self, host: str, prefix: str = "/") -> list[str]:
        with self._lock:
            return [path for h, path, _ in self.log if h == host and path.startswith(prefix)]


class FaultProxyHandler(BaseHTTPRequestHandler):
    proxy: FaultProxy
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # the proxy keeps its own log
        pass

    def do_GET(self):
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0].lower()
        path = self.path.split("?")[0]
        fault = self.proxy.fault_for(host, path)
        self.proxy.record(host, self.path, type(fault).__name__ if fault else "forwarded")
        if fault is not None:
            fault.answer(self)
            return
        status, headers, body = self.forward()
        self.reply(status, body, headers)

    def forward(self) -> tuple[int, dict[str, str], bytes]:
        """The sample web's answer to this request (redirects not followed)."""
        request = urllib.request.Request(self.proxy.upstream + self.path, headers={
            name: value for name, value in self.headers.items()
            if name.lower() in ("host", "user-agent", "accept", "if-none-match",
                                "if-modified-since")})
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(request, timeout=30) as answer:
                return answer.status, dict(answer.headers), answer.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def reply(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in headers.items():
            if name.lower() not in ("content-length", "transfer-encoding", "connection"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # hand 3xx back to the crawler, which follows them itself
