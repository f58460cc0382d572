"""The IPEDS CSV reader on small in-memory zips: the cases real files throw at it."""

from __future__ import annotations

import io
import zipfile

import pytest

from crawler.sources.ipeds import (DE_ALL, DE_NONE, DE_SOME, IpedsFileError, parse_completions,
                                   parse_directory, parse_program_offers, read_zip_csv)
from tests.helpers import FIXTURES

REAL = FIXTURES / "real"
LEVELS = ["cert1", "cert2", "cert4", "assoc"]


def zipped(**members: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, body in members.items():
            archive.writestr(name.replace("_dot_", "."), body)
    return buffer.getvalue()


def test_the_revised_file_wins_and_names_are_upper_cased():
    body = zipped(c2023_a_dot_csv=b"unitid,cipcode\n1,51.0707\n",
                  c2023_a_rv_dot_csv=b"unitid , cipcode\n2,51.0713\n")
    table = read_zip_csv(body, "C2023_A.zip")
    assert table.file_name == "c2023_a_rv.csv"
    assert list(table.records()) == [(2, {"UNITID": "2", "CIPCODE": "51.0713"})]


def test_a_short_row_is_padded_not_fatal():
    body = zipped(c2023dep_dot_csv=b"UNITID,CIPCODE,PCERT1A,PCERT1B,PASSOC,PASSOCDE\n"
                                   b"1,51.0707,0,0,1\n")
    parsed = parse_program_offers(read_zip_csv(body, "C2023DEP.zip"), {"51.0707"}, ["assoc"])
    assert parsed.problems == []
    assert [(o["unitid"], o["distance"]) for o in parsed.value] == [(1, DE_NONE)]


def test_an_empty_csv_is_a_clear_file_error():
    with pytest.raises(IpedsFileError, match="c2023dep.csv is empty"):
        read_zip_csv(zipped(c2023dep_dot_csv=b""), "C2023DEP.zip")


def test_latin1_names_are_read():
    body = zipped(hd2023_dot_csv="UNITID,INSTNM\n1,Pacífico Career College\n".encode("cp1252"))
    assert next(read_zip_csv(body, "HD2023.zip").records())[1]["INSTNM"] == (
        "Pacífico Career College")


def real_header(name: str) -> list[str]:
    return (REAL / name).read_text(encoding="utf-8-sig").splitlines()[0].split(",")


def dep_zip(header: list[str], rows: list[dict]) -> bytes:
    lines = [",".join(header)] + [",".join(str(row.get(c, 0)) for c in header) for row in rows]
    return zipped(c2023dep_dot_csv=("\r\n".join(lines) + "\r\n").encode())


# One row per case, written in each real layout: (flags set, expected offers (level, flag)).
CASES_SPLIT = [
    ({"PASSOC": 1, "PASSOCDE": 1}, [("assoc", DE_ALL)]),
    ({"PCERT1B": 1, "PCERT1BDES": 1}, [("cert1", DE_SOME)]),
    ({"PCERT1A": 1, "PCERT1B": 1, "PCERT1ADE": 1}, [("cert1", DE_ALL)]),
    ({"PCERT2": 1}, [("cert2", DE_NONE)]),
]


@pytest.mark.parametrize("header_name, drop_des", [("c2023dep_header.csv", False),
                                                   ("c2023dep_header.csv", True)])
def test_the_2020_on_layouts_with_and_without_des(header_name, drop_des):
    header = [c for c in real_header(header_name) if not (drop_des and c.endswith("DES"))]
    rows = [{"UNITID": 100 + i, "CIPCODE": "51.0713", **{k: v for k, v in flags.items()
                                                          if k in header}}
            for i, (flags, _) in enumerate(CASES_SPLIT)]
    rows.append({"UNITID": 100, "CIPCODE": "51", "PTOTAL": 7, "PASSOC": 3})  # counts, skipped
    parsed = parse_program_offers(read_zip_csv(dep_zip(header, rows), "C2023DEP.zip"),
                                  {"51.0713"}, LEVELS, 2023)
    got = [(o["unitid"], o["award_level"].key, o["distance"]) for o in parsed.value]
    expected = [(100 + i, level, DE_NONE if drop_des and flag == DE_SOME else flag)
                for i, (_, offers) in enumerate(CASES_SPLIT) for level, flag in offers]
    assert got == expected
    assert parsed.problems == [] and parsed.rows == len(rows)


def test_the_2019_layout_reads_pcert1():
    header = real_header("c2019dep_header.csv")
    rows = [{"UNITID": 1, "CIPCODE": "51.0713", "PCERT1": 1, "PCERT1DE": 1},
            {"UNITID": 2, "CIPCODE": "51.0713", "PCERT1": 1}]
    parsed = parse_program_offers(read_zip_csv(dep_zip(header, rows), "C2019DEP.zip"),
                                  {"51.0713"}, LEVELS, 2019)
    assert [(o["unitid"], o["distance"], o["delivery_text"]) for o in parsed.value] == [
        (1, DE_ALL, "IPEDS DEP: program offered via distance education"),
        (2, DE_NONE, "IPEDS DEP: program not offered via distance education")]


def test_real_2_digit_rows_hold_counts_and_are_not_programs():
    body = zipped(c2023dep_dot_csv=(REAL / "c2022dep_rows.csv").read_bytes())
    parsed = parse_program_offers(read_zip_csv(body, "C2022DEP.zip"), {"01.0000"}, LEVELS, 2022)
    assert parsed.value == [] and parsed.problems == [] and parsed.rows == 3


def test_a_header_of_no_known_layout_names_the_missing_columns_and_the_year():
    header = [c for c in real_header("c2023dep_header.csv") if not c.startswith("PCERT1")]
    with pytest.raises(IpedsFileError) as error:
        parse_program_offers(read_zip_csv(dep_zip(header, []), "C2025DEP.zip"), {"51.0713"},
                             LEVELS, 2025)
    message = str(error.value)
    assert "\n" not in message
    assert "unknown C2025DEP layout for 2025: missing column(s) PCERT1, PCERT1A, PCERT1B" in message


@pytest.mark.parametrize("name", ["hd2020_sample.csv", "hd2023_sample.csv"])
def test_real_directory_rows_closed_and_inactive_institutions_are_marked(name):
    body = zipped(hd_dot_csv=(REAL / name).read_bytes())
    parsed = parse_directory(read_zip_csv(body, "HD.zip"))
    assert parsed.problems == [] and parsed.rows == 5
    institutions = parsed.value
    assert institutions[183938]["name"] == "Camden County College"
    assert institutions[183938]["not_listed"] is None
    assert institutions[449135]["name"] == "Dewey University-Juana Díaz"  # cp1252 and UTF-8
    reasons = {unitid: i["not_listed"] for unitid, i in institutions.items() if i["not_listed"]}
    if name.startswith("hd2020"):
        assert reasons == {
            216418: "closed on 12/19/2019 (CLOSEDAT)",  # ACT=M: CYACTIVE 1, closed this year
            495475: "not active in the collection year (CYACTIVE=3: closed, combined or out "
                    "of scope)"}
    else:
        assert reasons[367334] == "closed on 10/13/2023 (CLOSEDAT)"
        assert reasons[106360].startswith("not active in the collection year (CYACTIVE=3")


@pytest.mark.parametrize("name, awlevels", [("c2020_a_sample.csv", {"2", "3", "21"}),
                                            ("c2023_a_sample.csv", {"2", "3", "21"})])
def test_real_completions_rows_award_levels_20_21_and_summary_rows(name, awlevels):
    text = (REAL / name).read_text()
    assert {line.split(",")[3] for line in text.splitlines()[1:]} >= awlevels
    parsed = parse_completions(read_zip_csv(zipped(c_a_dot_csv=text.encode()), "C_A.zip"),
                               {"51.0707", "51.0701"})
    assert parsed.problems == []
    totals = parsed.value
    assert totals[(183938, "51.0707", "cert2")] == (21 if "2023" in name else 32)  # AWLEVEL 2
    assert (183938, "51.0701", "cert1") in totals  # AWLEVEL 21: under one year
    assert not [key for key in totals if key[1] == "99"]


SAMPLE = FIXTURES.parent.parent / "sampleweb" / "sites" / "nces.ed.gov" / "ipeds"


@pytest.mark.parametrize("path, real", [
    ("complete-data-files/HD2024.zip", "hd2023_sample.csv"),
    ("complete-data-files/C2024DEP.zip", "c2023dep_header.csv"),
    ("complete-data-files/C2024_A.zip", "c2023_a_header.csv"),
    ("complete-data-files/C2021DEP.zip", "c2023dep_header.csv"),
    ("datacenter/data/C2019DEP.zip", "c2019dep_header.csv"),
])
def test_the_sample_web_serves_the_real_headers(path, real):
    table = read_zip_csv((SAMPLE / path).read_bytes(), path)
    assert list(table.columns) == real_header(real)


def test_the_legacy_location_serves_original_releases_only():
    with zipfile.ZipFile(SAMPLE / "datacenter/data/C2021_A.zip") as legacy, \
            zipfile.ZipFile(SAMPLE / "complete-data-files/C2021_A.zip") as current:
        assert legacy.namelist() == ["c2021_a.csv"]
        assert current.namelist() == ["c2021_a.csv", "c2021_a_rv.csv"]
