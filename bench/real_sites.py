"""Benchmark the catalog spider on real college pages: recall, precision and field accuracy.

    .venv/bin/python bench/real_sites.py

Serves the real-page corpus (``tests/fixtures/real_sites/``, one folder per real host name) on
127.0.0.1 with the sample web's server, crawls it with ``python -m crawler crawl catalog``
seeded from the corpus's ``seeds.csv`` (real HTTP, robots.txt obeyed), and compares the programs
stored in the database with the hand-written ``expectations.csv``:

- recall: expected program pages stored / expected program pages;
- precision: stored programs that are expected program pages / stored programs;
- title, credential, delivery and track: right / program pages found.

Figures are printed per platform (the markup the page is written in) and overall, followed by
every miss, every false positive and every wrong field. A program served only through a JSON
API (Coursedog) has no page of its own; it counts as found when a program with its title is
stored for its college's site. Exits 1 only when the crawl itself fails: the targets are set by
issue 10, not asserted here.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from crawler.sources.catalog.sites import site_of  # noqa: E402
from sampleweb.catalog_truth import crawl, page_key, stored_programs  # noqa: E402
from sampleweb.server import SampleWeb  # noqa: E402

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "real_sites"
FIELDS = ("title", "credential_level", "delivery_mode", "track")
COLUMNS = ("url", "college", "is_program", "title", "credential_level", "delivery_mode", "track",
           "platform", "notes")


def load_expectations(corpus: Path = CORPUS) -> list[dict]:
    with open(corpus / "expectations.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row["is_program"] = row["is_program"] == "1"
    return rows


def same_title(expected: str, found: str | None) -> bool:
    """Titles as published, ignoring case, punctuation and spacing ('Accounting (BS) *')."""
    def words(text):
        return re.sub(r"[^a-z0-9]+", " ", (text or "").lower()).strip()
    return words(expected) == words(found)


@dataclass
class Tally:
    pages: int = 0
    expected: int = 0
    found: int = 0
    true_positives: int = 0
    right: dict = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))

    @property
    def recall(self) -> float:
        return self.true_positives / self.expected if self.expected else float("nan")

    @property
    def precision(self) -> float:
        return self.true_positives / self.found if self.found else float("nan")


@dataclass
class Result:
    by_platform: dict[str, Tally]
    misses: list[dict]
    false_positives: list[tuple[str, dict]]  # (platform or "unlisted", stored program)
    wrong_fields: list[tuple[dict, str, str]]  # (expectation, field, stored value)
    by_title: int  # programs matched by title on their site (API-only programs)
    unreached: set[str] = field(default_factory=set)  # expected URLs the crawl never fetched

    @property
    def overall(self) -> Tally:
        total = Tally()
        for tally in self.by_platform.values():
            total.pages += tally.pages
            total.expected += tally.expected
            total.found += tally.found
            total.true_positives += tally.true_positives
            for name in FIELDS:
                total.right[name] += tally.right[name]
        return total


def score(expectations: list[dict], found: dict[tuple[str, str], dict]) -> Result:
    """Match stored programs to expected pages: by page URL, else by title on the same site."""
    by_platform: dict[str, Tally] = defaultdict(Tally)
    unmatched = dict(found)
    matches = []
    by_title = 0
    for row in expectations:
        by_platform[row["platform"]].pages += 1
        key = page_key(row["url"])
        if key in unmatched:
            matches.append((row, unmatched.pop(key)))
    matched_rows = {id(row) for row, _ in matches}
    for row in expectations:
        if not row["is_program"] or id(row) in matched_rows:
            continue
        site = site_of(row["url"])
        key = next((k for k, program in unmatched.items()
                    if site_of(program["source_url"]) == site
                    and same_title(row["title"], program["title"])), None)
        if key is not None:
            matches.append((row, unmatched.pop(key)))
            by_title += 1

    misses, false_positives, wrong = [], [], []
    found_rows = {id(row) for row, _ in matches}
    for row in expectations:
        tally = by_platform[row["platform"]]
        if row["is_program"]:
            tally.expected += 1
            if id(row) not in found_rows:
                misses.append(row)
    for row, program in matches:
        tally = by_platform[row["platform"]]
        tally.found += 1
        if not row["is_program"]:
            false_positives.append((row["platform"], program))
            continue
        tally.true_positives += 1
        for name in FIELDS:
            stored = program.get(name) or ""
            right = (same_title(row[name], stored) if name == "title"
                     else row[name] == stored)
            tally.right[name] += right
            if not right:
                wrong.append((row, name, stored))
    for program in unmatched.values():
        by_platform["unlisted"].found += 1
        false_positives.append(("unlisted", program))
    return Result(dict(by_platform), misses, false_positives, wrong, by_title)


def report(result: Result) -> str:
    lines = [f"{'platform':<16}{'pages':>6}{'progs':>6}{'found':>6}{'tp':>5}{'recall':>8}"
             f"{'prec.':>7}{'title':>8}{'cred.':>8}{'deliv.':>8}{'track':>8}"]

    def row(name, tally):
        def share(right):
            return f"{right}/{tally.true_positives}" if tally.true_positives else "-"
        return (f"{name:<16}{tally.pages:>6}{tally.expected:>6}{tally.found:>6}"
                f"{tally.true_positives:>5}{tally.recall:>8.2f}{tally.precision:>7.2f}"
                + "".join(f"{share(tally.right[n]):>8}" for n in FIELDS))

    for name in sorted(result.by_platform):
        lines.append(row(name, result.by_platform[name]))
    lines.append(row("overall", result.overall))
    lines.append(f"(programs matched by title on their site, not by page URL: {result.by_title})")
    for miss in result.misses:
        why = "never fetched" if miss["url"] in result.unreached else "fetched, not stored"
        lines.append(f"  missed [{miss['platform']}, {why}]: {miss['url']} ({miss['title']})")
    for platform, program in result.false_positives:
        lines.append(f"  not a program [{platform}]: {program['source_url']} "
                     f"({program['title']})")
    for expected, name, stored in result.wrong_fields:
        lines.append(f"  {name} differs: {expected['url']} expected {expected[name]!r}, "
                     f"got {stored!r}")
    return "\n".join(lines)


def run(corpus: Path = CORPUS) -> tuple[Result | None, str]:
    """Serve the corpus, crawl it, score it: (result, summary); result None on failure (the
    summary is then the crawl's output)."""
    with tempfile.TemporaryDirectory() as tmp, SampleWeb(corpus) as web:
        database = Path(tmp) / "real_sites.db"
        result = crawl(web, database, "-a", f"seeds={corpus / 'seeds.csv'}")
        if result.returncode != 0 or not database.exists():
            return None, result.stdout + result.stderr
        found = stored_programs(database)
        served = {(entry.host, entry.path) for entry in web.access_log if entry.status == 200}
        requests = len(web.access_log)
    expectations = load_expectations(corpus)
    # Whether the spider reached a page at all separates finding pages from reading them.
    reached = [row for row in expectations if page_key(row["url"]) in served]
    reached_programs = sum(row["is_program"] for row in reached)
    summary = (f"requests: {requests}; corpus pages fetched: {len(reached)}/{len(expectations)} "
               f"(program pages {reached_programs}/{sum(r['is_program'] for r in expectations)})")
    result = score(expectations, found)
    # API-only programs (no page of their own) are not "unreached".
    result.unreached = {row["url"] for row in expectations if page_key(row["url"]) not in served
                        and (row["platform"] != "coursedog" or not row["is_program"])}
    return result, summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="corpus folder")
    args = parser.parse_args(argv)
    started = time.monotonic()
    result, output = run(args.corpus)
    if result is None:
        print(output, file=sys.stderr)
        print("crawl failed", file=sys.stderr)
        return 1
    expectations = load_expectations(args.corpus)
    colleges = len({row["college"] for row in expectations})
    print(f"catalog spider on the real-site corpus ({len(expectations)} pages from {colleges} "
          f"colleges, real HTTP on 127.0.0.1, {time.monotonic() - started:.1f} s)")
    print(output)
    print(report(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
