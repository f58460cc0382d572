"""Readers for the IPEDS data files (zipped CSV) the ipeds spider downloads.

Pure functions over bytes and rows, so they are tested without a crawl. File-level problems
(not a zip, no CSV inside, missing columns) raise ``IpedsFileError``: the whole file is unusable.
Row-level problems (a malformed CIP code, an unknown award level, a flag that is not 0/1) are
returned as ``RowProblem`` so the spider can log and count each one and skip only that row.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from crawler.cip import CipCodeError, normalize_cip


# A CSV that inflates past this many bytes is refused (setting IPEDS_MAX_UNCOMPRESSED_BYTES): the
# largest real file, completions C{YYYY}_A.csv, has a few hundred thousand short rows
# (bench/ipeds_parse.py), so this leaves it room several times over and stops a zip bomb.
DEFAULT_MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024
ZIP_READ_CHUNK = 1024 * 1024


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
    dep_column: str  # offered flag in C{YYYY}DEP up to the 2019 files; "DE"/"DES" flags add
    awlevels: frozenset[str]  # AWLEVEL codes in C{YYYY}_A completions
    label: str  # IPEDS's own name of the level, the credential words the classifier reads
    # From the 2020-21 collection (C2020DEP) the under-one-year certificate is split in two
    # columns, PCERT1A (under 300 clock hours) and PCERT1B (300-899), like AWLEVEL 20 and 21.
    split_columns: tuple[str, ...] = ()


AWARD_LEVELS = {level.key: level for level in (
    AwardLevel("cert1", "PCERT1", frozenset({"1", "20", "21"}),
               "Certificate of less than 1 year", ("PCERT1A", "PCERT1B")),
    AwardLevel("cert2", "PCERT2", frozenset({"2"}),
               "Certificate of at least 1 but less than 2 years"),
    AwardLevel("assoc", "PASSOC", frozenset({"3"}), "Associate's degree"),
    AwardLevel("cert4", "PCERT4", frozenset({"4"}),
               "Certificate of at least 2 but less than 4 years"),
    AwardLevel("bachelor", "PBACHL", frozenset({"5"}), "Bachelor's degree"),
    AwardLevel("postbacc", "PPBACC", frozenset({"6"}), "Postbaccalaureate certificate"),
    AwardLevel("master", "PMASTR", frozenset({"7"}), "Master's degree"),
)}
# Every AWLEVEL IPEDS uses (2023 scheme plus the older "1" = under one year).
KNOWN_AWLEVELS = frozenset({"1", "2", "3", "4", "5", "6", "7", "8", "17", "18", "19", "20", "21"})

DIRECTORY_COLUMNS = ("UNITID", "INSTNM", "ADDR", "CITY", "STABBR", "ZIP", "WEBADDR",
                     "LATITUDE", "LONGITUD", "SECTOR", "CONTROL")
# Read when present: whether the institution was open in the collection year.
STATUS_COLUMNS = ("CYACTIVE", "CLOSEDAT")
COMPLETIONS_COLUMNS = ("UNITID", "CIPCODE", "MAJORNUM", "AWLEVEL", "CTOTALT")
CONTROL_NAMES = {"1": "public", "2": "private nonprofit", "3": "private for-profit"}
CYACTIVE_REASONS = {  # data dictionary codes; 1 = active in the collection year
    "2": "not active in the collection year (CYACTIVE=2: potential add or restore)",
    "3": "not active in the collection year (CYACTIVE=3: closed, combined or out of scope)",
}

# --- Distance education: IPEDS's own words for each case (data dictionary, quoted in
# tests/fixtures/real/README.md). A DEP row says, per CIP code and award level, that all programs
# can be completed at a distance (...DE = 1), that some can (...DES = 1, from C2020DEP on), or
# neither. Before 2020 there was only ...DE, worded "offered via distance education".
DE_ALL, DE_SOME, DE_NONE = "DE", "DES", ""
# The delivery statement (ProgramItem.delivery_text) each case makes; the classifier recognises
# exactly these (crawler/classification/delivery.py).
DEP_DISTANCE_TEXT = ("IPEDS DEP: all programs in a CIP code can be completed entirely via "
                     "distance education")
DEP_SOME_DISTANCE_TEXT = ("IPEDS DEP: some programs in a CIP code can be completed entirely via "
                          "distance education")
DEP_CAMPUS_TEXT = "IPEDS DEP: None of the programs in this CIP can be completed entirely online"
DEP_DISTANCE_TEXT_2019 = "IPEDS DEP: program offered via distance education"
DEP_CAMPUS_TEXT_2019 = "IPEDS DEP: program not offered via distance education"
DEP_TEXTS = {("split", DE_ALL): DEP_DISTANCE_TEXT, ("split", DE_SOME): DEP_SOME_DISTANCE_TEXT,
             ("split", DE_NONE): DEP_CAMPUS_TEXT, ("single", DE_ALL): DEP_DISTANCE_TEXT_2019,
             ("single", DE_NONE): DEP_CAMPUS_TEXT_2019}


@dataclass(frozen=True)
class DepLayout:
    """Which of the real C{YYYY}DEP layouts a header is, decided from its columns alone."""

    split_cert1: bool  # PCERT1A/PCERT1B (2020-21 collection on) instead of PCERT1
    has_des: bool  # ...DES "some programs" columns next to each ...DE

    @property
    def era(self) -> str:
        return "split" if self.split_cert1 else "single"

    def offer_columns(self, level: AwardLevel) -> tuple[str, ...]:
        return level.split_columns if self.split_cert1 and level.split_columns else (
            level.dep_column,)

    def required_columns(self, levels: list[AwardLevel]) -> tuple[str, ...]:
        suffixes = ("", "DE", "DES") if self.has_des else ("", "DE")
        return ("UNITID", "CIPCODE") + tuple(
            column + suffix for level in levels for column in self.offer_columns(level)
            for suffix in suffixes)

    def delivery_text(self, flag: str) -> str:
        return DEP_TEXTS[(self.era, flag)]


def dep_layout(table: "CsvTable", year: int | str) -> DepLayout:
    """The layout of a DEP file, or an IpedsFileError naming what an unknown one lacks."""
    columns = set(table.columns)
    if {"PCERT1A", "PCERT1B"} <= columns:
        split = True
    elif "PCERT1" in columns:
        split = False
    else:
        missing = [c for c in ("PCERT1", "PCERT1A", "PCERT1B") if c not in columns]
        raise IpedsFileError(
            f"{table.file_name}: unknown C{year}DEP layout for {year}: missing column(s) "
            f"{', '.join(missing)} (need PCERT1 up to 2019, or PCERT1A and PCERT1B from 2020)")
    return DepLayout(split, "PTOTALDES" in columns or "PASSOCDES" in columns)


@dataclass(frozen=True)
class Parsed:
    """What a reader made of one file: its result, the bad rows, and how many rows it read."""

    value: object
    problems: list
    rows: int


@dataclass(frozen=True)
class CsvTable:
    """One CSV file in a zip, read lazily: rows are decompressed and decoded as they are read
    (the real files have 200,000+ rows of up to 64 columns, of which a few thousand are in our
    CIP codes: only those become dicts), so the decoded text is never held whole."""

    file_name: str  # the CSV member actually read, e.g. c2023_a_rv.csv
    columns: tuple[str, ...]
    archive: zipfile.ZipFile
    encoding: str

    def lines(self):
        # cp1252 leaves five bytes undefined: shown as U+FFFD rather than stopping the file.
        return io.TextIOWrapper(self.archive.open(self.file_name), encoding=self.encoding,
                                errors="replace", newline="")

    def raw_records(self) -> Iterator[tuple[int, list[str]]]:
        """(line number, values) per data row, padded to the header's width."""
        with self.lines() as stream:
            reader = csv.reader(stream)
            next(reader)  # the header
            width = len(self.columns)
            for values in reader:
                if len(values) < width:  # padded only when short: most rows are not
                    if not values:
                        continue
                    values += [""] * (width - len(values))
                yield reader.line_num, values

    def row(self, values: list[str]) -> dict[str, str]:
        return dict(zip(self.columns, (value.strip() for value in values)))

    def records(self) -> Iterator[tuple[int, dict[str, str]]]:
        for line, values in self.raw_records():
            yield line, self.row(values)


