"""Classify program listings in a CSV file: track, credential level and delivery mode, with evidence.

Reads INPUT (a CSV in UTF-8, with or without a byte-order mark; "-" reads stdin) and writes every
row again with these columns added (or replaced, when the input already has them): track,
track_confidence, track_evidence, credential_level, credential_evidence, delivery_mode,
delivery_evidence, delivery_options. Other columns pass through unchanged. The output is UTF-8
with CRLF line ends and every cell holding a line break quoted (RFC 4180); it is written to a
temporary file next to OUTPUT and renamed when complete, so a failed run leaves no partial file.

Input columns (header names match case-insensitively; the first name present is used):
  title        title, program_title, program_name, programname, program, name   (required)
  credential   credential_raw, credential, credential_text, award_level, award
               (credential_raw first: a file with both, like the New Jersey training-provider
               list, keeps the source's words there, e.g. "Master's Degree" rather than "other")
  description  description, program_description, summary
  cip_code     cip_code, cipcode, cip
  institution  institution, institution_name, instnm, school, school_name, provider, provider_name
  delivery     delivery, delivery_text, delivery_format, format, educationalprogrammode,
               online, distance_education (free text such as "Distance Education", "Hybrid",
               "In-person", or a yes/no online flag)

Example: python -m crawler classify providers.csv -o classified.csv
"""

from __future__ import annotations

import argparse
import codecs
import csv
import io
import os
import sys
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterator

from crawler.classification import TRACKS, Listing, classify
from crawler.csv_safety import csv_writer

HELP = "classify listings in a CSV: track, credential level and delivery mode, with evidence"

OUTPUT_COLUMNS = ("track", "track_confidence", "track_evidence", "credential_level",
                  "credential_evidence", "delivery_mode", "delivery_evidence",
                  "delivery_options")
COLUMN_ALIASES = {
    "title": ("title", "program_title", "program_name", "programname", "program", "name"),
    "credential": ("credential_raw", "credential", "credential_text", "award_level", "award"),
    "description": ("description", "program_description", "summary"),
    "cip_code": ("cip_code", "cipcode", "cip"),
    "institution": ("institution", "institution_name", "instnm", "school", "school_name",
                    "provider", "provider_name"),
    "delivery": ("delivery", "delivery_text", "delivery_format", "format", "educationalprogrammode",
                 "online", "distance_education"),
}
PROGRESS_EVERY = 10_000
INPUT_ENCODING = "utf-8-sig"  # UTF-8; a leading byte-order mark (Excel's "CSV UTF-8") is skipped
OUTPUT_ENCODING = "utf-8"


class InputError(Exception):
    """A problem with the input the user can fix; the message is one line."""


def _header_key(name: str) -> str:
    return name.strip().lower().replace(" ", "_").replace("-", "_")


@dataclass(frozen=True)
class InputColumns:
    """Where each Listing field sits in a CSV header."""

    positions: dict[str, int]

    @classmethod
    def from_header(cls, header: list[str]) -> InputColumns:
        keys = [_header_key(name) for name in header]
        positions = {}
        for field, aliases in COLUMN_ALIASES.items():
            found = next((keys.index(alias) for alias in aliases if alias in keys), None)
            if found is not None:
                positions[field] = found
        if "title" not in positions:
            raise InputError(
                f"no title column (looked for: {', '.join(COLUMN_ALIASES['title'])}); "
                f"columns found: {', '.join(header) or 'none'}")
        return cls(positions)

    def listing(self, row: list[str]) -> Listing:
        return Listing(**{field: row[index] for field, index in self.positions.items()})


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("input", metavar="INPUT.csv", help='CSV of listings ("-" for stdin)')
    parser.add_argument("-o", "--output", metavar="OUTPUT.csv", default="-",
                        help='where to write the classified CSV ("-" for stdout, the default)')


def run(args: argparse.Namespace) -> int:
    try:
        counts = _classify_file(args.input, args.output)
    except InputError as error:
        print(f"classify: {error}", file=sys.stderr)
        return 2
    total = sum(counts.values())
    per_track = ", ".join(f"{track} {counts[track]:,}" for track in TRACKS)
    print(f"classify: {total:,} row{'' if total == 1 else 's'}: {per_track}", file=sys.stderr)
    return 0


