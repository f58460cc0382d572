"""Command line: ``python -m crawler <command>`` (or the ``hitdir`` console script).

Each command is a module in ``crawler.commands`` with ``HELP``, ``configure(parser)`` and
``run(args) -> exit code``, and optionally ``EPILOG`` (shown after the options); adding a
command is adding a module and a name to ``COMMANDS``.
"""

from __future__ import annotations

import argparse
import importlib
import sys

COMMANDS = ["crawl", "serve", "export", "demo", "classify", "schedule", "migrate"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m crawler",
        description="Directory of health-information training programs (HIT, medical billing "
                    "and coding, HIM): crawl the sources, build the SQLite database, serve it "
                    "with Datasette, export CSV.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        module = importlib.import_module(f"crawler.commands.{name}")
        sub = subparsers.add_parser(name, help=module.HELP, description=module.__doc__,
                                    epilog=getattr(module, "EPILOG", None),
                                    formatter_class=argparse.RawDescriptionHelpFormatter)
        module.configure(sub)
        sub.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
