"""How sources/ca_etp.csv was made (run once, kept as the record).

    python data/classification/sources/build_ca_etp.py MIRROR_DIR   # from the public repository
    python data/classification/sources/build_ca_etp.py              # from the kept copy in raw/

The rows are 60 real California programs of the U.S. Department of Labor's eligible training
provider scorecard (WIOA ETA-9171, the data behind TrainingProviderResults.gov, California's
rows as of 2026-08-07), as committed for offline builds to `ChelseaKR/afterward`,
`fixtures/data/programs.json` at commit 904c23188f2d3218d054df2b8a32d0714f70eb8f. That
project chose the 60 rows to exercise its own pages (reported and unreported outcomes, a short
and a long program, a program with no occupation), not for anything about health information,
so they are a mixed slice of one state's list, read before any rule here saw them.

Given MIRROR_DIR (holding the git copy `ChelseaKR+afterward/repo`) the script reads the file at
that commit and rewrites raw/ca_etp_fixture.json, the fields used here for the 60 rows (the
uuid, program and provider names, CIP code, provider type, format sentence and description);
without it, it reads that kept copy. Either way it writes ca_etp.csv.

What became which column: `program_name` → title, `description` → description (the provider's
text, or the CIP definition where the provider gave none), `cip_code`, `provider_name` →
institution, `program_format` → delivery (the scorecard's three fixed sentences). The scorecard
has no award field: credential is empty and the expected credential level is labelled only
where the title names the award (a "Certificate"); elsewhere it is empty, not scored.

Labels are ours, by the guide in ../README.md, read by hand from title and description
(the classifier was not run before labelling). Delivery: the format sentence is a delivery field
(in-person only → campus, online/e-learning/distance only → online, hybrid or blended → hybrid).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from build_sources import write  # noqa: E402

SOURCE = ("ChelseaKR/afterward", "904c23188f2d3218d054df2b8a32d0714f70eb8f",
          "fixtures/data/programs.json")
RAW_COPY = HERE / "raw" / "ca_etp_fixture.json"
KEPT_FIELDS = ("uuid", "program_name", "provider_name", "cip_code", "entity_type",
               "program_format", "description")

FORMAT_MODES = {
    "This program provides in-person instruction only.": "campus",
    "This program provides online instruction, e-learning, or distance learning only.": "online",
    "This is a hybrid or blended program providing both in-person and online instruction.":
        "hybrid",
}

# Every row labelled other than `other`, by the scorecard's uuid.
TRACKS = {
    "f69d0c12-31e5-11f1-b47c-00155dd2f085": "billing_coding",  # Medical Billing/Medical Front ...
    "f69d0664-31e5-11f1-af10-00155dd2f085": "billing_coding",  # Medical Coder
    "f69d0777-31e5-11f1-b6e4-00155dd2f085": "billing_coding",  # Medical Biller
}
NOTES = {
    "f69d0c12-31e5-11f1-b47c-00155dd2f085":
        "billing and front office named together; billing, named first, decides",
    "f69d0777-31e5-11f1-b6e4-00155dd2f085":
        "titled Medical Biller (CIP 51.0714); its description reads like a medical front office "
        "course: the title names the subject",
    "f69d05ca-31e5-11f1-a2d6-00155dd2f085":
        "medical assistant named first, HIT second; the description is clinical medical "
        "assisting only (CIP 51.2706): other",
    "f69d07b4-31e5-11f1-be7b-00155dd2f085":
        "medical secretary; a billing service is named only as a place of work: other",
    "f69d0608-31e5-11f1-a2a1-00155dd2f085":
        "medical office assistant with a medical records clerk course among many: other",
}
# The award, where the title names one (the scorecard has no award field).
CREDENTIALS = {
    "f6900f55-31e5-11f1-ba03-00155dd2f085": "certificate",
    "f69d0411-31e5-11f1-9582-00155dd2f085": "certificate",
    "f69d1112-31e5-11f1-a794-00155dd2f085": "certificate",
    "f69d042f-31e5-11f1-a9f9-00155dd2f085": "certificate",
    "f69d046b-31e5-11f1-8304-00155dd2f085": "certificate",
    "f69d044d-31e5-11f1-b96f-00155dd2f085": "certificate",
    "f69dae44-31e5-11f1-bc02-00155dd2f085": "certificate",
}


def read_programs(mirror: Path | None) -> list[dict]:
    if mirror is None:
        return json.loads(RAW_COPY.read_text(encoding="utf-8"))
    repo, commit, path = SOURCE
    folder = mirror / repo.replace("/", "+") / "repo"
    text = subprocess.run(["git", "-C", str(folder), "show", f"{commit}:{path}"], check=True,
                          capture_output=True).stdout.decode("utf-8")
    programs = [{field: record[field] for field in KEPT_FIELDS}
                for record in json.loads(text)["programs"]]
    RAW_COPY.write_text(json.dumps(programs, indent=1, ensure_ascii=False) + "\n",
                        encoding="utf-8")
    return programs


def ca_etp(programs: list[dict]) -> list[dict]:
    known = {record["uuid"] for record in programs}
    missing = (set(TRACKS) | set(NOTES) | set(CREDENTIALS)) - known
    assert not missing, f"labelled ids not in the source: {sorted(missing)}"
    rows = []
    for record in programs:
        uuid = record["uuid"]
        rows.append({"source_id": uuid, "title": record["program_name"].strip(),
                     "description": " ".join((record["description"] or "").split()),
                     "cip_code": record["cip_code"], "institution": record["provider_name"],
                     "delivery": record["program_format"],
                     "expected_track": TRACKS.get(uuid, "other"),
                     "expected_credential_level": CREDENTIALS.get(uuid, ""),
                     "expected_delivery_mode": FORMAT_MODES[record["program_format"]],
                     "note": NOTES.get(uuid, "")})
    return rows


if __name__ == "__main__":
    write("ca_etp.csv", ca_etp(read_programs(Path(sys.argv[1]) if len(sys.argv) > 1 else None)))
