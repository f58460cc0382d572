"""Catalog crawling: seeds, link policy, page budget, page facts and platform adapters.

The ``catalog`` spider (``spiders/catalog.py``) wires these together; each module does one job
and is tested on its own against saved pages.
"""
