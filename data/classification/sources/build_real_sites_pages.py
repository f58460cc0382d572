"""How real_sites_pages.csv was made from branch h10a's real-site corpus (run once, kept).

    python data/classification/sources/build_real_sites_pages.py GIT_DIR

GIT_DIR is a git repository holding commit h10a@8101ff7 (e.g. /work/main). The corpus is
`tests/fixtures/real_sites/` there: pages of 31 real US colleges, rebuilt by that branch from the
facts each college publishes (name, award, delivery and admission statements) in the markup of
the college's platform, and `expectations.csv`, one hand-written row per page. Every page marked
`is_program = 1` becomes one listing, read the way a program page reaches the classifier: its
title as the page publishes it, and the opening text of the page's content (what a student sees
first: award bars, description, delivery sentences) as the description, with the site's header,
navigation, footer, pop-ups and hero banners left out. The labels are the expectations' track,
credential level and delivery mode, each checked by us against the guide in ../README.md; the
rows where we judged differently or where the guide needed a judgement carry a note.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from parsel import Selector

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))
from bench.classify_split import split_for  # noqa: E402

COMMIT = "8101ff7df82f481ac849224ebfc60433058d829c"  # branch h10a
CORPUS = "tests/fixtures/real_sites"
COLUMNS = ("source_id", "title", "credential", "description", "cip_code", "institution",
           "delivery", "expected_track", "expected_credential_level", "expected_delivery_mode",
           "note", "split")
# The opening of a page is what a listing carries; a whole page would be a course list.
OPENING_CHARS = 1500
# Page parts that are the site's, not the program's: chrome, pop-ups, banners, scripts.
NOT_CONTENT = ("script", "style", "header", "nav", "footer", "*[role='dialog']",
               "*[contains(concat(' ', @class, ' '), ' modal ')]",
               "*[contains(concat(' ', @class, ' '), ' hero ')]",
               "*[@id='acalog-navigation-column']", "*[@id='acalog-header']",
               "*[@id='acalog-footer']")
NOTES = {
    "https://lit.edu/programs/healthcare-and-sciences/health-information-technology/"
    "health-informatics-certificate":
        "informatics certificate run by an HIT department: informatics is not one of our "
        "tracks (judgement call)",
    "https://www.nvcc.edu/academics/programs/cat2012/programdetail.aspx?prog_id=2450"
    "&subprog_id=0&level=1": "associate degree titled Health Information Management: hit",
    "https://catalog.raritanval.edu/preview_program.php?catoid=9&poid=1301":
        "coding certificate named after its HIT department: billing_coding",
    "https://www.mccc.edu/community_programs/health-professions/"
    "electronic-health-records-specialist/": "EHR specialist program: hit",
    "https://www.catholic.edu/academics/graduate/programs/"
    "msit-in-information-technology-health-information-technology/index.html":
        "graduate program titled Health Information Technology: other",
}


def git_show(git_dir: Path, path: str) -> str:
    return subprocess.run(["git", "-C", str(git_dir), "show", f"{COMMIT}:{path}"], check=True,
                          capture_output=True).stdout.decode("utf-8")


def page_path(url: str) -> str:
    """The corpus file of a URL: host/path, a folder's index.html, the query in the name."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    if not re.search(r"\.[a-z]{2,4}$", path):
        path += "/index.html"
    if parts.query:
        path += "?" + parts.query
    return f"{CORPUS}/{parts.netloc}{path}"


def opening_text(html: str) -> str:
    page = Selector(text=html)
    for unwanted in NOT_CONTENT:
        for node in page.xpath(f"//{unwanted}"):
            node.drop()
    content = page.css("main") or page.css("td.block_content") or page.css("body")
    text = " ".join(" ".join(content[0].css("*::text").getall()).split())
    return text[:OPENING_CHARS]


def real_sites_pages(git_dir: Path) -> list[dict]:
    expectations = csv.DictReader(io.StringIO(git_show(git_dir, f"{CORPUS}/expectations.csv")))
    rows = []
    for expected in expectations:
        if expected["is_program"] != "1":
            continue
        url = expected["url"]
        try:
            html = git_show(git_dir, page_path(url))
        except subprocess.CalledProcessError:
            # Coursedog programs have no page in the corpus, only an API record: the title is
            # all the listing has.
            html = ""
        rows.append({"source_id": url, "title": expected["title"],
                     "description": opening_text(html) if html else "",
                     "institution": expected["college"],
                     "expected_track": expected["track"],
                     "expected_credential_level": expected["credential_level"],
                     "expected_delivery_mode": expected["delivery_mode"],
                     "note": NOTES.get(url, "")})
    return rows


def main() -> None:
    rows = real_sites_pages(Path(sys.argv[1]))
    for row in rows:
        row["split"] = split_for(row["title"])
    with (HERE / "real_sites_pages.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({column: row.get(column, "") for column in COLUMNS} for row in rows)
    print(f"real_sites_pages.csv: {len(rows)} rows")


if __name__ == "__main__":
    main()
