"""What may be stored as a link: an absolute http or https URL with a host, nothing else.

A page controls its own canonical link and a data file its own website column, so a hostile
source could hand us ``javascript:``, ``data:`` or ``vbscript:`` URLs that Datasette, the Atom
feed and the CSV export would then publish as links. One rule, applied where a page's URL is
read and again to every URL field in the normalize pipeline.
"""

from __future__ import annotations

from urllib.parse import urlsplit

WEB_SCHEMES = ("http", "https")
URL_FIELDS = ("url", "website", "source_url")


def web_url(value: str | None) -> str | None:
    """``value`` when it is an absolute http(s) URL with a host, else None."""
    if not value or any(ord(char) <= 0x20 or char == "\x7f" for char in value):
        return None  # browsers drop tabs and newlines inside a scheme: "java\tscript:"
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. an unbalanced [ in the host
        return None
    return value if parts.scheme in WEB_SCHEMES and parts.hostname else None
