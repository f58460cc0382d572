"""Start the bundled sample web for a command, or connect to one that is already running."""

from __future__ import annotations

import contextlib

from crawler.sample_web import sample_web_address
from sampleweb.server import SampleWeb


class RunningSampleWeb:
    """A sample web started elsewhere (e.g. by a test): only its address is needed."""

    def __init__(self, address: str):
        try:
            self.address, self.port = sample_web_address(address)
        except ValueError:
            raise SystemExit(f"--sample-web expects HOST:PORT, got {address!r}") from None


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
