"""Crawl sources into the SQLite database.

Examples:
  python -m crawler crawl                      # every spider, real sources (polite defaults)
  python -m crawler crawl ipeds --sample       # the bundled sample web, served on 127.0.0.1
  python -m crawler crawl ipeds -a year=2022 -a award_levels=cert1,cert2,cert4,assoc,bachelor
  python -m crawler crawl ipeds --sample-web 127.0.0.1:8765   # a sample web already running

Exit status is 0 when every spider finished without errors, 1 otherwise; a failed run leaves
the data already in the database as it was.
"""

from __future__ import annotations

import sys

from crawler.run import project_settings, run_spiders
from crawler.sample import sample_web_for

HELP = "crawl sources (IPEDS, catalogs) into the database"


def configure(parser) -> None:
    parser.add_argument("spiders", nargs="*", metavar="SPIDER",
                        help="spiders to run, in order (default: all)")
    target = parser.add_mutually_exclusive_group()
    target.add_argument("--sample", action="store_true",
                        help="start the bundled sample web on 127.0.0.1 and crawl it")
    target.add_argument("--sample-web", metavar="HOST:PORT",
                        help="crawl a sample web server that is already running")
    parser.add_argument("--db", help="database file (default: build/directory.db)")
    parser.add_argument("-a", dest="spider_args", action="append", default=[],
                        metavar="NAME=VALUE",
                        help="spider argument, for every named spider (repeatable)")
    parser.add_argument("-s", dest="settings", action="append", default=[], metavar="NAME=VALUE",
                        help="Scrapy setting override (repeatable)")


def run(args) -> int:
    settings = project_settings()
    names = args.spiders or default_spider_order(settings)
    overrides = dict(_pairs(args.settings, "-s"))
    if args.db:
        overrides["DATABASE_PATH"] = args.db
    spider_args = dict(_pairs(args.spider_args, "-a"))
    with sample_web_for(args) as web:
        try:
            outcomes = run_spiders(names, overrides, web, {n: spider_args for n in names})
        except ValueError as exc:
            print(f"crawl: {exc}", file=sys.stderr)
            return 2
    database = overrides.get("DATABASE_PATH", settings.get("DATABASE_PATH"))
    return report(outcomes, database)


def default_spider_order(settings) -> list[str]:
    from scrapy.spiderloader import SpiderLoader

    names = SpiderLoader.from_settings(settings).list()
    # IPEDS first: other spiders link to the institutions it stores.
    return sorted(names, key=lambda name: (name != "ipeds", name))


def report(outcomes, database) -> int:
    for outcome in outcomes:
        state = "ok" if outcome.succeeded else "FAILED"
        print(f"{outcome.spider}: {state} (finish reason {outcome.finish_reason}, "
              f"{outcome.items} items, {outcome.errors} errors)")
    failed = [o for o in outcomes if not o.succeeded]
    print(f"database: {database}")
    if failed:
        print("crawl failed: see the errors above; data already stored was not removed",
              file=sys.stderr)
        return 1
    return 0


def _pairs(values, flag):
    for value in values:
        name, sep, setting = value.partition("=")
        if not sep or not name:
            raise SystemExit(f"crawl: {flag} expects NAME=VALUE, got {value!r}")
        yield name, setting
