"""The IPEDS CSV reader on small in-memory zips: the cases real files throw at it."""

from __future__ import annotations

import io
import zipfile

import pytest

from crawler.sources.ipeds import IpedsFileError, parse_program_offers, read_zip_csv


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
    body = zipped(c2023dep_dot_csv=b"UNITID,CIPCODE,PASSOC,PASSOCDE\n1,51.0707,1\n")
    offers, problems = parse_program_offers(read_zip_csv(body, "C2023DEP.zip"),
                                            {"51.0707"}, ["assoc"])
    assert problems == []
    assert [(o["unitid"], o["distance_education"]) for o in offers] == [(1, False)]


def test_an_empty_csv_is_a_clear_file_error():
    with pytest.raises(IpedsFileError, match="c2023dep.csv is empty"):
        read_zip_csv(zipped(c2023dep_dot_csv=b""), "C2023DEP.zip")


def test_latin1_names_are_read():
    body = zipped(hd2023_dot_csv="UNITID,INSTNM\n1,Pacífico Career College\n".encode("cp1252"))
    assert next(read_zip_csv(body, "HD2023.zip").records())[1]["INSTNM"] == (
        "Pacífico Career College")
