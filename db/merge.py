"""One row per real program: which listings (IPEDS, catalog pages) describe the same program.

A college's catalog page and its IPEDS listing are two listings of one program. They are matched
on the institution (unitid), the track and the credential level; where several IPEDS listings of
the institution share those (IPEDS lists per CIP code, and 51.0713 / 51.0714 are both coding and
billing), the catalog title is compared with each listing's title (rapidfuzz) and only a clear
winner is merged. A match that stays unclear is never guessed: the catalog page keeps its own row
and is counted as ambiguous.

IPEDS does not list programs: it reports one row per institution, 6-digit CIP code and award
level ("all programs in a CIP code can be completed entirely via distance education", its DEP
flags say; tests/fixtures/real/README.md). Two programs of a college with the same CIP code and
award level are one IPEDS listing, so one listing can stand behind several catalog programs.

Rules, in order:
  1. Every listed IPEDS program anchors a directory row, merged or not, unless several catalog
     programs share it (rule 4).
  2. A catalog page with exactly one IPEDS candidate (same unitid, track, credential level)
     claims it whatever its title: it is not ambiguous about the listing, even when other pages
     claim the same one. With several candidates, the best title score claims one when it
     reaches TITLE_MATCH_MIN and beats the runner-up by TITLE_MATCH_MARGIN, otherwise the page is
     ambiguous and keeps its own row. Look-alikes (track 'other') always need a title match:
     'other' lumps unrelated programs together.
  3. The pages claiming one listing are grouped into programs by title (title_key): pages with
     the same title are one program published twice (a program page and an API record).
  4. One program behind the listing: one directory row, under the IPEDS listing's program_id
     (status anchor; its pages merged). Several programs behind it: one row per program, under
     the program_id of its first page (lowest id: derived from the site and title, so it is
     the same on every recrawl and does not depend on fetch order), each naming the listing in
     ipeds_program_id; the listing has no row of its own and is a member (status shared) of
     each. Their cip_code, completions and IPEDS delivery flag are the listing's, i.e. those of
     all its programs together: ipeds_listing_programs says how many, match_evidence says so.
  5. Among a program's pages, the best-scoring one gives the directory row its catalog values;
     then the one fetched on the latest day (a page fetched again later describes the program
     now), then the lowest id: pages fetched by one crawl are seconds apart in no meaningful
     order, and the row must not show another page after every recrawl.
A row's id changes only when its listings do: a catalog page found for an IPEDS-only row keeps
the IPEDS id; a second program appearing behind a listing moves the first onto its page's id
(program_merge_members says where each listing went). Changes are kept per listing
(changes.program_id), so history follows whichever row a listing belongs to.
Which values the directory shows from which source is said in db/views.py (PROGRAM_DIRECTORY).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import sqlite_utils
from rapidfuzz import fuzz

TITLE_MATCH_MIN = 70  # rapidfuzz token_set_ratio, 0-100
TITLE_MATCH_MARGIN = 10

# Words that name the credential or fill the title, not the program: "Medical Coding
# Certificate" and "Medical Insurance Coding Specialist/Coder" share what matters.
_FILLER = re.compile(
    r"\b(certificates?|certification|certified|associates?|degrees?|diplomas?|of|in|and|the|"
    r"applied|science|arts|aas|as|aa|tc|ccl|cert|program|technical|completion|proficiency|"
    r"achievement)\b")
_NON_WORD = re.compile(r"[^a-z0-9]+")

ANCHOR, MERGED, SHARED, AMBIGUOUS, UNMATCHED = (
    "anchor", "merged", "shared", "ambiguous", "unmatched")


@dataclass(frozen=True)
class Listing:
    """What matching needs of one listed (not removed) program."""

    program_id: str
    source: str
    unitid: int | None
    track: str | None
    credential_level: str | None
    title: str | None
    fetched_at: str | None = None


@dataclass(frozen=True)
class DirectoryRecord:
    """One real program: its anchor listing and the listings merged into it."""

    program_id: str  # the directory row's id (rule 4)
    ipeds_program_id: str | None
    catalog_program_id: str | None  # the catalog page whose values the row shows
    sources: str  # e.g. 'ipeds,catalog'
    catalog_pages: int
    match_evidence: str | None  # how its catalog page was matched to its IPEDS listing
    ipeds_listing_programs: int | None = None  # programs its IPEDS listing stands behind


@dataclass(frozen=True)
class Membership:
    program_id: str  # a listing
    directory_id: str  # a directory row it belongs to (a shared IPEDS listing: one per row)
    status: str  # anchor, merged, shared, ambiguous or unmatched
    evidence: str


@dataclass(frozen=True)
class Claim:
    """A catalog page's claim on an IPEDS listing."""

    score: float
    page: Listing
    evidence: str


@dataclass(frozen=True)
class MergeCounts:
    programs: int  # directory rows
    listings: dict[str, int]  # listings per membership status (a shared listing counts once)


