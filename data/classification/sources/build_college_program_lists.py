"""How college_program_lists.csv was made: whole program lists of five US colleges (run once, kept).

    python data/classification/sources/build_college_program_lists.py MIRROR_DIR [HELDOUT_MD]

MIRROR_DIR holds git copies of the two public repositories below (MIRROR_DIR/owner+name/repo);
each file is read at the commit named here. HELDOUT_MD (../shared/heldout.md) is checked, when
given, so that no college whose web host is held out slips in.

1. `mohith-j/community-colleges-scraping`, `data_with_contact.xlsx` (2023): a scrape of Georgia
   colleges' catalogs, one row per course with columns Colleges, Majors, Courses. For most
   colleges "Majors" is a course prefix ("ACCT - Accounting"), not a program, and those colleges
   are not read. For four colleges it is the program's name as the college lists it, award word
   included ("Health Information Coding Diploma", "Nursing, A.S.N.", "Medical Billing & Coding
   Program"): each distinct name is one listing. Three colleges of the file are on held-out hosts
   (Gwinnett Technical, Georgia Northwestern Technical, Southern Crescent Technical) and are
   course-prefix colleges anyway; none of their rows is used. Gwinnett College (Lilburn, a private
   career college) is a different institution from Gwinnett Technical College.
2. `KankakeeCommunityCollege/kcc-gem-theme`, `_includes/targetx-form.html`: Kankakee Community
   College's (Illinois) inquiry form, one drop-down of programs per career area ("Health Careers
   Program Interest"). Each option is one listing; its area is the listing's description, as the
   only other thing the source says about it. A title listed under two areas is kept once.

The labels are ours, by the guide in ../README.md, decided by reading every title (the whole
lists are short); NON_OTHER lists every row labelled something other than `other`, NOTES the
judgement calls. Credential level is labelled only from an award the title names (award words
below); delivery is never stated by these sources and is not labelled.
"""

from __future__ import annotations

import csv
import html
import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))
from bench.classify_split import split_for  # noqa: E402

COLUMNS = ("source_id", "title", "credential", "description", "cip_code", "institution",
           "delivery", "expected_track", "expected_credential_level", "expected_delivery_mode",
           "note", "split")

GEORGIA = ("mohith-j/community-colleges-scraping", "64e65f497b22a105560f4a415904c31986a451c3",
           "data_with_contact.xlsx")
KANKAKEE = ("KankakeeCommunityCollege/kcc-gem-theme", "a555a07b414dec3ff523e9d727e480009be094cc",
            "_includes/targetx-form.html")

# The colleges read, by the name the source gives them: (id prefix, web host). The hosts are
# checked against the held-out list.
COLLEGES = {
    "Albany Technical College": ("ATC", "albanytech.edu"),
    "Georgia Perimeter College": ("GPC", "gpc.edu"),
    "Gwinnett College-Lilburn": ("GCL", "gwinnettcollege.edu"),
    "Lincoln College of Technology": ("LCT", "lincolntech.edu"),
    "Kankakee Community College": ("KCC", "kcc.edu"),
}

NON_OTHER = {
    "billing_coding": {
        "ATC/Health Information Coding Diploma",
        "ATC/Healthcare Billing and Reimbursement Assistant",
        "GCL/Medical Billing & Coding Program",
        "KCC/tfa_1006",  # Coding Specialist Advanced Certificate
    },
    "hit": {"ATC/Health Information Management Technology Degree"},
}
NOTES = {
    "ATC/Health Information Coding Diploma":
        "coding diploma named after its health information department: billing_coding",
    "ATC/Health Information Management Technology Degree":
        "a two-year college's HIM technology degree (RHIT level): hit",
    "ATC/Healthcare Billing and Reimbursement Assistant":
        "billing and reimbursement is the subject: billing_coding",
    "ATC/Business Healthcare Technology Degree":
        "medical office program of a business technology department (guide, hard case 4): other",
    "ATC/Business Healthcare Technology Diploma":
        "medical office program of a business technology department (guide, hard case 4): other",
    "ATC/Healthcare Office Assistant": "medical office assistant: other",
    "ATC/Healthcare Practice Manager": "practice management, not records or coding: other",
    "KCC/tfa_1006": "listed among Health Careers, so the coding is medical coding (the title "
                    "alone would not tell): billing_coding",
}

