"""CSV a spreadsheet cannot be tricked by: formulas neutralized, every line break quoted.

Formula injection (OWASP ASVS 1.2.10, CWE-1236): a text cell starting with =, +, -, @, tab,
carriage return or NUL gets a leading single quote, so Excel, LibreOffice and Sheets show it as
text. The check looks past leading control characters and spaces too, because a spreadsheet
may drop those and then read the formula behind them. Plain numbers such as a longitude of
-74.2 are left alone: a spreadsheet reads them as numbers, never as formulas.

Quoting (RFC 4180 §2.6): the writer uses the excel dialect, whose CRLF record separator makes
the csv module quote any cell holding a CR or an LF. With a bare "\\n" separator it leaves a
lone CR unquoted, and readers then start a new record at it.
Used by ``python -m crawler export`` and by the Datasette plugins in plugins/, which rewrite
CSV bytes Datasette (or plugins/directory_csv.py) wrote: ``neutralize_csv`` first looks for a cell
that could need it with a bytes search, and parses only when one may be there.
"""

from __future__ import annotations

import csv
import io
import re

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")
# C0 controls, space, DEL and C1 controls: invisible in a cell, possibly dropped on import.
INVISIBLE = "".join(map(chr, [*range(0x00, 0x21), *range(0x7F, 0xA0)]))
PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


# A trigger first, or after invisible characters (taken whole, never given back: a cell that
# starts with an invisible trigger such as a tab is caught by the first branch).
_FORMULA_START = re.compile("[{t}]|[{i}]*+[{t}]".format(
    t=re.escape("".join(FORMULA_TRIGGERS)), i=re.escape(INVISIBLE)))


# Where in CSV bytes (excel dialect, UTF-8) neutralize may change a cell, found without parsing.
# Conservative: it may point at a cell neutralize leaves alone (the caller then parses), never
# miss one it changes, whatever the quoting. A cell starts at the start of the bytes or after a
# line break or a comma (a few such places lie inside quoted cells: more hits, never fewer); then
# - unquoted: its value runs to the next comma or line break, so it holds no CR or LF;
# - quoted: a quote opens it; a doubled quote stands for one, and a lenient reader drops a
#   quote followed by anything but a comma or line end, so a quote may sit anywhere in the
#   run of invisibles before a trigger.
# Plain numbers (every row's longitude) are exempt when the whole cell is one: invisibles, a
# number, invisibles, then the cell's end (a comma, a line break, the end of the bytes, or for
# a quoted cell a closing quote followed by one of those, never the first of a doubled quote).
# Bytes \d is ASCII only: fewer cells count as numbers than PLAIN_NUMBER says, never more.


def _any_of(characters) -> bytes:
    """A bytes pattern for the UTF-8 encoding of any one of ``characters``."""
    last_bytes: dict[bytes, list[int]] = {}  # lead bytes -> the last bytes that follow them
    for character in characters:
        encoded = character.encode("utf-8")
        last_bytes.setdefault(encoded[:-1], []).append(encoded[-1])
    return b"(?:%s)" % b"|".join(
        b"".join(b"\\x%02x" % byte for byte in lead)
        + b"[%s]" % b"".join(b"\\x%02x" % byte for byte in lasts)
        for lead, lasts in last_bytes.items())


_LINE_BREAKS = "\r\n"
_UNQUOTED_INVISIBLE = [c for c in INVISIBLE if c not in _LINE_BREAKS]
_SHOWN_TRIGGERS = [t for t in FORMULA_TRIGGERS if t not in INVISIBLE]
_HIDDEN_TRIGGERS = [t for t in FORMULA_TRIGGERS if t in INVISIBLE]


def _possible_formula_cell() -> bytes:
    unquoted_hidden = [t for t in _HIDDEN_TRIGGERS if t not in _LINE_BREAKS]
    number = PLAIN_NUMBER.pattern.encode("ascii")
    end = rb"(?=[,\r\n]|\Z)"
    quoted = (rb'"(?!%(i)s*%(n)s%(i)s*"%(e)s)(?:%(h)s|"%(uh)s|(?:%(i)s|")*%(s)s)'
              % {b"i": _any_of(INVISIBLE), b"n": number, b"e": end,
                 b"h": _any_of(_HIDDEN_TRIGGERS), b"uh": _any_of(unquoted_hidden),
                 b"s": _any_of(_SHOWN_TRIGGERS)})
    unquoted = (rb"(?!%(i)s*%(n)s%(i)s*%(e)s)(?:%(h)s|%(i)s*%(s)s)"
                % {b"i": _any_of(_UNQUOTED_INVISIBLE), b"n": number, b"e": end,
                   b"h": _any_of(unquoted_hidden), b"s": _any_of(_SHOWN_TRIGGERS)})
    return b"(?:%s|%s)" % (quoted, unquoted)


_FORMULA_CELL = re.compile(_possible_formula_cell())
# A first pass in C: translated, a separator before a cell becomes S and a byte that may open a
# cell the regex matches (a quote, an invisible, a trigger) becomes F, so each "SF" is a cell
# worth the regex: a thousand in a 600 KB download of the directory, where a search from
# separator to separator would stop at each of its 50,000 commas (twice the time).
_CELL_FIRST_BYTES = {c.encode("utf-8")[0] for c in ['"', *_UNQUOTED_INVISIBLE, *_SHOWN_TRIGGERS]}
_CELL_MARKS = bytes(ord("S") if byte in b",\r\n" else ord("F") if byte in _CELL_FIRST_BYTES
                    else ord("o") for byte in range(256))


def may_hold_formula(data: bytes) -> bool:
    """False when no cell of these CSV bytes is one neutralize would change."""
    if _FORMULA_CELL.match(data):
        return True
    marks = data.translate(_CELL_MARKS)
    separator = marks.find(b"SF")
    while separator != -1:
        if _FORMULA_CELL.match(data, separator + 1):
            return True
        separator = marks.find(b"SF", separator + 1)
    return False


def neutralize(value):
    if (isinstance(value, str) and _FORMULA_START.match(value)
            and not PLAIN_NUMBER.fullmatch(value.strip(INVISIBLE))):
        return "'" + value
    return value


def neutralize_row(row) -> list:
    # One regex call per cell: a large download passes every cell through here.
    match = _FORMULA_START.match
    return [value if not isinstance(value, str) or not match(value) else neutralize(value)
            for value in row]


def csv_writer(handle):
    """A csv writer that quotes every cell holding a line break (excel dialect, CRLF)."""
    return csv.writer(handle, dialect="excel")


def neutralize_csv(data: bytes) -> bytes:
    """Complete CSV records (UTF-8, excel dialect) with every cell neutralized.

    Records as csv.writer writes them come back byte for byte when no cell changes, so bytes
    ending a record (CRLF) and holding no possible formula are returned as they are; anything
    else is parsed and written again, a record ending with CRLF like any other.
    """
    if data.endswith(b"\r\n") and not may_hold_formula(data):
        return data
    out = io.StringIO()
    writer = csv_writer(out)
    for row in csv.reader(io.StringIO(data.decode("utf-8"), newline="")):
        writer.writerow(neutralize_row(row))
    return out.getvalue().encode("utf-8")