def title_key(title: str | None) -> str:
    """A title without case, punctuation and credential words: what two titles compare on."""
    # A.A.S. -> aas: dots join an abbreviation's letters.
    words = _NON_WORD.sub(" ", (title or "").lower().replace(".", ""))
    return " ".join(_FILLER.sub(" ", words).split())


def title_score(left: str | None, right: str | None) -> float:
    a, b = title_key(left), title_key(right)
    return fuzz.token_set_ratio(a, b) if a and b else 0.0


def _clear_winner(scored: list[tuple[float, object]]) -> tuple[float, object] | None:
    """The best (score, thing) when it reaches the minimum and leads by the margin."""
    ranked = sorted(scored, key=lambda pair: pair[0], reverse=True)
    if not ranked or ranked[0][0] < TITLE_MATCH_MIN:
        return None
    if len(ranked) > 1 and ranked[0][0] - ranked[1][0] < TITLE_MATCH_MARGIN:
        return None
    return ranked[0]


def merge_listings(listings: Iterable[Listing]
                   ) -> tuple[list[DirectoryRecord], list[Membership]]:
    """The directory rows and, per listing, the row(s) it belongs to (in listing order)."""
    listings = list(listings)
    ipeds_by_key: dict[tuple, list[Listing]] = defaultdict(list)
    for listing in listings:
        if listing.source == "ipeds":
            ipeds_by_key[(listing.unitid, listing.track, listing.credential_level)].append(listing)
    memberships: dict[str, list[Membership]] = {}
    claims: dict[str, list[Claim]] = defaultdict(list)
    for page in (listing for listing in listings if listing.source == "catalog"):
        candidates = ([] if page.unitid is None else
                      ipeds_by_key.get((page.unitid, page.track, page.credential_level), []))
        claim = _claim(page, candidates)
        if isinstance(claim, Membership):
            memberships[page.program_id] = [claim]
        else:
            listing, claim = claim
            claims[listing.program_id].append(claim)
    records = []
    for listing in listings:
        if listing.source == "catalog":
            continue
        listing_records, members = _rows_of(listing, claims.get(listing.program_id, []))
        records += listing_records
        for member in members:
            memberships.setdefault(member.program_id, []).append(member)
    for page in listings:  # catalog pages left with a row of their own
        if page.source == "catalog" and memberships[page.program_id][0].status != MERGED:
            records.append(DirectoryRecord(page.program_id, None, page.program_id, "catalog", 1,
                                           None))
    return records, [member for listing in listings
                     for member in memberships[listing.program_id]]


def _claim(page: Listing, candidates: list[Listing]) -> tuple[Listing, Claim] | Membership:
    """The IPEDS listing the page claims and its claim, or its Membership when it claims none."""
    if not candidates:
        return Membership(page.program_id, page.program_id, UNMATCHED,
                          "no IPEDS listing of the institution with this track and credential "
                          "level")
    scored = [(title_score(page.title, listing.title), listing) for listing in candidates]
    if len(candidates) == 1 and page.track != "other":
        score, listing = scored[0]
        return listing, Claim(score, page, f"the only IPEDS listing of the institution with "
                                           f"track {page.track} and credential level "
                                           f"{page.credential_level}")
    winner = _clear_winner(scored)
    if winner is None:
        titles = "; ".join(f"{listing.title} ({score:.0f})" for score, listing in scored)
        return Membership(page.program_id, page.program_id, AMBIGUOUS,
                          f"no IPEDS listing's title matches clearly: {titles}")
    score, listing = winner
    return listing, Claim(score, page, f"title matches the IPEDS listing '{listing.title}' "
                                       f"(score {score:.0f} of {len(candidates)} candidate(s))")


def _programs(claims: list[Claim]) -> list[list[Claim]]:
    """The claims grouped by program (same title_key), each best page first (rule 5), ordered
    by their row id (rule 4)."""
    if len(claims) <= 1:  # most listings: no page or one (fast path at national scale)
        return [claims] if claims else []
    by_title: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_title[title_key(claim.page.title)].append(claim)
    programs = [sorted(sorted(group, key=lambda c: c.page.program_id),
                       key=lambda c: (c.score, (c.page.fetched_at or "")[:10]), reverse=True)
                for group in by_title.values()]
    return sorted(programs, key=_row_id)


def _row_id(program: list[Claim]) -> str:
    return min(claim.page.program_id for claim in program)


