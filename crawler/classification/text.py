"""Text normalisation and phrase families shared by the track, credential and delivery rules.

Every rule matches on a normalized copy of a field (lower case, "&" as "and", punctuation as
spaces, apostrophes dropped) so one phrase covers "Billing & Coding", "billing-and-coding" and
"BILLING AND CODING". Abbreviations that are also English words (AS, MS, HIM) need the original
case, so a field keeps its raw text too.
"""

from __future__ import annotations

import functools
import re
from typing import Callable, NamedTuple, TypeVar

# '%' stays: "100% online" is a delivery phrase.
_PUNCTUATION = "!\"#$()*+,-./:;<=>?@[\\]^_`{|}~\u2010\u2011\u2012\u2013\u2014\u00b7\u2022"
_TABLE = str.maketrans({**{char: " " for char in _PUNCTUATION},
                        "&": " and ", "'": None, "\u2019": None})


def normalize(text: str) -> str:
    """'Medical Billing & Coding - ONLINE' -> 'medical billing and coding online'."""
    return " ".join(text.lower().translate(_TABLE).split())


class Field(NamedTuple):
    """One input field of a listing: its name (used in evidence), raw text and normalized text."""

    name: str
    raw: str
    norm: str


def make_field(name: str, raw: str | None) -> Field:
    raw = raw.strip() if raw else ""
    return Field(name, raw, normalize(raw) if raw else "")


Scanned = TypeVar("Scanned")
# Fields whose values come from small vocabularies (IPEDS award levels, "Certificate of
# Completion", ETPL formats, IPEDS distance-education strings): their scans repeat.
VOCABULARY_FIELDS = frozenset({"credential", "delivery"})


def scan_cache(scan: Callable[[Field], Scanned]) -> Callable[[Field], Scanned]:
    """Memoise a field scan for vocabulary fields; titles and descriptions are scanned every time.

    Callers must not change what a cached scan returns.
    """
    cached = functools.lru_cache(maxsize=4096)(scan)

    @functools.wraps(scan)
    def scan_field(field: Field) -> Scanned:
        return cached(field) if field.name in VOCABULARY_FIELDS else scan(field)
    return scan_field


def quote(text: str, limit: int = 80) -> str:
    """A short quoted excerpt for evidence strings."""
    return '"' + (text if len(text) <= limit else text[: limit - 1] + "\u2026") + '"'


# Case-sensitive families hold upper-case abbreviations ("AAS", "M.S.", "HIT"): a text without two
# upper-case letters (or a letter and a dot) in a row has none, and most Title Case titles are
# skipped by this one cheap search.
_ABBREVIATION_GATE = re.compile(r"[A-Z][A-Z.]")


class PhraseFamilies:
    """Named families of regex phrases, found in one pass over a text.

    ``find`` returns {family: first phrase found}. Alternatives are tried in the order given at
    each position, so list a longer phrase before a phrase it contains. Case-sensitive families
    must hold upper-case abbreviations only (see _ABBREVIATION_GATE).
    """

    def __init__(self, families: dict[str, list[str]], *, case_sensitive: bool = False):
        groups = "|".join(f"(?P<{name}>{'|'.join(phrases)})" for name, phrases in families.items())
        self._gate = _ABBREVIATION_GATE if case_sensitive else None
        if case_sensitive:
            # Raw text: a token must not touch other letters ("AS" in "CASE" is no degree).
            self._regex = re.compile(f"(?<![A-Za-z])(?:{groups})(?![A-Za-z])")
        else:
            # Normalized text is words joined by single spaces, so a phrase starts at the start or
            # after a space: cheaper to test than a leading \b, which also holds at word ends.
            # ASCII: the phrases are ASCII, and Unicode word tests make \w and \b much slower.
            self._regex = re.compile(rf"(?<![^ ])(?:{groups})\b", re.ASCII)

    def find(self, text: str) -> dict[str, str]:
        found: dict[str, str] = {}
        if self._gate and not self._gate.search(text):
            return found
        for match in self._regex.finditer(text):
            found.setdefault(match.lastgroup, match.group())
        return found
