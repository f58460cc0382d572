"""An HTTP server on 127.0.0.1 in a background thread, whose request handler reaches it.

The sample web (``sampleweb/server.py``) and the tests' fault proxy (``tests/faults/proxy.py``)
are both one: ``with Server(...) as server:`` serves until the block ends, at ``server.port``.
"""

from __future__ import annotations

import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self


class LoopbackServer:
    """Serves ``handler`` in a daemon thread; each request's handler finds this object as its
    attribute ``owner`` (``self.web`` in the sample web's handler, ``self.proxy`` in the proxy's).
    Port 0 takes a free port."""

    def __init__(self, handler: type[BaseHTTPRequestHandler], owner: str,
                 address: str = "127.0.0.1", port: int = 0):
        self._handler = type(f"Bound{handler.__name__}", (handler,), {owner: self})
        self._bind = (address, port)
        self._server: ThreadingHTTPServer | None = None

    def start(self) -> Self:
        self._server = _Server(self._bind, self._handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError(f"{type(self).__name__} is not running")
        return self._server.server_address[1]


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A client hanging up mid-response is normal web life (a crawler cancelling an
        # oversized page), not a server fault worth a traceback.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)