# Award words in a title (guide: a degree named anywhere wins). Georgia's technical colleges
# award associate degrees as "... Degree"; Kankakee's and Georgia Perimeter's abbreviations
# (A.A., A.S., A.A.S., A.E.S., A.F.A., A.G.S., A.S.N.) are associate degrees too.
_ASSOCIATE = re.compile(r"\bA\.(?:[A-Z]\.){1,2}|\bAssociate in\b|\bDegree\b")
_DIPLOMA = re.compile(r"\bDiploma\b")
_CERTIFICATE = re.compile(r"\bCertificate\b")


def award(title: str) -> str:
    """The credential level a title names, "" when it names none (then not labelled)."""
    if _ASSOCIATE.search(title):
        return "associate"
    if _DIPLOMA.search(title):
        return "diploma"
    if _CERTIFICATE.search(title):
        return "certificate"
    return ""


def git_show(mirror: Path, repo: str, commit: str, path: str) -> bytes:
    folder = mirror / repo.replace("/", "+") / "repo"
    return subprocess.run(["git", "-C", str(folder), "show", f"{commit}:{path}"], check=True,
                          capture_output=True).stdout


_SHEET = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def xlsx_rows(data: bytes) -> list[dict[str, str]]:
    """The first sheet's rows as {column letter: text}, read with the standard library."""
    book = zipfile.ZipFile(io.BytesIO(data))
    strings = ["".join(node.itertext()) for node in
               ElementTree.fromstring(book.read("xl/sharedStrings.xml")).iter(f"{_SHEET}si")]
    rows = []
    for row in ElementTree.fromstring(book.read("xl/worksheets/sheet1.xml")).iter(f"{_SHEET}row"):
        cells = {}
        for cell in row.iter(f"{_SHEET}c"):
            value = cell.find(f"{_SHEET}v")
            if value is None or value.text is None:
                continue
            text = strings[int(value.text)] if cell.get("t") == "s" else value.text
            cells[re.match(r"[A-Z]+", cell.get("r")).group()] = text
        rows.append(cells)
    return rows


def georgia_programs(mirror: Path) -> list[dict]:
    rows = xlsx_rows(git_show(mirror, *GEORGIA))
    header = rows[0]
    assert (header["A"], header["B"]) == ("Colleges", "Majors"), header
    listings, seen = [], set()
    for row in rows[1:]:
        college = row.get("A", "")
        if college not in COLLEGES:
            continue  # a course-prefix college, or one on a held-out host: not read
        title = " ".join(row["B"].split())
        prefix = COLLEGES[college][0]
        if (prefix, title) in seen:
            continue  # one row per course: the program repeats for each of its courses
        seen.add((prefix, title))
        listings.append({"source_id": f"{prefix}/{title}", "title": title,
                         "institution": college})
    return listings


_AREA = re.compile(r'<label id="(tfa_\d+)-L"[^>]*>([^<]*?) Program Interest</label>'
                   r'.*?<select id="\1"[^>]*>(.*?)</select>', re.S)
_OPTION = re.compile(r'<option value="(tfa_\d+)"[^>]*>([^<]*)</option>')


def kankakee_programs(mirror: Path) -> list[dict]:
    form = git_show(mirror, *KANKAKEE).decode("utf-8")
    listings, seen = [], set()
    for area in _AREA.finditer(form):
        for option, text in _OPTION.findall(area.group(3)):
            title = html.unescape(text).strip()
            if title in seen:
                continue
            seen.add(title)
            listings.append({"source_id": f"KCC/{option}", "title": title,
                             "description": html.unescape(area.group(2)),
                             "institution": "Kankakee Community College"})
    return listings


def check_not_held_out(heldout_md: Path) -> None:
    listed = heldout_md.read_text(encoding="utf-8")
    for college, (_, host) in COLLEGES.items():
        assert not re.search(rf"^- (?:[\w.-]+\.)?{re.escape(host)}$", listed, re.M), college


def main() -> None:
    mirror = Path(sys.argv[1])
    if len(sys.argv) > 2:
        check_not_held_out(Path(sys.argv[2]))
    labels = {key: track for track, keys in NON_OTHER.items() for key in keys}
    rows = georgia_programs(mirror) + kankakee_programs(mirror)
    for row in rows:
        key = row["source_id"]
        row.update(expected_track=labels.get(key, "other"),
                   expected_credential_level=award(row["title"]),
                   note=NOTES.get(key, ""), split=split_for(row["title"]))
    missing = (set(labels) | set(NOTES)) - {row["source_id"] for row in rows}
    assert not missing, missing
    with (HERE / "college_program_lists.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({column: row.get(column, "") for column in COLUMNS} for row in rows)
    print(f"college_program_lists.csv: {len(rows)} rows, "
          f"{sum(row['expected_track'] != 'other' for row in rows)} in our tracks")


if __name__ == "__main__":
    main()
