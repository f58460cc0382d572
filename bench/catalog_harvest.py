"""Benchmark the catalog spider on the sample web: how much it finds, how much it fetches.

    .venv/bin/python bench/catalog_harvest.py

Starts the sample web on 127.0.0.1, crawls it with ``python -m crawler crawl catalog`` (real
HTTP), and prints pages fetched, program pages found, recall and precision against
``sampleweb/ground_truth/catalog.json``, the harvest ratio (program pages / pages fetched),
wall time and requests to robots-disallowed paths (from the server's access log). Exits 1 when
a target is missed: recall >= 0.95, precision >= 0.95, harvest >= 0.3, no disallowed request.
"""

from __future__ import annotations

import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sampleweb.catalog_truth import (crawl, disallowed_requests,  # noqa: E402
                                     expected_pages, load_truth, score, stored_programs)
from sampleweb.server import SampleWeb  # noqa: E402

TARGETS = {"recall": 0.95, "precision": 0.95, "harvest": 0.3}
CLASSIFIED_FIELDS = ("track", "credential_level", "delivery_mode")
FACT_FIELDS = ("credits", "accredited_through", "pcap_approved", "certifications")
JS_SHELL_WARNING = re.compile(r"(\S+) is a JavaScript-only catalog")


def main() -> int:
    truth = load_truth()
    expected = expected_pages(truth)
    with tempfile.TemporaryDirectory() as tmp, SampleWeb() as web:
        started = time.monotonic()
        result = crawl(web, Path(tmp) / "catalog.db")
        wall_time = time.monotonic() - started
        if result.returncode != 0:
            print(result.stdout + result.stderr, file=sys.stderr)
            print("crawl failed", file=sys.stderr)
            return 1
        found = stored_programs(Path(tmp) / "catalog.db")
        fetched = len(web.access_log)
        robots_fetches = sum(entry.path == "/robots.txt" for entry in web.access_log)
        disallowed = disallowed_requests(web.access_log)
    result_score = score(expected, found, fetched)
    js_shells = sorted(set(JS_SHELL_WARNING.findall(result.stderr)))

    print(f"catalog harvest on the sample web ({len(truth['sites'])} colleges, "
          "real HTTP on 127.0.0.1)")
    print(f"pages fetched:        {fetched} (of which robots.txt {robots_fetches})")
    print(f"program pages found:  {result_score.found} ({result_score.true_positives} of "
          f"{result_score.expected} expected)")
    print(f"recall:               {result_score.recall:.3f}")
    print(f"precision:            {result_score.precision:.3f}")
    print(f"harvest ratio:        {result_score.harvest:.3f}")
    print(f"wall time:            {wall_time:.1f} s")
    print(f"disallowed requests:  {len(disallowed)}")
    print(f"JS-only catalogs:     {', '.join(js_shells) or 'none'}")
    matched = [(truth_row, found[key]) for key, truth_row in expected.items() if key in found]
    titles = sum(t["title"] == row["title"] for t, row in matched)
    print(f"titles as published:  {titles}/{len(matched)}")
    print(f"classification:       {agreement(matched, CLASSIFIED_FIELDS)} "
          "(pipelines.classify vs ground truth)")
    print(f"page facts:           {agreement(matched, FACT_FIELDS)} (pages stating them)")
    for key in sorted(expected.keys() - found.keys()):
        print(f"  missed:     {key[0]}{key[1]}")
    for key in sorted(found.keys() - expected.keys()):
        print(f"  not in truth: {key[0]}{key[1]} ({found[key]['title']})")
    for path in disallowed:
        print(f"  disallowed: {path}")
    for truth_row, row in matched:
        for name in CLASSIFIED_FIELDS + FACT_FIELDS:
            if name in truth_row and truth_row[name] != row[name]:
                print(f"  {name} differs: {truth_row['host']}{truth_row['path']} "
                      f"expected {truth_row[name]!r}, got {row[name]!r}")

    met = (result_score.recall >= TARGETS["recall"]
           and result_score.precision >= TARGETS["precision"]
           and result_score.harvest >= TARGETS["harvest"] and not disallowed)
    print("targets: recall >= 0.95, precision >= 0.95, harvest >= 0.3, 0 disallowed: "
          + ("met" if met else "MISSED"))
    return 0 if met else 1


def agreement(matched, fields) -> str:
    """'track 34/35, ...': rows agreeing with the truth, of the rows whose truth states it."""
    counts = []
    for name in fields:
        stated = [(t, row) for t, row in matched if name in t]
        counts.append(f"{name} {sum(t[name] == row[name] for t, row in stated)}/{len(stated)}")
    return ", ".join(counts)


if __name__ == "__main__":
    raise SystemExit(main())
