"""How fast, and in how much memory, the IPEDS readers handle files of the real size.

The real C{YYYY}DEP and C{YYYY}_A files hold a row per institution and CIP code (and award level,
for completions): about 6,000 institutions and a few hundred thousand rows. This builds zips of
that size in memory, in the real headers of tests/fixtures/real/ (the 2023 layout by default:
41 DEP columns with PCERT1A/B and ...DES, 64 C_A columns; ``--layout 2019`` for PCERT1 and
AWLEVEL 1), then times ``read_zip_csv`` + the parser on each and reports the peak memory Python
allocated.

    .venv/bin/python -m bench.ipeds_parse [--institutions 6000] [--layout 2023|2019]
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import time
import tracemalloc
import zipfile

from crawler.settings import PROJECT_ROOT
from crawler.sources.ipeds import parse_completions, parse_program_offers, read_zip_csv

OUR_CODES = {"51.0706", "51.0707", "51.0713", "51.0714"}
REAL = PROJECT_ROOT / "tests" / "fixtures" / "real"
DEP_HEADERS = {2023: "c2023dep_header.csv", 2019: "c2019dep_header.csv"}
AWLEVELS = {2023: ["20", "21", "2", "3", "4", "5", "7"], 2019: ["1", "2", "3", "4", "5", "7"]}


def header(name: str) -> list[str]:
    return (REAL / name).read_text(encoding="utf-8-sig").splitlines()[0].split(",")


def cip_codes(rng: random.Random, count: int) -> list[str]:
    codes = {f"{rng.randint(1, 54):02d}.{rng.randint(100, 9999):04d}" for _ in range(count)}
    if rng.random() < 0.3:
        codes |= set(rng.sample(sorted(OUR_CODES), 2))
    return sorted(codes)


def zipped(name: str, columns: list[str], rows) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(rows)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, "\ufeff" + text.getvalue())
    return buffer.getvalue()


def make_files(institutions: int, layout: int) -> tuple[bytes, bytes, int, int]:
    rng = random.Random(7)
    dep_columns, ca_columns = header(DEP_HEADERS[layout]), header("c2023_a_header.csv")
    dep_rows, ca_rows = [], []
    for unitid in range(100000, 100000 + institutions):
        for cip in cip_codes(rng, 35):
            flags = [rng.choice("01") for _ in dep_columns[2:]]
            dep_rows.append([unitid, cip, *flags])
            for awlevel in rng.sample(AWLEVELS[layout], 2):
                total = rng.randint(0, 80)
                counts = [(("R" if total else "Z"), total), ("R", total // 2),
                          ("R", total - total // 2)]
                counts += [("Z", 0)] * ((len(ca_columns) - 4) // 2 - 3)
                ca_rows.append([unitid, cip, "1", awlevel,
                                *(value for pair in counts for value in pair)])
    return (zipped(f"c{layout}dep.csv", dep_columns, dep_rows),
            zipped(f"c{layout}_a.csv", ca_columns, ca_rows), len(dep_rows), len(ca_rows))


def measure(label: str, rows: int, work) -> None:
    """Time one run, then run again under tracemalloc for the peak (tracing slows it down)."""
    started = time.perf_counter()
    kept = len(work().value)
    seconds = time.perf_counter() - started
    tracemalloc.start()
    work()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{label:<12} {rows:>9,} rows  {seconds:6.2f} s  {rows / seconds:>9,.0f} rows/s  "
          f"peak {peak / 2**20:7.1f} MiB  kept {kept:,}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--institutions", type=int, default=6000)
    parser.add_argument("--layout", type=int, choices=sorted(DEP_HEADERS), default=2023)
    args = parser.parse_args(argv)
    year = args.layout
    dep, completions, dep_rows, ca_rows = make_files(args.institutions, year)
    print(f"{args.institutions:,} institutions; DEP zip {len(dep) / 2**20:.1f} MiB, "
          f"C_A zip {len(completions) / 2**20:.1f} MiB")
    levels = ["cert1", "cert2", "cert4", "assoc"]
    measure(f"C{year}DEP", dep_rows, lambda: parse_program_offers(
        read_zip_csv(dep, f"C{year}DEP.zip"), OUR_CODES, levels, year))
    measure(f"C{year}_A", ca_rows, lambda: parse_completions(
        read_zip_csv(completions, f"C{year}_A.zip"), OUR_CODES))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
