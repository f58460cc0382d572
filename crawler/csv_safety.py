"""Spreadsheet formula injection: neutralize CSV cells a spreadsheet would run as a formula.

Per OWASP (CSV Injection), a text cell starting with =, +, -, @, tab or carriage return gets a
leading single quote, so Excel, LibreOffice and Sheets show it as text. Plain numbers such as a
longitude of -74.2 are left alone: a spreadsheet reads them as numbers, never as formulas.
Used by ``python -m crawler export`` and by the Datasette plugin in plugins/.
"""

from __future__ import annotations

import re

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def neutralize(value):
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS) \
            and not PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def neutralize_row(row) -> list:
    return [neutralize(value) for value in row]
