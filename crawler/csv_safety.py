"""CSV a spreadsheet cannot be tricked by: formulas neutralized, every line break quoted.

Formula injection (OWASP ASVS 1.2.10, CWE-1236): a text cell starting with =, +, -, @, tab,
carriage return or NUL gets a leading single quote, so Excel, LibreOffice and Sheets show it as
text. The check looks past leading control characters and spaces too, because a spreadsheet
may drop those and then read the formula behind them. Plain numbers such as a longitude of
-74.2 are left alone: a spreadsheet reads them as numbers, never as formulas.

Quoting (RFC 4180 §2.6): the writer uses the excel dialect, whose CRLF record separator makes
the csv module quote any cell holding a CR or an LF. With a bare "\\n" separator it leaves a
lone CR unquoted, and readers then start a new record at it.
Used by ``python -m crawler export`` and by the Datasette plugin in plugins/.
"""

from __future__ import annotations

import csv
import re

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")
# C0 controls, space, DEL and C1 controls: invisible in a cell, possibly dropped on import.
INVISIBLE = "".join(map(chr, [*range(0x00, 0x21), *range(0x7F, 0xA0)]))
PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


# A trigger first, or after invisible characters (taken whole, never given back: a cell that
# starts with an invisible trigger such as a tab is caught by the first branch).
_FORMULA_START = re.compile("[{t}]|[{i}]*+[{t}]".format(
    t=re.escape("".join(FORMULA_TRIGGERS)), i=re.escape(INVISIBLE)))


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
