"""Readers for the IPEDS data files (zipped CSV) the ipeds spider downloads.

Pure functions over bytes and rows, so they are tested without a crawl. File-level problems
(not a zip, no CSV inside, missing columns) raise ``IpedsFileError``: the whole file is unusable.
Row-level problems (a malformed CIP code, an unknown award level, a flag that is not 0/1) are
returned as ``RowProblem`` so the spider can log and count each one and skip only that row.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from crawler.cip import CipCodeError, normalize_cip


class IpedsFileError(Exception):
    """A data file that cannot be used at all."""


@dataclass(frozen=True)
class RowProblem:
    file_name: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file_name} line {self.line}: {self.message}"


@dataclass(frozen=True)
class AwardLevel:
    key: str
    dep_column: str  # offered flag in C{YYYY}DEP; the distance-education flag adds "DE"
    awlevels: frozenset[str]  # AWLEVEL codes in C{YYYY}_A completions
    label: str  # IPEDS's own name of the level, the credential words the classifier reads


AWARD_LEVELS = {level.key: level for level in (
    AwardLevel("cert1", "PCERT1", frozenset({"1", "20", "21"}),
               "Certificate of less than 1 year"),
    AwardLevel("cert2", "PCERT2", frozenset({"2"}),
               "Certificate of at least 1 but less than 2 years"),
    AwardLevel("assoc", "PASSOC", frozenset({"3"}), "Associate's degree"),
    AwardLevel("cert4", "PCERT4", frozenset({"4"}),
               "Certificate of at least 2 but less than 4 years"),
    AwardLevel("bachelor", "PBACHL", frozenset({"5"}), "Bachelor's degree"),
    AwardLevel("postbacc", "PPBACC", frozenset({"6"}), "Postbaccalaureate certificate"),
    AwardLevel("master", "PMASTR", frozenset({"7"}), "Master's degree"),
)}
# The delivery statement a program's C{YYYY}DEP distance-education flag makes, in our words; the
# classifier recognises exactly these (crawler/classification/delivery.py).
DEP_DISTANCE_TEXT = "IPEDS DEP: all required coursework can be completed at a distance"
DEP_CAMPUS_TEXT = "IPEDS DEP: not offered via distance education"
# Every AWLEVEL IPEDS uses (2023 scheme plus the older "1" = under one year).
KNOWN_AWLEVELS = frozenset({"1", "2", "3", "4", "5", "6", "7", "8", "17", "18", "19", "20", "21"})

DIRECTORY_COLUMNS = ("UNITID", "INSTNM", "ADDR", "CITY", "STABBR", "ZIP", "WEBADDR",
                     "LATITUDE", "LONGITUD", "SECTOR", "CONTROL")
COMPLETIONS_COLUMNS = ("UNITID", "CIPCODE", "MAJORNUM", "AWLEVEL", "CTOTALT")
CONTROL_NAMES = {"1": "public", "2": "private nonprofit", "3": "private for-profit"}


@dataclass(frozen=True)
class CsvTable:
    """One CSV file, decoded; its rows are read lazily (the real files have 200,000+ rows, of
    which a few thousand are in our CIP codes: only those become dicts)."""

    file_name: str  # the CSV member actually read, e.g. c2023_a_rv.csv
    columns: tuple[str, ...]
    text: str

    def raw_records(self) -> Iterator[tuple[int, list[str]]]:
        """(line number, values) per data row, padded to the header's width."""
        reader = csv.reader(io.StringIO(self.text, newline=""))
        next(reader)  # the header
        width = len(self.columns)
        for values in reader:
            if values:
                yield reader.line_num, values + [""] * (width - len(values))

    def row(self, values: list[str]) -> dict[str, str]:
        return dict(zip(self.columns, (value.strip() for value in values)))

    def records(self) -> Iterator[tuple[int, dict[str, str]]]:
        for line, values in self.raw_records():
            yield line, self.row(values)


