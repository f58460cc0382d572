"""Classification of a program listing: track, credential level and delivery mode, with evidence.

First version: the track comes from the CIP code alone. The classification issue (#3) replaces
this with rules over title, credential text, description and certification signals, keeping
this interface: ``classify(Listing) -> Classification``.
"""

from __future__ import annotations

from dataclasses import dataclass

from crawler.cip import cip_track

TRACKS = ("hit", "billing_coding", "him", "other")
CREDENTIAL_LEVELS = ("certificate", "associate", "bachelor", "master", "diploma", "non-credit",
                     "unknown")
DELIVERY_MODES = ("online", "hybrid", "campus", "unknown")


@dataclass(frozen=True)
class Listing:
    title: str
    credential: str | None = None
    description: str | None = None
    cip_code: str | None = None
    institution: str | None = None
    delivery: str | None = None


@dataclass(frozen=True)
class Classification:
    track: str
    track_confidence: float
    track_evidence: str
    credential_level: str
    credential_evidence: str
    delivery_mode: str
    delivery_evidence: str


def classify(listing: Listing) -> Classification:
    track = cip_track(listing.cip_code) if listing.cip_code else None
    if track:
        track_result = (track, 0.9, f"cip {listing.cip_code}")
    else:
        track_result = ("other", 0.5, "no track CIP code")
    return Classification(*track_result, "unknown", "", "unknown", "")
