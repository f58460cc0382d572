"""JavaScript-only catalogs read through their public JSON APIs instead of their empty pages.

Each module knows one vendor's endpoints and turns its JSON into ``ProgramPage`` objects; the
spider makes the requests, so robots.txt, throttling and the page budget apply as for pages.
"""