def read_zip_csv(body: bytes, zip_name: str,
                 max_bytes: int = DEFAULT_MAX_UNCOMPRESSED_BYTES) -> CsvTable:
    """The CSV inside an IPEDS zip; the revised ``_rv`` file wins when both are present.

    The member is inflated in chunks and refused past ``max_bytes``: a small download can
    inflate a thousand times (a zip bomb), so neither its declared nor its real size is trusted.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(body))
        members = [n for n in archive.namelist() if n.lower().endswith(".csv")]
        if not members:
            raise IpedsFileError(f"{zip_name}: the archive holds no CSV file")
        revised = [n for n in members if n.lower().endswith("_rv.csv")]
        member = (revised or members)[0]
        encoding = _checked_encoding(archive, member, zip_name, max_bytes)
        table = CsvTable(member, (), archive, encoding)
        with table.lines() as stream:
            header = next(csv.reader(stream), None)
    except (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile, zlib.error, OSError) as exc:
        raise IpedsFileError(f"{zip_name}: not a readable zip archive ({exc})") from exc
    if not header:
        raise IpedsFileError(f"{zip_name}: {member} is empty")
    return CsvTable(member, tuple(name.strip().upper() for name in header), archive, encoding)


def _checked_encoding(archive: zipfile.ZipFile, member: str, zip_name: str,
                      max_bytes: int) -> str:
    """The member's encoding, from one streamed pass over all of it that also enforces the size
    cap, so a zip bomb is refused before any row is parsed.

    Recent IPEDS files are UTF-8 with a BOM (HD2023 on); older ones Windows-1252. The whole
    member is checked, so a late accented name is not misread.
    """
    too_large = (f"{zip_name}: {member} inflates to more than {max_bytes:,} bytes uncompressed "
                 f"(IPEDS_MAX_UNCOMPRESSED_BYTES)")
    if archive.getinfo(member).file_size > max_bytes:  # what the archive declares
        raise IpedsFileError(too_large)
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8, size = True, 0
    with archive.open(member) as raw:
        while chunk := raw.read(ZIP_READ_CHUNK):  # what it really inflates to
            size += len(chunk)
            if size > max_bytes:
                raise IpedsFileError(too_large)
            if utf8:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    utf8 = False
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    return "utf-8-sig" if utf8 else "cp1252"


def require_columns(table: CsvTable, columns: tuple[str, ...]) -> None:
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise IpedsFileError(f"{table.file_name}: missing column(s) {', '.join(missing)}")


def parse_directory(table: CsvTable) -> Parsed:
    """HD file -> Parsed({unitid: institution fields named as InstitutionItem fields}).

    An institution closed or not active in the collection year gets ``not_listed``: the reason,
    from CYACTIVE and CLOSEDAT (real HD files keep such rows, e.g. ACT=M: closed this year but
    still reporting, with CYACTIVE=1 and a CLOSEDAT date).
    """
    require_columns(table, DIRECTORY_COLUMNS)
    institutions, problems, rows = {}, [], 0
    for line, row in table.records():
        rows += 1
        unitid = _int_or_none(row["UNITID"])
        if unitid is None:
            problems.append(RowProblem(table.file_name, line,
                                       f"UNITID should be a number, got {row['UNITID']!r}"))
            continue
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
            # -3 "not available" and other codes are no control name.
            "control": CONTROL_NAMES.get(row["CONTROL"]),
            "not_listed": _closed_reason(row),
        }
    return Parsed(institutions, problems, rows)


def _closed_reason(row: dict[str, str]) -> str | None:
    active = row.get("CYACTIVE", "1") or "1"
    if active != "1":
        return CYACTIVE_REASONS.get(active, f"not active in the collection year "
                                            f"(CYACTIVE={active})")
    closed = row.get("CLOSEDAT", "-2")
    if closed and closed not in ("-2", "-1", "."):
        return f"closed on {closed} (CLOSEDAT)"
    return None


def parse_program_offers(table: CsvTable, cip_codes: set[str], level_keys: list[str],
                         year: int | str = "") -> Parsed:
    """DEP file -> Parsed([offer dicts]) for our CIP codes and award levels.

    An offer is one (unitid, cip_code, award level) the institution offers, with which
    distance-education flag is set (``distance``: DE_ALL, DE_SOME or DE_NONE), the column that
    says so and the statement IPEDS's wording makes (``delivery_text``). For the under-one-year
    certificate split into PCERT1A and
    PCERT1B, one offer stands for both; its flag is the most distant one set. Family and total
    rows (51, 99: counts, not flags) are skipped.
    """
    layout = dep_layout(table, year or _year_in(table.file_name))
    levels = [AWARD_LEVELS[key] for key in level_keys]
    require_columns(table, layout.required_columns(levels))
    index = {name: i for i, name in enumerate(table.columns)}
    unitid_at = index["UNITID"]
    plans = [(level, [(column, index[column], index[column + "DE"],
                       index.get(column + "DES") if layout.has_des else None)
                      for column in layout.offer_columns(level)]) for level in levels]
    offers, problems, counter = [], [], [0]
    for values, line, cip in _rows_in_codes(table, cip_codes, problems, counter):
        unitid = _int_or_none(values[unitid_at].strip())
        if unitid is None:
            problems.append(RowProblem(table.file_name, line,
                                       f"UNITID should be a number, got {values[unitid_at]!r}"))
            continue
        for level, columns in plans:
            offer = _offer(values, columns, layout)
            if isinstance(offer, str):
                problems.append(RowProblem(table.file_name, line, offer))
            elif offer is not None:
                flag, column = offer
                offers.append({"unitid": unitid, "cip_code": cip, "award_level": level,
                               "distance": flag, "distance_column": column,
                               "delivery_text": layout.delivery_text(flag)})
    return Parsed(offers, problems, counter[0])


def _offer(values: list[str], columns, layout: DepLayout):
    """(flag, deciding column) when any of the level's columns is offered; None when none is;
    a message when a flag is not 0/1."""
    found = None
    rank = {DE_NONE: 0, DE_SOME: 1, DE_ALL: 2}
    for column, offered_at, de_at, des_at in columns:
        flags = [_flag(values[offered_at].strip()), _flag(values[de_at].strip())]
        if des_at is not None:
            flags.append(_flag(values[des_at].strip()))
        if None in flags:
            got = "/".join(repr(values[i].strip()) for i in (offered_at, de_at, des_at)
                           if i is not None)
            return f"{column} flags should be 0 or 1, got {got}"
        if not flags[0]:
            continue
        if flags[1]:
            candidate = (DE_ALL, column + "DE")
        elif len(flags) > 2 and flags[2]:
            candidate = (DE_SOME, column + "DES")
        else:
            candidate = (DE_NONE, column + ("DE" if des_at is None else "DE/" + column + "DES"))
        if found is None or rank[candidate[0]] > rank[found[0]]:
            found = candidate
    return found


def parse_completions(table: CsvTable, cip_codes: set[str]) -> Parsed:
    """C_A file -> Parsed({(unitid, cip_code, level key): first-major awards})."""
    require_columns(table, COMPLETIONS_COLUMNS)
    level_of = {code: level.key for level in AWARD_LEVELS.values() for code in level.awlevels}
    index = {name: i for i, name in enumerate(table.columns)}
    totals: dict[tuple[int, str, str], int] = {}
    problems, counter = [], [0]
    for values, line, cip in _rows_in_codes(table, cip_codes, problems, counter):
        row = {name: values[index[name]].strip() for name in COMPLETIONS_COLUMNS}
        if row["MAJORNUM"] != "1":
            continue
        awlevel = row["AWLEVEL"]
        unitid = _int_or_none(row["UNITID"])
        if awlevel not in KNOWN_AWLEVELS or unitid is None:
            problems.append(RowProblem(table.file_name, line, f"unknown AWLEVEL {awlevel!r}"
                                       if unitid is not None else
                                       f"UNITID should be a number, got {row['UNITID']!r}"))
            continue
        if awlevel not in level_of:
            continue  # a real level we do not list (e.g. doctorates)
        key = (unitid, cip, level_of[awlevel])
        totals[key] = totals.get(key, 0) + (_int_or_none(row["CTOTALT"]) or 0)
    return Parsed(totals, problems, counter[0])


def _rows_in_codes(table: CsvTable, cip_codes: set[str], problems: list[RowProblem],
                   counter: list[int]):
    """(values, line, cip_code) for the rows in our CIP codes; a malformed code is a problem.
    ``counter[0]`` ends as the number of data rows read, for the row error rate."""
    cip_column = table.columns.index("CIPCODE")
    rows = 0
    for line, values in table.raw_records():
        rows += 1
        try:
            cip = normalize_cip(values[cip_column])
        except CipCodeError as exc:
            problems.append(RowProblem(table.file_name, line, str(exc)))
            continue
        if cip in cip_codes:
            yield values, line, cip
    counter[0] = rows


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


def _year_in(file_name: str) -> str:
    found = re.search(r"(\d{4})", file_name)
    return found.group(1) if found else "an unknown year"


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
