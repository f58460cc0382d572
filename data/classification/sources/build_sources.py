"""How the labelled source files in this folder were made (run once, kept as the record).

    python data/classification/sources/build_sources.py MIRROR_DIR

MIRROR_DIR holds git copies of the three public repositories named in README.md; each file is
read at the commit named there. The rows are the source's own, unchanged; the labels are ours,
decided by the guide in ../README.md: every title that could concern our tracks was read by hand
(the candidate pattern below only decides which titles were read, not their labels) and its
track is listed here by the source's own id. Every other row is `other`. Rows whose label is a
judgement call carry a note. Credential level and delivery mode are labelled only where the
source states them (empty = not labelled; bench/classify_eval.py skips those).
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))
from bench.classify_split import split_for  # noqa: E402

COLUMNS = ("source_id", "title", "credential", "description", "cip_code", "institution",
           "delivery", "expected_track", "expected_credential_level", "expected_delivery_mode",
           "note", "split")


def git_show(mirror: Path, repo: str, commit: str, path: str, encoding: str = "utf-8") -> str:
    folder = mirror / repo.replace("/", "+") / "repo"
    return subprocess.run(["git", "-C", str(folder), "show", f"{commit}:{path}"], check=True,
                          capture_output=True).stdout.decode(encoding)


def write(name: str, rows: list[dict]) -> None:
    for row in rows:
        row["split"] = split_for(row["title"])
    with (HERE / name).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({column: row.get(column, "") for column in COLUMNS} for row in rows)
    print(f"{name}: {len(rows)} rows")


# --- IPEDS: every 6-digit CIP title in the completions file's value labels ---------------------
IPEDS = ("wbuchanan/ipeds", "d133cb7b80b62866e3d8a5446092119a0459fa1f", "scripts/c2016_a.do")
CIP_TRACKS = {"51.0706": "him", "51.0707": "hit", "51.0713": "billing_coding",
              "51.0714": "billing_coding"}


def ipeds_cip_titles(mirror: Path) -> list[dict]:
    text = git_show(mirror, *IPEDS)
    rows = []
    for code, title in re.findall(r'label define label_cipcode\s+\d+ "(\d\d\.\d{4})-([^"]+)"',
                                  text):
        # The title alone is the listing: with its code the task would be a table look-up.
        rows.append({"source_id": code, "title": title,
                     "expected_track": CIP_TRACKS.get(code, "other")})
    return rows


# --- University of Hawaii system: credit and non-credit program inventory ----------------------
UH = ("LionelRoxas/ai-pathways-poc", "127fca22961fb111556ab52eaa2a4bdf2e7efbfc",
      "src/app/lib/data/jsonl/programs_2yr_4yr_noncredit_11_16_2025_cipfilled.json")
UH_TRACKS = {
    "hit": {"LEE/AS-HIT", "LEE/CA-HIT", "LEE/CO-HIT", "LEE/HLTH5470", "LEE/HLTH5490"},
    # One program code, many concentrations: the concentration's title is part of its key.
    "him": {"WOA/BAS-APSC|Applied Science - Health Information Management"},
    "billing_coding": {
        "HAW/HLTH1902", "HAW/HLTH1932", "KAP/HLTH3123", "KAP/HLTH3124", "LEE/HLTH5400",
        "LEE/HLTH5440", "LEE/HLTH5445", "LEE/HLTH5450", "LEE/HLTH5455", "LEE/HLTH5460",
        "LEE/HLTH5480", "LEE/HLTH5481", "LEE/HLTH5499", "LEE/HLTH5500", "LEE/HLTH5814",
        "MAU/HLTH6900", "HAW/OCT1901",
        "HAW/OCT1916", "HAW/OCT1945", "HAW/OCT1953", "MAU/OCT6012", "MAU/OCT6064",
        "MAU/OCT6100", "MAU/OCT6171", "MAU/OCT6194", "MAU/OCT6209", "MAU/OCT6928",
        "MAU/OCT6933", "WIN/OCT7019", "WIN/OCT7068"},
}
UH_NOTES = {
    "LEE/HLTH5470": "one course of Leeward's non-credit coding series, titled for HIT",
    "LEE/HLTH5460": "reimbursement course of a coding series",
    "LEE/HLTH5490": "RHIT and RHIA exam prep together; the technician credential, named first, "
                    "decides",
    "LEE/HLTH5814": "reimbursement course for medical assistants: its subject is billing",
    "HAW/OCT1945": "medical administrative assistant with billing and coding named: combined",
    "MAU/OCT6064": "medical administrative assistant with billing and coding named: combined",
    "HAW/OCT1931": "clinical medical assistant with an EHR add-on stays other",
    "WOA/BAS-APSC|Applied Science - Health Information Management":
        "bachelor of applied science with an HIM concentration",
}
# "Coding Certificate" / "Introduction to Coding" (Hawaii CC continuing ed) do not say whether the
# coding is medical or programming: left out rather than guessed.
UH_LEFT_OUT = {"HAW/OCT1516", "HAW/OCT1517"}


def uh_programs(mirror: Path) -> list[dict]:
    records = json.loads(git_show(mirror, *UH))
    labels = {key: track for track, keys in UH_TRACKS.items() for key in keys}
    rows = []
    for record in records:
        key = f"{record['iro_institution'] or '-'}/{record['program']}"
        if key in UH_LEFT_OUT:
            continue
        title = record["program_desc"].strip()
        labelled = f"{key}|{title}" if f"{key}|{title}" in labels else key
        level = record["degree_level"]
        # The award is the program code's prefix (AS-HIT, CA-MEDA, BAS-APSC) for credit programs.
        award = record["program"].split("-")[0]
        credential = level if level == "non-credit" else f"{award} ({level})"
        rows.append({"source_id": key, "title": title,
                     "credential": credential, "cip_code": record["cip_code"],
                     "institution": record["iro_institution"],
                     "expected_track": labels.get(labelled, "other"),
                     "note": UH_NOTES.get(labelled, "")})
    return rows


# --- Northern Virginia Workforce Investment Board (SkillSource) eligible training providers -----
NOVA = ("scottyadean/jobService", "4832eec59ba1a66d93409363f9ec55aa0080b7a9",
        "application/docs/skillSrc.sql")
NOVA_TRACKS = {"hit": {20, 40, 41, 123, 362, 363},
               "billing_coding": {66, 98, 135, 364, 372, 377, 439, 441}}
NOVA_NOTES = {
    362: "EHR and reimbursement named together; the records side, named first, decides",
    439: "medical assistant program that includes billing and coding by name: combined",
    365: "medical front office with an EHR add-on stays other",
    20: "EHR specialist program filed under CIP 51.0720",
}
_SQL_STRING = r"'((?:[^'\\]|''|\\.)*)'"


def _sql_rows(text: str, table: str, pattern: str) -> list[tuple]:
    found = []
    for block in re.finditer(rf"INSERT INTO `{table}` \([^)]*\) VALUES\n(.*?);\n", text, re.S):
        found += re.findall(pattern, block.group(1))
    return found


def _unquote(value: str) -> str:
    return value.replace("''", "'").replace("\\'", "'").replace("&trade;", "").replace(
        "&reg;", "").strip()


def _nova_credential(title: str) -> str:
    """The award a title names; "" when it names two degrees (not labelled)."""
    if "Associate & BS Degrees" in title:
        return ""
    if re.search(r"\bA\.?A\.?S\b|Associate (?:Degree|of)", title):
        return "associate"
    if re.search(r"\bDiploma\b", title):
        return "diploma"
    # Certification-exam preparation is non-credit training (README.md, credential level).
    if re.search(r"\bprep\b|preparation", title, re.I):
        return "non-credit"
    if re.search(r"\bCertificat(?:e|ion)\b", title):
        return "certificate"
    return "unknown"


def _nova_delivery(title: str) -> str:
    """Training vendors in this list put the format in the title: "(E-Learning)", "Classroom"."""
    if re.search(r"virtual classroom|e-? ?learning|\bon-?line\b", title, re.I):
        return "online"
    if re.search(r"\bclassroom\b", title, re.I):
        return "campus"
    # "Self-Paced" alone says how fast, not where.
    return "unknown"


def nova_etp(mirror: Path) -> list[dict]:
    text = git_show(mirror, *NOVA, encoding="latin-1")  # the dump declares CHARSET=latin1
    providers = {int(pid): _unquote(name) for pid, name in _sql_rows(
        text, "providers", rf"\((\d+), {_SQL_STRING}")}
    programs = _sql_rows(text, "providers_programs",
                         rf"\((\d+), (\d+|NULL), \d+, {_SQL_STRING}, {_SQL_STRING}")
    labels = {pid: track for track, ids in NOVA_TRACKS.items() for pid in ids}
    rows = []
    for program_id, provider_id, name, _tags in programs:
        title, number = _unquote(name), int(program_id)
        rows.append({
            "source_id": program_id, "title": title,
            "institution": providers.get(int(provider_id), "") if provider_id != "NULL" else "",
            "expected_track": labels.get(number, "other"),
            "expected_credential_level": _nova_credential(title),
            "expected_delivery_mode": _nova_delivery(title),
            "note": NOVA_NOTES.get(number, "")})
    return rows


def main() -> None:
    mirror = Path(sys.argv[1])
    write("ipeds_cip_titles.csv", ipeds_cip_titles(mirror))
    write("uh_programs.csv", uh_programs(mirror))
    write("nova_etp.csv", nova_etp(mirror))


if __name__ == "__main__":
    main()