def _rows_of(listing: Listing, claims: list[Claim]
             ) -> tuple[list[DirectoryRecord], list[Membership]]:
    """The directory row(s) an IPEDS (or other non-catalog) listing stands behind, and the
    memberships of it and of the catalog pages that claimed it."""
    ipeds_id = listing.program_id if listing.source == "ipeds" else None
    programs = _programs(claims)
    if len(programs) <= 1:
        pages = programs[0] if programs else []
        members = [Membership(listing.program_id, listing.program_id, ANCHOR,
                              f"{listing.source} listing")]
        members += [Membership(c.page.program_id, listing.program_id, MERGED, c.evidence)
                    for c in pages]
        if not pages:
            record = DirectoryRecord(listing.program_id, ipeds_id, None, listing.source, 0, None,
                                     1 if ipeds_id else None)
        else:
            record = DirectoryRecord(listing.program_id, ipeds_id, pages[0].page.program_id,
                                     f"{listing.source},catalog", len(pages), pages[0].evidence,
                                     1)
        return [record], members
    records, members = [], []
    shared = (f"the IPEDS listing '{listing.title}' stands behind {len(programs)} catalog "
              f"programs of the institution (IPEDS reports one row per CIP code and award "
              f"level): its cip_code, completions and distance-education flag are theirs "
              f"together")
    for pages in programs:
        row_id = _row_id(pages)
        records.append(DirectoryRecord(row_id, ipeds_id, pages[0].page.program_id,
                                       f"{listing.source},catalog", len(pages),
                                       f"{pages[0].evidence}; {shared}", len(programs)))
        members.append(Membership(listing.program_id, row_id, SHARED, shared))
        members += [Membership(c.page.program_id, row_id, MERGED, c.evidence) for c in pages]
    return records, members


# The tables the merge writes; program_directory (db/directory.py) reads them. Derived data:
# rebuilt by every refresh, so a file whose tables have another shape gets new ones.
MERGES_TABLE, MEMBERS_TABLE = "program_merges", "program_merge_members"
MERGES_COLUMNS = {"program_id": str, "ipeds_program_id": str, "catalog_program_id": str,
                  "sources": str, "catalog_pages": int, "match_evidence": str,
                  "ipeds_listing_programs": int}
MEMBERS_COLUMNS = {"program_id": str, "directory_id": str, "status": str, "evidence": str}
# A shared IPEDS listing belongs to several rows (rule 4): one member row per (listing, row).
MERGE_TABLE_KEYS = {MERGES_TABLE: ("program_id",), MEMBERS_TABLE: ("program_id", "directory_id")}


def _shape(connection, name: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """(columns, primary key) of a table, None when there is none; read-only, so it serves
    schema_gaps (a plain sqlite3 connection) as well as ensure_merge_tables."""
    info = connection.execute(f"PRAGMA table_info([{name}])").fetchall()
    if not info:
        return None
    return (tuple(row[1] for row in info),
            tuple(row[1] for row in sorted(info, key=lambda row: row[5]) if row[5]))


def merge_table_gaps(connection) -> list[str]:
    """How the merge tables differ from MERGES_COLUMNS / MEMBERS_COLUMNS and their keys."""
    gaps = []
    for name, columns in ((MERGES_TABLE, MERGES_COLUMNS), (MEMBERS_TABLE, MEMBERS_COLUMNS)):
        shape = _shape(connection, name)
        if shape is None:
            gaps.append(f"table {name} is missing")
        elif shape != (tuple(columns), MERGE_TABLE_KEYS[name]):
            gaps.append(f"table {name} is out of date")
    return gaps


def ensure_merge_tables(db: sqlite_utils.Database) -> bool:
    """Create the merge tables, or create them again when their shape changed. True when they
    were (re)created empty: the caller refills them (refresh_directory)."""
    created = False
    for name, columns in ((MERGES_TABLE, MERGES_COLUMNS), (MEMBERS_TABLE, MEMBERS_COLUMNS)):
        shape = _shape(db, name)
        if shape == (tuple(columns), MERGE_TABLE_KEYS[name]):
            continue
        if shape is not None:
            db[name].drop()
        db[name].create(columns, pk=MERGE_TABLE_KEYS[name])
        created = True
    db[MERGES_TABLE].create_index(["catalog_program_id"], if_not_exists=True)
    db[MEMBERS_TABLE].create_index(["directory_id"], if_not_exists=True)
    db[MEMBERS_TABLE].create_index(["status"], if_not_exists=True)
    return created


def write_merges(db: sqlite_utils.Database) -> MergeCounts:
    """Match the listed programs again and replace both merge tables; the caller owns the
    transaction. Returns the number of directory rows and of listings per membership status."""
    listings = [Listing(*row) for row in db.execute(
        "SELECT program_id, source, unitid, track, credential_level, title, fetched_at "
        "FROM programs WHERE removed_at IS NULL ORDER BY program_id")]
    records, memberships = merge_listings(listings)
    db.execute(f"DELETE FROM {MERGES_TABLE}")
    db.execute(f"DELETE FROM {MEMBERS_TABLE}")
    db[MERGES_TABLE].insert_all((vars(record) for record in records), batch_size=5000)
    db[MEMBERS_TABLE].insert_all((vars(member) for member in memberships), batch_size=5000)
    return MergeCounts(len(records), count_listings(memberships))


def count_listings(memberships: Iterable[Membership]) -> dict[str, int]:
    """Listings per membership status; a shared listing, member of several rows, counts once."""
    counts: dict[str, int] = defaultdict(int)
    for status, _ in {(member.status, member.program_id) for member in memberships}:
        counts[status] += 1
    return dict(counts)
