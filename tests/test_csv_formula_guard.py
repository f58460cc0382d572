"""The CSV guard's bytes search (crawler.csv_safety.may_hold_formula) never lets a formula
through: whatever rows Datasette writes and however its stream is cut, the guard's output is the
exact per-cell rewrite's, and clean rows pass without being parsed."""

from __future__ import annotations

import csv
import io
import random

import pytest

from crawler.csv_safety import (
    csv_writer, may_hold_formula, neutralize, neutralize_csv, neutralize_row,
)
from plugins.csv_formula_guard import CsvRewriter

TRICKY_CELLS = [
    "=1+1", " =x", "\t=x", "\t", "-74.2", " -74.2 ", "-74.2abc", '-74.2" =x', '"-74.2"" =x',
    "+1", "1e5", "-1e-5", "-.5", "-5.", "+-1", "-1e", "-inf", "@x", "\0", "\0=1", "a\0b",
    "\x85=1", "\xc2\x9f", "\x9f@SUM(1)", "\x7f-x", "\x1f\x01+1", "-\u0663", "\u0663",
    "line one\n=2+5", "line one\r=2+5", "\r\n-3", "\r", "\n", "a,=b", ",=b", "x,-74.2",
    '"', '""', '"=x"', "'=x", "", "Coding - Level 2", "  ", "-", "=", "@", "é=", "\t\t-2+3",
    "-74.2\r\n=x", "-74.2\n", ' "=x', '""=x', '"\t', "\u00a0=x",
]
# Text csv.writer never writes; a lenient reader drops a quote not followed by a comma or a line
# end, so each of these holds a cell starting with a trigger or a tab.
LENIENT_TEXTS = ['""\tx,1', 'a,""\t', '""=x', '" "=x', '"\x01""-1"', 'a"b,\r=x', '"-74.2"x']
ALPHABET = "=+-@\t\r\n\0 ,\"'.eE0123456789abx\x85\x9f\x7f\x01é\u0663"


def random_cell(rng: random.Random):
    roll = rng.random()
    if roll < 0.4:
        return rng.choice(TRICKY_CELLS)
    if roll < 0.5:
        return rng.choice([None, 0, -3, -74.25, 1e-7, -1e21, float("-inf"), float("nan")])
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 8)))


def written(rows) -> bytes:
    """The rows as Datasette writes them (csv.writer, excel dialect)."""
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def rewritten(data: bytes) -> bytes:
    """The exact path: every record parsed and written again with each cell neutralized."""
    out = io.StringIO()
    writer = csv_writer(out)
    for row in csv.reader(io.StringIO(data.decode("utf-8"), newline="")):
        writer.writerow(neutralize_row(row))
    return out.getvalue().encode("utf-8")


def guarded(chunks: list[bytes]) -> bytes:
    rewriter = CsvRewriter()
    return b"".join(rewriter.feed(chunk, final=False) for chunk in chunks) + rewriter.feed(
        b"", final=True)


def cut(data: bytes, rng: random.Random) -> list[bytes]:
    points = sorted(rng.sample(range(len(data) + 1), min(len(data), rng.randint(0, 6))))
    return [data[start:end] for start, end in zip([0, *points], [*points, len(data)])]


@pytest.mark.parametrize("seed", range(40))
def test_guard_output_is_the_exact_rewrite_however_the_stream_is_cut(seed):
    rng = random.Random(seed)
    rows = [[random_cell(rng) for _ in range(rng.randint(1, 6))] for _ in range(60)]
    data = written(rows)
    expected = rewritten(data)
    # Datasette sends a row per message; the direct download sends one body; any cut at all.
    assert guarded([written([row]) for row in rows]) == expected
    assert guarded([data]) == expected
    assert guarded(cut(data, rng)) == expected


@pytest.mark.parametrize("seed", range(20))
def test_every_formula_cell_is_found_in_any_csv_text(seed):
    """Also in text csv.writer would never write (stray quotes, bare line breaks): whatever
    cells a lenient reader makes of it, a cell neutralize changes is never missed."""
    rng = random.Random(seed)
    texts = ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 30)))
             for _ in range(500)]
    for text in texts + LENIENT_TEXTS:
        cells = [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]
        if any(neutralize(cell) != cell for cell in cells):
            assert may_hold_formula(text.encode("utf-8")), repr(text)


@pytest.mark.parametrize("cell", [cell for cell in TRICKY_CELLS if neutralize(cell) != cell])
def test_a_formula_cell_is_found_anywhere_in_a_row(cell):
    for row in ([cell], [cell, "x"], ["x", cell], ["x", cell, "-74.2"]):
        assert may_hold_formula(written([["a", "b"], row]))


def test_clean_rows_pass_without_parsing():
    rows = [["ipeds-100001-51.0707-associate", "Health Information/Medical Records", "NJ",
             "", None, 40.1, -74.2, 61.5, "-1e-5", " -3 ", "2026-01-01T00:00:00",
             "https://c1.edu/?a=1&b=-2", 'He said "hi"', "two\nlines", "a, b", "Coding - 2",
             "\u0663"]] * 3
    data = written(rows)
    assert not may_hold_formula(data)
    assert guarded([data]) == data


def test_neutralizing_twice_changes_nothing():
    """What lets the guard see a body plugins/directory_csv.py neutralized already."""
    assert all(neutralize(neutralize(cell)) == neutralize(cell) for cell in TRICKY_CELLS)
    once = neutralize_csv(written([TRICKY_CELLS, list(reversed(TRICKY_CELLS))]))
    assert neutralize_csv(once) == once
