"""Classification of a program listing: track, credential level and delivery mode, with evidence.

``classify(Listing) -> Classification`` is the whole interface; the pipelines and the
``classify`` command both call it. Each decision lives in its own module (``track``,
``credential``, ``delivery``; shared normalisation in ``text``) and returns short human-readable
evidence, e.g. ``title: "medical coding"; cip 51.0713 agrees``.
"""

from __future__ import annotations

from dataclasses import dataclass

from crawler.classification.credential import decide_credential
from crawler.classification.delivery import decide_delivery
from crawler.classification.text import make_field
from crawler.classification.track import decide_track

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
    delivery_options: str  # every mode it is offered in, most flexible first: "online,campus"


def classify(listing: Listing) -> Classification:
    title = make_field("title", listing.title)
    credential_text = make_field("credential", listing.credential)
    description = make_field("description", listing.description)
    credential = decide_credential(title, credential_text, description,
                                   make_field("institution", listing.institution))
    track = decide_track(title, credential_text, description, listing.cip_code, credential)
    delivery = decide_delivery(
        make_field("delivery", listing.delivery), title, credential_text, description)
    return Classification(track.track, track.confidence, track.evidence,
                          credential.level, credential.evidence,
                          delivery.mode, delivery.evidence, delivery.options)
