"""Which main-content extractor serves the generic layer better: trafilatura or readability-lxml.

    .venv/bin/python bench/main_content_choice.py

Reads every page of the sample web's college sites as the spider does (platform detection,
then its adapter; program pages known from ``sampleweb/ground_truth/catalog.json``, robots-
disallowed ones included, every other page a non-program) twice: once
with the main content found by trafilatura (what the crawler uses, ``main_content.py``), once
with readability-lxml's summary as the main content. Prints, per extractor, program pages found
(recall, precision), titles as the truth has them, and the time per page. readability-lxml is
not a dependency (it pins an older cssselect): install it to rerun the comparison,
``pip install readability-lxml==0.9``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from parsel import Selector  # noqa: E402
from scrapy.http import HtmlResponse  # noqa: E402

from crawler.sources.catalog.main_content import main_node  # noqa: E402
from crawler.sources.catalog.platforms import generic_html  # noqa: E402
from crawler.sources.catalog.platforms import detect  # noqa: E402
from sampleweb.catalog_truth import load_truth  # noqa: E402
from sampleweb.server import SITES_DIR  # noqa: E402

# The colleges' own sites and CMS pages: the pages the generic layer reads.
HOSTS = ("www.kettleriver.edu", "www.granitefalls.edu", "www.juniperbasin.edu",
         "www.harborpoint.edu", "www.redmesa.edu", "www.bluestem.edu")


def readability_node(response: HtmlResponse) -> Selector:
    from readability import Document  # optional: see the module docstring
    summary = Document(response.text).summary(html_partial=True)
    return (Selector(text=summary).css("body > *") or [Selector(text=summary)])[0]


def pages():
    for host in HOSTS:
        for path in sorted((SITES_DIR / host).rglob("*")):
            if path.is_file() and (path.suffix in (".html", ".htm") or path.name == "index.html"):
                relative = "/" + path.relative_to(SITES_DIR / host).as_posix()
                url_path = relative[: -len("index.html")] if relative.endswith("/index.html") \
                    else relative
                yield host, url_path, path.read_bytes()


def run(extractor) -> dict:
    truth = {(p["host"], p["path"]): p for site in load_truth()["sites"]
             for p in site["programs"]}
    found, right_titles, expected, seconds, count = set(), 0, set(), 0.0, 0
    with mock.patch.object(generic_html, "main_node", extractor):
        for host, path, body in pages():
            response = HtmlResponse(f"https://{host}{path}", body=body)
            key = (host, path)
            if key in truth:
                expected.add(key)
            started = time.perf_counter()
            page = detect(response).program(response)
            seconds += time.perf_counter() - started
            count += 1
            if page is not None:
                found.add(key)
                right_titles += key in truth and truth[key]["title"] == page.title
    hits = len(found & expected)
    return {"pages": count, "expected": len(expected), "found": len(found), "hits": hits,
            "titles": right_titles, "ms_per_page": 1000 * seconds / max(count, 1)}


def main() -> int:
    extractors = {"trafilatura": main_node}
    try:
        import readability  # noqa: F401
        extractors["readability-lxml"] = readability_node
    except ImportError:
        print("readability-lxml is not installed: only trafilatura is measured")
    for name, extractor in extractors.items():
        r = run(extractor)
        recall = r["hits"] / r["expected"] if r["expected"] else 0.0
        precision = r["hits"] / r["found"] if r["found"] else 0.0
        print(f"{name:17} pages {r['pages']}, program pages {r['hits']}/{r['expected']} "
              f"(recall {recall:.3f}, precision {precision:.3f}), titles as published "
              f"{r['titles']}/{r['hits']}, {r['ms_per_page']:.1f} ms/page")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
