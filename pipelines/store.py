"""Stage items in SQLite: buffered, and written in batches of STORE_BATCH_SIZE items, each one
``executemany`` in one transaction (``db.staging``), into the run's staging tables.

Nothing reaches institutions or programs from here: the recorder of the run
(``crawler.run_recorder.RunRecorder``) stages each batch under its run id in one transaction
(``db.staging``), and promotes the staged rows in one transaction if the run turns out healthy.
A crash therefore leaves only staged rows, which the next run discards.
"""

from __future__ import annotations

import json
from crawler.run_recorder import RunRecorder
from db.schema import TABLES

UNSET = "unset_fields"  # staging column (db.schema.STAGING_COLUMNS)


class StorePipeline:
    def __init__(self, stats, recorder: RunRecorder, batch_size: int):
        self.stats = stats
        self.recorder = recorder
        self.batch_size = batch_size
        self.table_for_item = {spec.item_class: spec for spec in TABLES}
        self.pending: dict[str, list[dict]] = {spec.name: [] for spec in TABLES}
        self.pending_count = 0
        self.unset_by_shape: dict[tuple, str] = {}

    @classmethod
    def from_crawler(cls, crawler):
        recorder = crawler.get_extension(RunRecorder)
        if recorder is None:
            raise RuntimeError("StorePipeline stages items for crawler.run_recorder.RunRecorder: "
                               "enable it in EXTENSIONS")
        return cls(crawler.stats, recorder, crawler.settings.getint("STORE_BATCH_SIZE"))

    def process_item(self, item, spider=None):
        spec = self.table_for_item.get(type(item))
        if spec is None:
            return item
        # The item classes of the tables are scrapy Items, which keep the fields that are set in
        # a dict (``_values``; Scrapy is pinned): copying it is 20 times faster than dict(item),
        # which goes through __getitem__ field by field (timeit on a ProgramItem).
        row = dict(item._values)
        # A field the item never set is one the source said nothing about: promotion keeps its
        # stored value. A field set to None is one the source cleared (db/promotion.py).
        if len(row) < len(item.fields):
            row[UNSET] = self._unset_fields(item, row)
        self.pending[spec.name].append(row)
        self.pending_count += 1
        if self.pending_count >= self.batch_size:
            self.flush()
        return item

    def _unset_fields(self, item, row: dict) -> str:
        """The fields ``item`` never set, as JSON. A spider sets the same fields in the same
        order item after item, so the answer is kept per (item class, fields set)."""
        key = (type(item), tuple(row))
        unset = self.unset_by_shape.get(key)
        if unset is None:
            unset = json.dumps([name for name in item.fields if name not in row])
            self.unset_by_shape[key] = unset
        return unset

    def close_spider(self, spider=None):
        self.flush()

    def flush(self) -> None:
        if not any(self.pending.values()):
            return
        for table, count in self.recorder.stage(self.pending).items():
            self.stats.inc_value(f"store/staged_{table}", count)
        for rows in self.pending.values():
            rows.clear()
        self.pending_count = 0
