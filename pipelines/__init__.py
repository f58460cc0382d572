"""Item pipelines, one job per module, ordered in crawler/settings.py (ITEM_PIPELINES)."""
