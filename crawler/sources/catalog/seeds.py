"""Where the catalog crawl starts: a seeds file (one row per college) and/or the database.

Seeds file columns: ``institution, unitid, start_url, platform`` (unitid and platform may be
empty). Adding a college is adding a row. With ``from_db`` every stored institution with a
website and a listed program in our tracks becomes a seed too; a college in both keeps the
file's row (its start URL and platform hint are hand-picked) and gains the database's unitid.
A database seed is only a home page: the spider discovers its catalog (``discover``).
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from crawler.sources.catalog.sites import site_of
from db.queries import catalog_seed_institutions

COLUMNS = ("institution", "unitid", "start_url", "platform")


class SeedError(ValueError):
    """A seeds file row that cannot be crawled (missing name or URL, bad unitid)."""


@dataclass(frozen=True)
class Seed:
    institution: str
    start_url: str
    unitid: int | None = None
    platform: str | None = None
    # Only the institution's website is known: look for its catalog (discovery.py).
    discover: bool = False

    @property
    def site(self) -> str:
        return site_of(self.start_url)


def read_seeds_file(path: str | Path) -> list[Seed]:
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in ("institution", "start_url") if c not in (reader.fieldnames or [])]
        if missing:
            raise SeedError(f"{path}: missing column(s) {', '.join(missing)}; "
                            f"expected {', '.join(COLUMNS)}")
        return [_seed_from_row(row, f"{path}:{line}") for line, row in enumerate(reader, start=2)]


def _seed_from_row(row: dict, where: str) -> Seed:
    institution = (row.get("institution") or "").strip()
    start_url = _absolute_url((row.get("start_url") or "").strip())
    if not institution or not start_url:
        raise SeedError(f"{where}: institution and start_url are required")
    unitid = (row.get("unitid") or "").strip()
    if unitid and not unitid.isdigit():
        raise SeedError(f"{where}: unitid must be a number, got {unitid!r}")
    return Seed(institution, start_url, int(unitid) if unitid else None,
                (row.get("platform") or "").strip().lower() or None)


def read_seeds_database(path: str | Path) -> list[Seed]:
    """Institutions with a website and a listed program in our tracks (read-only)."""
    try:
        rows = catalog_seed_institutions(path)
    except FileNotFoundError:
        raise SeedError(f"database {path} does not exist: crawl ipeds first") from None
    return [Seed(name, _absolute_url(website), unitid, discover=True)
            for unitid, name, website in rows]


def merge_seeds(from_file: list[Seed], from_database: list[Seed]) -> list[Seed]:
    """One seed per site: the file's row wins, the database fills in a missing unitid."""
    database_by_site = _one_seed_per_site(from_database)
    merged = {}
    for seed in from_file:
        known = database_by_site.get(seed.site)
        if seed.unitid is None and known is not None:
            seed = replace(seed, unitid=known.unitid)
        merged.setdefault(seed.site, seed)
    for site, seed in database_by_site.items():
        merged.setdefault(site, seed)
    return list(merged.values())


def _one_seed_per_site(seeds: list[Seed]) -> dict[str, Seed]:
    """Campuses of one college often share its website (brightline.edu/redding/, .../lima/):
    the site is crawled once, from its root, and each program is given its campus later by
    the link pipeline (website path), so the shared seed has no unitid."""
    by_site: dict[str, list[Seed]] = {}
    for seed in seeds:
        by_site.setdefault(seed.site, []).append(seed)
    merged = {}
    for site, campuses in by_site.items():
        if len(campuses) == 1:
            merged[site] = campuses[0]
            continue
        root = urlsplit(campuses[0].start_url)
        name = os.path.commonprefix([c.institution for c in campuses]).rstrip(" -–,")
        merged[site] = Seed(name or campuses[0].institution, f"{root.scheme}://{root.netloc}/",
                            discover=any(c.discover for c in campuses))
    return merged


def _absolute_url(url: str) -> str:
    """IPEDS websites often lack a scheme ('www.bayshore.edu/'): colleges serve https."""
    if url and "://" not in url:
        return f"https://{url}"
    return url
