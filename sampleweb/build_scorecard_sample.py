#!/usr/bin/env python3
"""Build the College Scorecard part of the sample web and its ground truth.

``python sampleweb/build_scorecard_sample.py`` rewrites, byte for byte the same on every run:

* ``sampleweb/data/scorecard_schools.json`` -- the schools ``sampleweb/scorecard_api.py`` serves,
  nested as the Scorecard names its fields: every third IPEDS sample institution with a CIP 51.07
  program per credential level it lists there (some with null earnings, debt or tuition), one
  unrelated program (nursing, CIP 5138) now and then, three schools IPEDS does not list (one
  with a bachelor's, one with a graduate certificate) and two schools with no 51.07 program;
* ``sampleweb/ground_truth/scorecard.json`` -- the rows a correct crawl stores, computed from
  this generator's own data (never by running crawler code).

``--check`` fails if a committed file differs from what would be written.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = 5107
DATASET = ROOT / "sampleweb/data/scorecard_schools.json"
GROUND_TRUTH = ROOT / "sampleweb/ground_truth/scorecard.json"
IPEDS_TRUTH = ROOT / "sampleweb/ground_truth/ipeds.json"
TITLE = "Health and Medical Administrative Services."
LEVELS = {"certificate": 1, "associate": 2, "bachelor": 3, "graduate certificate": 8}
OUR_WORDS = {1: "certificate", 2: "associate", 3: "bachelor"}  # 8 has none: stored as null
NOT_IN_IPEDS = [  # (unitid, name, state, credential levels)
    (990001, "Prairie Wind Online College", "NE", ["certificate", "associate"]),
    (990002, "Tidewater University", "VA", ["bachelor"]),
    (990003, "Summit Graduate Institute", "CO", ["graduate certificate"]),
]
NO_5107 = [(990011, "Lakeshore Nursing School", "WI"), (990012, "Canyon Trade Institute", "NV")]


def build() -> tuple[list[dict], dict]:
    rng = random.Random(SEED)
    ipeds = json.loads(IPEDS_TRUTH.read_text())
    levels_of: dict[int, set[str]] = {}
    for program in ipeds["programs"]:
        levels_of.setdefault(program["unitid"], set()).add(program["credential_level"])
    chosen = [(i["unitid"], i["name"], i["state"], sorted(levels_of[i["unitid"]]))
              for i in ipeds["institutions"][::3]]
    schools, outcomes, facts = [], [], []
    for n, (unitid, name, state, levels) in enumerate(chosen + NOT_IN_IPEDS):
        programs = [_program(rng, LEVELS[level], nulls=(n % 5 == 0)) for level in levels]
        if n % 4 == 0:
            programs.append(_program(rng, 2, code="5138", title="Registered Nursing."))
        school = _school(rng, unitid, name, state, programs, online_only=[0, 0, 0, 1, None][n % 5],
                         tuition_known=(n % 7 != 0))
        schools.append(school)
        facts.append(_expected_facts(school))
        outcomes += [_expected_outcome(school, p) for p in programs if p["code"] == "5107"]
    for unitid, name, state in NO_5107:
        schools.append(_school(rng, unitid, name, state,
                               [_program(rng, 2, code="5138", title="Registered Nursing.")],
                               online_only=0, tuition_known=True))
    truth = {"cip_4digit": "51.07", "school_facts": sorted(facts, key=lambda f: f["unitid"]),
             "program_outcomes": sorted(outcomes, key=lambda o: o["outcome_id"]),
             "counts": {"schools": len(facts), "program_outcomes": len(outcomes),
                        "institutions_not_in_ipeds": len(NOT_IN_IPEDS)}}
    return schools, truth


def _program(rng, level: int, nulls: bool = False, code: str = "5107", title: str = TITLE):
    earnings_1yr = rng.randrange(22000, 42000, 100)
    return {
        "code": code, "title": title,
        "credential": {"level": level, "title": f"level {level}"},
        "earnings": {"1_yr": {"overall_median_earnings": None if nulls else earnings_1yr},
                     "4_yr": {"overall_median_earnings":
                              None if nulls or level == 1 and rng.random() < 0.3
                              else earnings_1yr + rng.randrange(2000, 12000, 100)}},
        "debt": {"staff_grad_plus": {"all": {"eval_inst": {
            "median": None if nulls else rng.randrange(6000, 28000, 50)}}}},
        "counts": {"ipeds_awards2": rng.randrange(10, 240)},
    }


def _school(rng, unitid, name, state, programs, online_only, tuition_known):
    in_state = rng.randrange(1800, 9000, 10) if tuition_known else None
    return {"id": unitid,
            "school": {"name": name, "state": state, "online_only": online_only},
            "latest": {"cost": {"tuition": {
                "in_state": in_state,
                "out_of_state": None if in_state is None else in_state + rng.randrange(0, 9000, 10)}},
                "programs": {"cip_4_digit": programs}}}


def _expected_facts(school: dict) -> dict:
    tuition = school["latest"]["cost"]["tuition"]
    return {"unitid": school["id"], "name": school["school"]["name"],
            "state": school["school"]["state"], "online_only": school["school"]["online_only"],
            "tuition_in_state": tuition["in_state"], "tuition_out_of_state": tuition["out_of_state"]}


def _expected_outcome(school: dict, program: dict) -> dict:
    level = program["credential"]["level"]
    return {"outcome_id": f"{school['id']}-51.07-{level}", "unitid": school["id"],
            "institution_name": school["school"]["name"], "cip_4digit": "51.07",
            "title": program["title"], "credential_level": OUR_WORDS.get(level),
            "credential_level_code": level,
            "median_earnings_1yr": program["earnings"]["1_yr"]["overall_median_earnings"],
            "median_earnings_4yr": program["earnings"]["4_yr"]["overall_median_earnings"],
            "median_debt": program["debt"]["staff_grad_plus"]["all"]["eval_inst"]["median"],
            "awards": program["counts"]["ipeds_awards2"]}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="fail if the committed files differ from a fresh build")
    args = parser.parse_args(argv)
    schools, truth = build()
    files = {DATASET: schools, GROUND_TRUTH: truth}
    stale = []
    for path, data in files.items():
        text = json.dumps(data, indent=1) + "\n"
        if args.check:
            if not path.exists() or path.read_text() != text:
                stale.append(str(path.relative_to(ROOT)))
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
    if stale:
        print(f"out of date: {', '.join(stale)}", file=sys.stderr)
        return 1
    print(f"{len(schools)} schools, {truth['counts']['program_outcomes']} program outcomes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
