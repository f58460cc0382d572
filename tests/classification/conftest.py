"""Helpers for the classification tests: classify a title, run the classify command in-process."""

from __future__ import annotations

import pytest

from crawler.classification import Classification, Listing, classify


@pytest.fixture
def classified():
    """classified(title, **fields) -> Classification."""
    def run(title: str, **fields) -> Classification:
        return classify(Listing(title, **fields))
    return run
