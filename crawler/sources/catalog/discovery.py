"""Finding the catalog of a college known only by its website (an IPEDS ``WEBADDR``).

A seeds-file row points at a college's catalog or program index; a database seed is only the
institution's home page (``www.college.edu``, often a campus path). From there the spider tries,
cheapest first:

1. the home page's own links named like a catalog ("Academic Catalog", "Programs of Study",
   "Degrees & Certificates"), followed first (``home_link``);
2. when the home page names none, the usual catalog addresses (``PROBES``);
3. the site's sitemap, read for every host anyway (``spiders/catalog.py`` ``robots_parsed``).

Where the probes come from (real colleges' catalog addresses, in ``seeds/catalogs.csv`` and the
real-page corpus ``tests/fixtures/real_sites/``): ``catalog.<host>`` -- catalog.austincc.edu,
catalog.cvcc.edu, catalog.raritanval.edu, catalog.sccc.edu, catalog.leeward.hawaii.edu,
catalog.byu.edu; ``/catalog/`` -- www.pct.edu/catalog/; ``/college-catalog/`` --
programs.scciowa.edu/college-catalog/, southernregional.edu/college-catalog/current/,
www.albanytech.edu/college-catalog/current/programs.

A catalog a vendor hosts under its own domain (``<college>.smartcatalogiq.com``, as eleven
Georgia colleges in the seeds file; Acalog's ``<tenant>.catalog.acalog.com``, seen in public
scrapers' base URLs such as nvcc.catalog.acalog.com and csulb.catalog.acalog.com) cannot be
guessed from the college's domain: it joins the college's site only when a page of that site
links to it by a catalog's name or under the college's own name (``vendor_link``).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from crawler.sources.catalog.sites import SHARED_CATALOG_DOMAINS, site_of

# (how, path) on the seed's own host, in the order they are tried; "catalog_host" is the
# catalog.<host> subdomain's home page.
PROBES = (("catalog_host", "/"), ("catalog_path", "/catalog/"),
          ("college_catalog_path", "/college-catalog/"))

# Anchor texts that name a college's catalog or its list of programs, as a whole.
_CATALOG_ANCHOR = re.compile(
    r"^(view |browse |see |our |the )*"
    r"((current |academic |college |course |online )?catalog(ue)?s?"
    r"|(academic |all |credit )?programs?( of study| (and|&) degrees| (and|&) certificates)?"
    r"|degrees?,? (and|&) certificates?|degrees?,? (and|&) programs?"
    r"|areas of study|find (a|your) program)$", re.IGNORECASE)


def names_a_catalog(anchor: str) -> bool:
    """True for a link text such as 'Academic Catalog', 'Programs of Study', 'Degrees &
    Certificates'; a program's own name ('Health Information Technology') is not one."""
    return bool(_CATALOG_ANCHOR.match(" ".join(anchor.split())))


def probe_urls(start_url: str) -> list[tuple[str, str]]:
    """(how, url) of the usual catalog addresses of the site ``start_url`` is on.

    ``catalog.<host>`` drops a leading ``www.`` (www.college.edu -> catalog.college.edu) and keeps
    the rest of the host, so a college on a system's domain (leeward.hawaii.edu) gets its own
    (catalog.leeward.hawaii.edu). No probes for a catalog vendor's host: it is the catalog.
    """
    parts = urlsplit(start_url)
    host = (parts.hostname or "").lower()
    if not host or is_vendor_host(host):
        return []
    scheme = parts.scheme or "https"
    bare = host.removeprefix("www.")
    probes = []
    for how, path in PROBES:
        if how == "catalog_host":
            if bare.startswith("catalog."):
                continue  # the seed is already the catalog
            probes.append((how, f"{scheme}://catalog.{bare}{path}"))
        else:
            probes.append((how, f"{scheme}://{host}{path}"))
    return probes


def is_vendor_host(host: str) -> bool:
    """A college's catalog on a catalog vendor's domain ('goodwin.smartcatalogiq.com',
    'nvcc.catalog.acalog.com'), not the vendor's own pages ('www.smartcatalogiq.com')."""
    host = host.lower()
    return any(host.endswith(f".{domain}") and host != f"www.{domain}"
               for domain in SHARED_CATALOG_DOMAINS) and site_of(host) == host


def links_own_vendor_catalog(host: str, site: str, anchor: str) -> bool:
    """Whether a link from ``site`` to ``host`` is to the college's own catalog on a vendor's
    host: named like a catalog ('Academic Catalog'), or the tenant is the college's name
    (river.edu -> river.smartcatalogiq.com). A link to another college's catalog is not."""
    if not is_vendor_host(host):
        return False
    tenant = host.lower().split(".", 1)[0]
    return names_a_catalog(anchor) or tenant == site.split(".", 1)[0]
