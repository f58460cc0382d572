"""A tiny IPEDS data site for the sample web, built in a test: HD, DEP and C_A zips.

Only the columns crawler/sources/ipeds.py requires are written, in the 2020-on layout
(PCERT1A/PCERT1B, ...DE and ...DES), at NCES's current location. ``publish`` writes a whole
collection year; each test then crawls it, changes it, and crawls again.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

from crawler.cip import cip_title
from crawler.ids import program_id
from crawler.sources.ipeds import AWARD_LEVELS, DIRECTORY_COLUMNS, DepLayout

HOST = "nces.ed.gov"
DATA_PATH = "/ipeds/complete-data-files/"
LAYOUT = DepLayout(split_cert1=True, has_des=True)
YEAR = 2023
DEP_LEVELS = ("cert1", "cert2", "cert4", "assoc")


@dataclass(frozen=True)
class Offer:
    """One program as IPEDS lists it: institution, CIP code, award level, distance education."""

    unitid: int
    cip_code: str
    level: str
    online: bool = False
    completions: int = 5

    @property
    def program_id(self) -> str:
        return program_id("ipeds", self.unitid, self.cip_code, self.level)

    @property
    def title(self) -> str:
        return cip_title(self.cip_code)


def institution(unitid: int, name: str, state: str, **fields) -> dict:
    return {"UNITID": unitid, "INSTNM": name, "ADDR": "1 College Way", "CITY": "Springfield",
            "STABBR": state, "ZIP": "00000", "WEBADDR": f"www.c{unitid}.edu",
            "LATITUDE": "40.1", "LONGITUD": "-74.2", "SECTOR": "4", "CONTROL": "1"} | fields


class IpedsSite:
    def __init__(self, sites_dir: Path):
        self.sites_dir = Path(sites_dir)
        self.site = self.sites_dir / HOST
        self.data_dir = self.site / DATA_PATH.strip("/")
        self.data_dir.mkdir(parents=True, exist_ok=True)

    def publish(self, institutions: list[dict], offers: list[Offer]) -> None:
        self.write_zip(f"HD{YEAR}", institutions, DIRECTORY_COLUMNS)
        dep_columns = LAYOUT.required_columns([AWARD_LEVELS[key] for key in DEP_LEVELS])
        self.write_zip(f"C{YEAR}DEP", _dep_rows(offers, dep_columns), dep_columns)
        self.write_zip(f"C{YEAR}_A", _completion_rows(offers),
                       ("UNITID", "CIPCODE", "MAJORNUM", "AWLEVEL", "CTOTALT"))

    def write_zip(self, name: str, rows: list[dict], columns) -> None:
        text = io.StringIO()
        writer = csv.DictWriter(text, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
        with zipfile.ZipFile(self.data_dir / f"{name}.zip", "w") as archive:
            archive.writestr(f"{name.lower()}.csv", text.getvalue())

    def corrupt(self, name: str) -> None:
        """Cut a zip in half, as a broken download or upload leaves it."""
        path = self.data_dir / f"{name}.zip"
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])

    def behave(self, rules: list[dict]) -> None:
        """The sample web's _behaviors.json for the site (read when a SampleWeb starts)."""
        (self.site / "_behaviors.json").write_text(json.dumps(rules))

    def url_path(self, name: str) -> str:
        return f"{DATA_PATH}{name}.zip"


def _dep_rows(offers: list[Offer], columns) -> list[dict]:
    rows: dict[tuple[int, str], dict] = {}
    for offer in offers:
        row = rows.setdefault((offer.unitid, offer.cip_code), {
            "UNITID": offer.unitid, "CIPCODE": offer.cip_code,
            **{column: 0 for column in columns[2:]}})
        column = LAYOUT.offer_columns(AWARD_LEVELS[offer.level])[-1]
        row[column] = 1
        row[column + "DE"] = int(offer.online)
    return list(rows.values())


def _completion_rows(offers: list[Offer]) -> list[dict]:
    return [{"UNITID": offer.unitid, "CIPCODE": offer.cip_code, "MAJORNUM": 1,
             "AWLEVEL": max(AWARD_LEVELS[offer.level].awlevels, key=int),
             "CTOTALT": offer.completions}
            for offer in offers]
