"""Which college a URL belongs to: its registered domain, so www. and catalog. are one site."""

from __future__ import annotations

from urllib.parse import urlsplit

import tldextract

# The public-suffix snapshot bundled with tldextract: no network fetch, same answer everywhere.
_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


# Catalog vendors that host every college under their own domain: there each college's
# subdomain ('goodwin.smartcatalogiq.com', Acalog's 'nvcc.catalog.acalog.com') is a site of its
# own, not one site for all of them.
SHARED_CATALOG_DOMAINS = ("smartcatalogiq.com", "cleancatalog.net", "kuali.co", "acalog.com")


def site_of(url: str) -> str:
    """'http://catalog.harborpoint.edu:8765/x' -> 'harborpoint.edu' (ports and subdomains dropped);
    a website without scheme ('www.bayshore.edu/', as IPEDS often has it) works too."""
    host = urlsplit(url if "://" in url else f"//{url}").hostname or ""
    domain = _EXTRACT(host).top_domain_under_public_suffix or host
    if domain in SHARED_CATALOG_DOMAINS and host != domain and host != f"www.{domain}":
        return host
    return domain
