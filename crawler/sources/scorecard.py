"""College Scorecard API pages: the request's fields and the records read from a response.

The API answers ``{"metadata": {"total", "page", "per_page"}, "results": [...]}``; each result
carries the requested fields under their flat dotted names (``"school.name"``), and the program
list under ``"latest.programs.cip_4_digit"``, each program with flat dotted keys too
(``"credential.level"``). Nested objects are read as well, and any field may be null or missing.
The two differ (db/promotion.py): a null is the API saying "no value", so the item carries the
field empty and a stored value is cleared; a missing key (a field renamed or dropped by the API)
says nothing, so the item leaves the field out and the stored value stays. ``per_page`` past 100
is capped by the API without an error, so the page size to page by is the one ``metadata``
reports.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

PROGRAMS_FIELD = "latest.programs.cip_4_digit"
SCHOOL_FIELDS = ("id", "school.name", "school.state", "school.online_only",
                 "latest.cost.tuition.in_state", "latest.cost.tuition.out_of_state")
# Per program, relative to PROGRAMS_FIELD.
PROGRAM_FIELDS = ("code", "title", "credential.level",
                  "earnings.1_yr.overall_median_earnings",
                  "earnings.4_yr.overall_median_earnings",
                  "debt.staff_grad_plus.all.eval_inst.median", "counts.ipeds_awards2")
REQUESTED_FIELDS = (*SCHOOL_FIELDS, *(f"{PROGRAMS_FIELD}.{name}" for name in PROGRAM_FIELDS))

# Scorecard credential.level -> our credential_level; levels we do not list stay None.
CREDENTIAL_LEVELS = {1: "certificate", 2: "associate", 3: "bachelor", 5: "master"}


class ScorecardPageError(ValueError):
    """The response is not a Scorecard results page."""


@dataclass(frozen=True)
class Page:
    total: int
    results: list[dict]
    per_page: int | None = None  # the page size the API applied


def read_page(body: bytes) -> Page:
    try:
        data = json.loads(body)
        total = int(data["metadata"]["total"])
        results = data["results"]
    except (ValueError, KeyError, TypeError) as exc:
        raise ScorecardPageError(f"not a Scorecard results page ({exc.__class__.__name__}: "
                                 f"{exc})") from None
    if not isinstance(results, list):
        raise ScorecardPageError("'results' is not a list")
    return Page(total, results, as_int(data["metadata"].get("per_page")) or None)


def error_message(body: bytes) -> str | None:
    """The message of an error body, if any: api.data.gov's gateway sends
    {"error": {"code", "message"}}, the Scorecard API itself {"errors": [{"error", "message"}]}."""
    try:
        data = json.loads(body)
        if "error" in data:
            return f"{data['error']['code']}: {data['error']['message']}"
        return "; ".join(f"{e['error']}: {e['message']}" for e in data["errors"])
    except (ValueError, KeyError, TypeError):
        return None


class _Absent:
    """A key the API did not send at all (not even as null)."""

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT = _Absent()


def field(record: dict, dotted: str):
    """``record[dotted]``, whether the API sent the dotted name flat or as nested objects;
    ABSENT when the key is not there at all."""
    if dotted in record:
        return record[dotted]
    value = record
    for part in dotted.split("."):
        if value is None:
            return None  # a null parent object: the API sent "no value"
        if not isinstance(value, dict) or part not in value:
            return ABSENT
        value = value[part]
    return value


def sent(values: dict) -> dict:
    """The fields the API sent (null included): what an item should carry."""
    return {name: value for name, value in values.items() if value is not ABSENT}


def school_facts(record: dict) -> dict:
    online_only = field(record, "school.online_only")
    return sent({
        "unitid": as_int(field(record, "id")),
        "name": field(record, "school.name"),
        "state": field(record, "school.state"),
        "online_only": online_only if online_only in (None, ABSENT) else int(bool(online_only)),
        "tuition_in_state": as_int(field(record, "latest.cost.tuition.in_state")),
        "tuition_out_of_state": as_int(field(record, "latest.cost.tuition.out_of_state")),
    })


def program_outcomes(record: dict, cip_4digit: str) -> list[dict]:
    """One dict per program of the 4-digit CIP code ("5107") in the record."""
    unitid = as_int(field(record, "id"))
    unitid = None if unitid is ABSENT else unitid
    programs = field(record, PROGRAMS_FIELD)
    outcomes = []
    for program in programs if isinstance(programs, list) else []:
        if str(field(program, "code")) != cip_4digit:
            continue  # the filter should have left only matches; do not trust it blindly
        code = as_int(field(program, "credential.level"))
        code = None if code is ABSENT else code  # part of the id: never left out
        cip = f"{cip_4digit[:2]}.{cip_4digit[2:]}"
        outcomes.append(sent({
            "outcome_id": f"{unitid}-{cip}-{code}",
            "unitid": unitid,
            "institution_name": field(record, "school.name"),
            "cip_4digit": cip,
            "title": field(program, "title"),
            "credential_level": CREDENTIAL_LEVELS.get(code),
            "credential_level_code": code,
            "median_earnings_1yr": as_int(field(program, "earnings.1_yr.overall_median_earnings")),
            "median_earnings_4yr": as_int(field(program, "earnings.4_yr.overall_median_earnings")),
            "median_debt": as_int(field(program, "debt.staff_grad_plus.all.eval_inst.median")),
            "awards": as_int(field(program, "counts.ipeds_awards2")),
        }))
    return outcomes


def as_int(value) -> int | None:
    """Whole dollars or counts; the API sends numbers, sometimes as floats or strings. ABSENT
    stays ABSENT."""
    if value is ABSENT:
        return ABSENT
    if value is None or value == "":
        return None
    try:
        return round(float(value))
    except (TypeError, ValueError):
        return None