def read_zip_csv(body: bytes, zip_name: str) -> CsvTable:
    """The CSV inside an IPEDS zip; the revised ``_rv`` file wins when both are present."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(body))
        members = [n for n in archive.namelist() if n.lower().endswith(".csv")]
        if not members:
            raise IpedsFileError(f"{zip_name}: the archive holds no CSV file")
        revised = [n for n in members if n.lower().endswith("_rv.csv")]
        member = (revised or members)[0]
        raw = archive.read(member)
    except (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile) as exc:
        raise IpedsFileError(f"{zip_name}: not a readable zip archive ({exc})") from exc
    text = _decode(raw)
    header = next(csv.reader(io.StringIO(text, newline="")), None)
    if not header:
        raise IpedsFileError(f"{zip_name}: {member} is empty")
    return CsvTable(member, tuple(name.strip().upper() for name in header), text)


def _decode(raw: bytes) -> str:
    # Recent IPEDS files are UTF-8 with a BOM; older ones are Windows-1252 / latin-1.
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def require_columns(table: CsvTable, columns: tuple[str, ...]) -> None:
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise IpedsFileError(f"{table.file_name}: missing column(s) {', '.join(missing)}")


def parse_directory(table: CsvTable) -> dict[int, dict]:
    """HD file -> {unitid: institution fields named as InstitutionItem fields}."""
    require_columns(table, DIRECTORY_COLUMNS)
    institutions = {}
    for _line, row in table.records():
        unitid = int(row["UNITID"])
        institutions[unitid] = {
            "unitid": unitid,
            "name": row["INSTNM"],
            "address": row["ADDR"],
            "city": row["CITY"],
            "state": row["STABBR"],
            "zip": row["ZIP"],
            "website": normalize_website(row["WEBADDR"]),
            "latitude": _float_or_none(row["LATITUDE"]),
            "longitude": _float_or_none(row["LONGITUD"]),
            "sector": _int_or_none(row["SECTOR"]),
            "control": CONTROL_NAMES.get(row["CONTROL"], row["CONTROL"] or None),
        }
    return institutions


def parse_program_offers(table: CsvTable, cip_codes: set[str], level_keys: list[str]):
    """DEP file -> ([offer dicts], [RowProblem]) for our CIP codes and award levels.

    An offer is one (unitid, cip_code, award level) the institution offers, with whether it can
    be completed by distance education. Family/total rows (51, 51.07, 99) are skipped silently.
    """
    levels = [AWARD_LEVELS[key] for key in level_keys]
    columns = ("UNITID", "CIPCODE") + tuple(
        col for level in levels for col in (level.dep_column, level.dep_column + "DE"))
    require_columns(table, columns)
    offers, problems = [], []
    for row, line, cip in _rows_in_codes(table, cip_codes, problems):
        for level in levels:
            offered = _flag(row[level.dep_column])
            distance = _flag(row[level.dep_column + "DE"])
            if offered is None or distance is None:
                problems.append(RowProblem(
                    table.file_name, line,
                    f"{level.dep_column}/{level.dep_column}DE should be 0 or 1, got "
                    f"{row[level.dep_column]!r}/{row[level.dep_column + 'DE']!r}"))
                continue
            if offered:
                offers.append({"unitid": int(row["UNITID"]), "cip_code": cip,
                               "award_level": level, "distance_education": bool(distance)})
    return offers, problems


def parse_completions(table: CsvTable, cip_codes: set[str]):
    """C_A file -> ({(unitid, cip_code, level key): first-major awards}, [RowProblem])."""
    require_columns(table, COMPLETIONS_COLUMNS)
    level_of = {code: level.key for level in AWARD_LEVELS.values() for code in level.awlevels}
    totals: dict[tuple[int, str, str], int] = {}
    problems = []
    for row, line, cip in _rows_in_codes(table, cip_codes, problems):
        if row["MAJORNUM"] != "1":
            continue
        awlevel = row["AWLEVEL"]
        if awlevel not in KNOWN_AWLEVELS:
            problems.append(RowProblem(table.file_name, line, f"unknown AWLEVEL {awlevel!r}"))
            continue
        if awlevel not in level_of:
            continue  # a real level we do not list (e.g. doctorates)
        key = (int(row["UNITID"]), cip, level_of[awlevel])
        totals[key] = totals.get(key, 0) + (_int_or_none(row["CTOTALT"]) or 0)
    return totals, problems


def _rows_in_codes(table: CsvTable, cip_codes: set[str], problems: list[RowProblem]):
    """(row, line, cip_code) for the rows in our CIP codes; a malformed code is a problem."""
    cip_column = table.columns.index("CIPCODE")
    for line, values in table.raw_records():
        try:
            cip = normalize_cip(values[cip_column])
        except CipCodeError as exc:
            problems.append(RowProblem(table.file_name, line, str(exc)))
            continue
        if cip in cip_codes:
            yield table.row(values), line, cip


def normalize_website(raw: str) -> str | None:
    """'www.MCCC.edu' -> 'https://www.mccc.edu/'; blank -> None."""
    value = raw.strip()
    if not value:
        return None
    if "://" not in value:
        value = "https://" + value
    scheme, rest = value.split("://", 1)
    host, _, path = rest.partition("/")
    return f"{scheme.lower()}://{host.lower()}/{path}"


def _flag(value: str) -> int | None:
    if value in ("", "."):
        return 0
    return int(value) if value in ("0", "1") else None


def _int_or_none(value: str) -> int | None:
    try:
        return int(value)
    except ValueError:
        return None


def _float_or_none(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None
