"""Crawl sources into the SQLite database.

Examples:
  python -m crawler crawl                      # every spider, real sources (polite defaults)
  python -m crawler crawl ipeds --sample       # the bundled sample web, served on 127.0.0.1
  python -m crawler crawl ipeds -a year=2022 -a award_levels=cert1,cert2,cert4,assoc,bachelor
  python -m crawler crawl ipeds --sample-web 127.0.0.1:8765   # a sample web already running

Each spider run is recorded in the crawl_runs table. Its items are staged and reach the
directory only if the run is healthy (finished, item count not collapsed, few errors, required
fields present); a failed or unhealthy run leaves the data already in the database as it was.

Only one crawl writes to a database at a time: if another holds its lock (<db>.lock), this one
exits with status 75 at once, or waits with --wait.
"""

from __future__ import annotations

import sys

from crawler.lock import EXIT_LOCKED, CrawlLocked
from crawler.process import (EXIT_STATUS_HELP, EXIT_USAGE, exit_status, project_settings,
                             run_spiders)
from crawler.sample import sample_web_for
from db.schema import ENRICHMENT_TABLES

HELP = "crawl sources (IPEDS, catalogs, College Scorecard) into the database"
EPILOG = EXIT_STATUS_HELP


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
                        help="Scrapy setting override (repeatable), e.g. HEALTH_MAX_ITEM_DROP=0.9")
    add_wait_option(parser)


def add_wait_option(parser) -> None:
    parser.add_argument("--wait", nargs="?", type=float, const=-1, default=None,
                        metavar="SECONDS",
                        help="if another crawl holds the database, wait for it (for ever, or at "
                             "most SECONDS) instead of exiting with status 75")


def run(args) -> int:
    settings = project_settings()
    names = args.spiders or default_spider_order(settings)
    overrides = {"RUN_STARTED_BY": "crawl"} | dict(_pairs(args.settings, "-s"))
    if args.db:
        overrides["DATABASE_PATH"] = args.db
    spider_args = dict(_pairs(args.spider_args, "-a"))
    with sample_web_for(args) as web:
        try:
            outcomes = run_spiders(names, overrides, web, {n: spider_args for n in names},
                                   lock_wait=args.wait)
        except ValueError as exc:
            print(f"crawl: {exc}", file=sys.stderr)
            return EXIT_USAGE
        except CrawlLocked as exc:
            print(f"crawl: {exc}", file=sys.stderr)
            return EXIT_LOCKED
    database = overrides.get("DATABASE_PATH", settings.get("DATABASE_PATH"))
    return report(outcomes, database)


def default_spider_order(settings) -> list[str]:
    from scrapy.spiderloader import SpiderLoader

    names = SpiderLoader.from_settings(settings).list()
    # IPEDS first: other spiders link to the institutions it stores.
    return sorted(names, key=lambda name: (name != "ipeds", name))


def report(outcomes, database) -> int:
    for outcome in outcomes:
        if not outcome.started:  # a bad argument or seeds file: a usage error, said once
            print(f"crawl: {outcome.spider} could not start: {outcome.finish_reason}",
                  file=sys.stderr)
            continue
        stats = outcome.stats
        print(f"{outcome.spider}: {outcome.status} (run {stats.get('run/id', '-')}, finish reason "
              f"{outcome.finish_reason}, {outcome.items} items, {outcome.errors} errors)")
        enriched = {spec.name: stats.get(f"store/staged_{spec.name}", 0)
                    for spec in ENRICHMENT_TABLES}
        if outcome.succeeded and any(enriched.values()):  # enrichment adds no programs
            print("  enrichment: " + ", ".join(f"{rows} {name}" for name, rows in enriched.items()))
        elif outcome.succeeded:
            print(f"  programs: {stats.get('run/programs_added', 0)} added, "
                  f"{stats.get('run/programs_changed', 0)} changed, "
                  f"{stats.get('run/programs_removed', 0)} removed")
        for problem in stats.get("run/problems", []):
            print(f"  problem: {problem}")
    merges = [o.stats for o in outcomes if "directory/programs" in o.stats]
    if merges:  # after the last promotion: one directory row per real program
        last = merges[-1]
        listings = sum(v for k, v in last.items() if k.startswith("directory/listings_"))
        shared = last.get("directory/listings_shared", 0)
        print(f"directory: {last['directory/programs']} programs from {listings} listings; "
              f"{last.get('directory/listings_merged', 0)} catalog pages merged into their "
              f"IPEDS listing" + (f" ({shared} listing(s) behind several programs)"
                                  if shared else "")
              + f", {last.get('directory/listings_ambiguous', 0)} kept apart as ambiguous")
    print(f"database: {database}")
    for outcome in outcomes:
        if outcome.started and not outcome.succeeded:  # a start error was said above, once
            print(f"crawl failed: {outcome.failure()}; nothing from this run was stored and "
                  f"data already stored was kept", file=sys.stderr)
    return exit_status(outcomes)


def _pairs(values, flag):
    for value in values:
        name, sep, setting = value.partition("=")
        if not sep or not name:
            raise SystemExit(f"crawl: {flag} expects NAME=VALUE, got {value!r}")
        yield name, setting
