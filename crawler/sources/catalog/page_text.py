"""Plain text of page nodes, shared by the adapters and the page-level readers."""

from __future__ import annotations

import re

import html_text
from parsel import Selector


def text_of(*selectors: Selector) -> str:
    """Readable plain text (paragraphs and list items on their own lines) of the nodes."""
    return "\n".join(html_text.extract_text(s.root, guess_layout=True) for s in selectors).strip()


def tidy(text: str | None) -> str | None:
    text = re.sub(r"\s+", " ", text or "").strip()
    return text or None