def _classify_file(input_name: str, output_name: str) -> Counter:
    with _open_input(input_name) as source:
        reader = csv.reader(_text_lines(source, input_name))
        try:
            header = next(reader, None)
        except UnicodeDecodeError as error:
            raise _decode_error(input_name, error) from None
        except csv.Error as error:  # e.g. one endless field: a binary file, not a CSV
            raise InputError(f"{input_name} line 1: not valid CSV ({error})") from None
        if header is None:
            raise InputError(f"{input_name} is empty: expected a CSV header row with a title column")
        columns = InputColumns.from_header(header)
        out_header, out_positions = _output_header(header)
        with _open_output(output_name) as target:
            writer = csv_writer(target)  # RFC 4180: a CR inside a cell stays quoted
            writer.writerow(out_header)
            return _classify_rows(reader, columns, len(header), out_positions, writer, input_name)


def _classify_rows(reader, columns: InputColumns, width: int, out_positions: list[int],
                   writer, input_name: str) -> Counter:
    out_width = max(width, max(out_positions) + 1)
    counts: Counter = Counter()
    try:
        for done, row in enumerate(filter(None, reader), start=1):  # blank lines are no rows
            if len(row) > width:
                raise InputError(f"{input_name} line {reader.line_num}: {len(row)} fields, "
                                 f"the header has {width} (a quote left open?)")
            row += [""] * (out_width - len(row))
            result = classify(columns.listing(row))
            values = (result.track, f"{result.track_confidence:.2f}", result.track_evidence,
                      result.credential_level, result.credential_evidence,
                      result.delivery_mode, result.delivery_evidence, result.delivery_options)
            for position, value in zip(out_positions, values):
                row[position] = value
            writer.writerow(row)
            counts[result.track] += 1
            if done % PROGRESS_EVERY == 0:
                print(f"classify: {done:,} rows...", file=sys.stderr)
    except UnicodeDecodeError as error:
        raise _decode_error(input_name, error) from None
    except csv.Error as error:
        raise InputError(f"{input_name} line {reader.line_num}: not valid CSV ({error})") from None
    return counts


def _text_lines(source: IO[str], input_name: str) -> Iterator[str]:
    """The input's lines, refusing NUL bytes: text never holds them, so the file is binary (or
    UTF-16 without a byte-order mark). Checked before the csv module, which would pass them on."""
    for number, line in enumerate(source, start=1):
        if "\0" in line:
            raise InputError(f"{input_name} line {number}: holds NUL bytes, so it is not a text "
                             f"CSV; expected UTF-8 (e.g. Excel's \"CSV UTF-8\")")
        yield line


def _output_header(header: list[str]) -> tuple[list[str], list[int]]:
    """The output header and the position of each output column in it.

    A column the input already has (a file classified before) is replaced in place, not doubled.
    """
    out_header = list(header)
    positions = []
    for name in OUTPUT_COLUMNS:
        if name in out_header:
            positions.append(out_header.index(name))
        else:
            positions.append(len(out_header))
            out_header.append(name)
    return out_header, positions


def _decode_error(input_name: str, error: UnicodeDecodeError) -> InputError:
    guess = " (it looks like UTF-16)" if error.object[:2] in (codecs.BOM_UTF16_LE,
                                                                codecs.BOM_UTF16_BE) else ""
    return InputError(f"{input_name} is not UTF-8 text{guess}: byte 0x{error.object[error.start]:02x} "
                      f"cannot be decoded; expected UTF-8 (e.g. Excel's \"CSV UTF-8\")")


@contextmanager
def _utf8_stream(stream: IO[str], encoding: str) -> Iterator[IO[str]]:
    """stdin or stdout as UTF-8 text whatever the locale says; the stream stays open after."""
    wrapper = io.TextIOWrapper(stream.buffer, encoding=encoding, newline="")
    try:
        yield wrapper
        wrapper.flush()
    finally:
        wrapper.detach()


@contextmanager
def _open_input(name: str) -> Iterator[IO[str]]:
    if name == "-":
        with _utf8_stream(sys.stdin, INPUT_ENCODING) as stdin:
            yield stdin
        return
    try:
        handle = open(name, encoding=INPUT_ENCODING, newline="")
    except OSError as error:
        raise InputError(f"cannot read {name}: {error.strerror}") from None
    with handle:
        yield handle


@contextmanager
def _open_output(name: str) -> Iterator[IO[str]]:
    if name == "-":
        sys.stdout.flush()
        with _utf8_stream(sys.stdout, OUTPUT_ENCODING) as stdout:
            yield stdout
        return
    path = Path(name)
    # Same directory, so the final rename is atomic; mode "x" creates it with the user's umask.
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        handle = open(temporary, "x", encoding=OUTPUT_ENCODING, newline="")
    except OSError as error:
        raise InputError(f"cannot write {name}: {error.strerror}") from None
    try:
        with handle:
            yield handle
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink()
        raise
