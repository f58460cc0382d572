"""Stable record ids: the same program found again gets the same id, so re-crawls update it."""

from __future__ import annotations

import hashlib
import re


def normalize_key_part(value: object) -> str:
    """Lower-case, collapse punctuation and spaces:
    'Health Info. Tech, AAS' ~ 'health info tech aas'."""
    return re.sub(r"[^a-z0-9.]+", " ", str(value).lower()).strip()


def program_id(source: str, *identity: object) -> str:
    """e.g. program_id('ipeds', 123456, '51.0707', 'assoc') -> 'ipeds-3f2a...' (16 hex digits)."""
    key = "|".join(normalize_key_part(part) for part in (source, *identity))
    return f"{source}-{hashlib.sha1(key.encode()).hexdigest()[:16]}"
