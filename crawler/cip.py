"""CIP 2020 codes: titles and the track each of our codes belongs to (bundled CIP rows)."""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

CIP_FILE = Path(__file__).resolve().parent / "data" / "cip2020_51_52.csv"
SIX_DIGIT = re.compile(r"^\d{2}\.\d{4}$")


class CipCodeError(ValueError):
    """A CIP code that is neither a 6-digit code nor a 2/4-digit family."""


def normalize_cip(raw: str) -> str | None:
    """'51.0707' -> '51.0707'; family rows ('51', '51.07', '99') -> None; anything else raises."""
    code = raw.strip().strip('"').strip("=").strip('"')
    if re.fullmatch(r"\d\.\d{4}", code):
        code = "0" + code  # leading zero lost by a spreadsheet: 1.0101 -> 01.0101
    if SIX_DIGIT.match(code):
        return code
    if re.fullmatch(r"\d{1,2}(\.\d{2})?", code):
        return None
    raise CipCodeError(f"unexpected CIP code format: {raw!r}")


@lru_cache(maxsize=1)
def _cip_rows() -> dict[str, dict[str, str]]:
    with CIP_FILE.open(newline="", encoding="utf-8") as handle:
        return {row["cip_code"]: row for row in csv.DictReader(handle)}


def cip_title(code: str) -> str | None:
    row = _cip_rows().get(code)
    return row["cip_title"].rstrip(".") if row else None


def cip_track(code: str) -> str | None:
    """The track of a CIP code in our tracks (hit, billing_coding, him), else None."""
    row = _cip_rows().get(code)
    track = row["track"] if row else ""
    return track if track and track != "other" else None
