"""One row per real program: which listings (IPEDS, catalog pages) describe the same program.

A college's catalog page and its IPEDS listing are two listings of one program. They are matched
on the institution (unitid), the track and the credential level; where several IPEDS listings of
the institution share those (IPEDS lists per CIP code, and 51.0713 / 51.0714 are both coding and
billing), the catalog title is compared with each listing's title (rapidfuzz) and only a clear
winner is merged. A match that stays unclear is never guessed: the catalog page keeps its own row
and is counted as ambiguous.

Rules, in order:
  1. Every listed IPEDS program anchors a directory row, merged or not.
  2. A catalog page with exactly one IPEDS candidate (same unitid, track, credential level)
     claims it; with several, the best title score claims it when it reaches TITLE_MATCH_MIN and
     beats the runner-up by TITLE_MATCH_MARGIN, otherwise the page is ambiguous. Look-alikes
     (track 'other') always need a title match: 'other' lumps unrelated programs together.
  3. Several catalog pages claiming one listing: pages with the same program title (one program
     published on two pages) all merge; otherwise the page whose title scores best against the
     listing by TITLE_MATCH_MARGIN merges and the others keep their own rows (counted as
     ambiguous when no page wins).
  4. Among the merged catalog pages, the best-scoring one (then the newest fetched) gives the
     directory row its catalog values.
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

ANCHOR, MERGED, AMBIGUOUS, UNMATCHED = "anchor", "merged", "ambiguous", "unmatched"


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

    program_id: str  # the directory row's id: its IPEDS listing's id, else its own listing's
    ipeds_program_id: str | None
    catalog_program_id: str | None  # the catalog page whose values the row shows
    sources: str  # e.g. 'ipeds,catalog'
    catalog_pages: int
    match_evidence: str | None  # how its catalog page was matched to its IPEDS listing


@dataclass(frozen=True)
class Membership:
    program_id: str  # a listing
    directory_id: str  # the directory row it belongs to
    status: str  # anchor, merged, ambiguous or unmatched
    evidence: str


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
    listings = list(listings)
    ipeds_by_key: dict[tuple, list[Listing]] = defaultdict(list)
    for listing in listings:
        if listing.source == "ipeds":
            ipeds_by_key[(listing.unitid, listing.track, listing.credential_level)].append(listing)
    memberships: dict[str, Membership] = {}
    claims: dict[str, list[tuple[float, Listing, str]]] = defaultdict(list)
    for page in (listing for listing in listings if listing.source == "catalog"):
        candidates = ([] if page.unitid is None else
                      ipeds_by_key.get((page.unitid, page.track, page.credential_level), []))
        claim = _claim(page, candidates)
        if isinstance(claim, Membership):
            memberships[page.program_id] = claim
        else:
            score, listing, evidence = claim
            claims[listing.program_id].append((score, page, evidence))
    records = []
    for listing in listings:
        if listing.source == "catalog" or listing.program_id in memberships:
            continue
        merged = _settle(listing, claims.get(listing.program_id, []), memberships)
        memberships[listing.program_id] = Membership(listing.program_id, listing.program_id,
                                                     ANCHOR, f"{listing.source} listing")
        records.append(_record(listing, merged))
    for page in listings:  # catalog pages left with a row of their own
        membership = memberships.get(page.program_id)
        if page.source == "catalog" and membership.status != MERGED:
            records.append(DirectoryRecord(page.program_id, None, page.program_id, "catalog", 1,
                                           None))
    return records, [memberships[listing.program_id] for listing in listings]


def _claim(page: Listing, candidates: list[Listing]):
    """(score, IPEDS listing, evidence) the page claims, or its Membership when it claims none."""
    if not candidates:
        return Membership(page.program_id, page.program_id, UNMATCHED,
                          "no IPEDS listing of the institution with this track and credential "
                          "level")
    scored = [(title_score(page.title, listing.title), listing) for listing in candidates]
    if len(candidates) == 1 and page.track != "other":
        score, listing = scored[0]
        return score, listing, (f"the only IPEDS listing of the institution with track "
                                f"{page.track} and credential level {page.credential_level}")
    winner = _clear_winner(scored)
    if winner is None:
        titles = "; ".join(f"{listing.title} ({score:.0f})" for score, listing in scored)
        return Membership(page.program_id, page.program_id, AMBIGUOUS,
                          f"no IPEDS listing's title matches clearly: {titles}")
    score, listing = winner
    return score, listing, (f"title matches the IPEDS listing '{listing.title}' (score "
                            f"{score:.0f} of {len(candidates)} candidate(s))")


def _settle(listing: Listing, claims: list[tuple[float, Listing, str]],
            memberships: dict[str, Membership]) -> list[tuple[float, Listing, str]]:
    """The claims that merge into ``listing`` (best first); the others are recorded apart."""
    if len({title_key(page.title) for _, page, _ in claims}) <= 1:
        merged = claims
    else:
        winner = _clear_winner([(score, (score, page, evidence))
                                for score, page, evidence in claims])
        merged = [winner[1]] if winner else []
        for score, page, _ in claims:
            if not any(page is chosen for _, chosen, _ in merged):
                memberships[page.program_id] = Membership(
                    page.program_id, page.program_id, AMBIGUOUS,
                    f"another catalog page of the institution also matches the IPEDS listing "
                    f"'{listing.title}' (score {score:.0f})")
    for _, page, evidence in merged:
        memberships[page.program_id] = Membership(page.program_id, listing.program_id, MERGED,
                                                  evidence)
    return sorted(merged, key=lambda claim: (claim[0], claim[1].fetched_at or ""), reverse=True)


def _record(listing: Listing, merged: list[tuple[float, Listing, str]]) -> DirectoryRecord:
    if not merged:
        return DirectoryRecord(listing.program_id, listing.program_id if listing.source == "ipeds"
                               else None, None, listing.source, 0, None)
    _, page, evidence = merged[0]
    return DirectoryRecord(listing.program_id, listing.program_id, page.program_id,
                           f"{listing.source},catalog", len(merged), evidence)


# The tables the merge writes; program_directory (db/directory.py) reads them.
MERGES_TABLE, MEMBERS_TABLE = "program_merges", "program_merge_members"
MERGES_COLUMNS = {"program_id": str, "ipeds_program_id": str, "catalog_program_id": str,
                  "sources": str, "catalog_pages": int, "match_evidence": str}
MEMBERS_COLUMNS = {"program_id": str, "directory_id": str, "status": str, "evidence": str}


def ensure_merge_tables(db: sqlite_utils.Database) -> None:
    for name, columns in ((MERGES_TABLE, MERGES_COLUMNS), (MEMBERS_TABLE, MEMBERS_COLUMNS)):
        if not db[name].exists():
            db[name].create(columns, pk="program_id")
    db[MERGES_TABLE].create_index(["catalog_program_id"], if_not_exists=True)
    db[MEMBERS_TABLE].create_index(["directory_id"], if_not_exists=True)
    db[MEMBERS_TABLE].create_index(["status"], if_not_exists=True)


def write_merges(db: sqlite_utils.Database) -> dict[str, int]:
    """Match the listed programs again and replace both merge tables; the caller owns the
    transaction. Returns the number of listings per membership status."""
    listings = [Listing(*row) for row in db.execute(
        "SELECT program_id, source, unitid, track, credential_level, title, fetched_at "
        "FROM programs WHERE removed_at IS NULL ORDER BY program_id")]
    records, memberships = merge_listings(listings)
    db.execute(f"DELETE FROM {MERGES_TABLE}")
    db.execute(f"DELETE FROM {MEMBERS_TABLE}")
    db[MERGES_TABLE].insert_all((vars(record) for record in records), batch_size=5000)
    db[MEMBERS_TABLE].insert_all((vars(member) for member in memberships), batch_size=5000)
    counts = defaultdict(int)
    for member in memberships:
        counts[member.status] += 1
    return dict(counts)
