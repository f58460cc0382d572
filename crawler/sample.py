"""Start the bundled sample web for a command, or connect to one that is already running."""

from __future__ import annotations

import contextlib

from sampleweb.server import SampleWeb


class RunningSampleWeb:
    """A sample web started elsewhere (e.g. by a test): only the URL mapping is needed."""

    def __init__(self, address: str):
        host, _, port = address.rpartition(":")
        if not port.isdigit():
            raise SystemExit(f"--sample-web expects HOST:PORT, got {address!r}")
        self.address, self.port = host or "127.0.0.1", int(port)

    rebase = SampleWeb.rebase
    real_url = SampleWeb.real_url
    origin = SampleWeb.origin


@contextlib.contextmanager
def sample_web_for(args):
    """The sample web the command's --sample / --sample-web asks for, else None."""
    if getattr(args, "sample_web", None):
        yield RunningSampleWeb(args.sample_web)
    elif getattr(args, "sample", False):
        with SampleWeb() as web:
            print(f"sample web serving {len(web.hosts)} sites on http://127.0.0.1:{web.port}/")
            yield web
    else:
        yield None
