"""Stage items in SQLite: buffered, and written in batches of STORE_BATCH_SIZE items, each one
``executemany`` in one transaction (``db.staging``), into the run's staging tables.

Nothing reaches institutions or programs from here: the recorder of the run
(``crawler.run_recorder.RunRecorder``) stages each batch under its run id in one transaction
(``db.staging``), and promotes the staged rows in one transaction if the run turns out healthy.
A crash therefore leaves only staged rows, which the next run discards.
"""

from __future__ import annotations

import json
from collections import Counter

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
        # The item classes of the tables are scrapy Items, mappings of the fields that are set:
        # dict() copies them 70 times faster than going field by field through ItemAdapter.
        row = dict(item)
        # A field the item never set is one the source said nothing about: promotion keeps its
        # stored value. A field set to None is one the source cleared (db/promotion.py).
        if len(row) < len(item.fields):
            row[UNSET] = json.dumps([name for name in item.fields if name not in row])
        self.pending[spec.name].append(row)
        self.pending_count += 1
        if self.pending_count >= self.batch_size:
            self.flush()
        return item

    def close_spider(self, spider=None):
        self.flush()

    def flush(self) -> None:
        if not any(self.pending.values()):
            return
        for table, rows in self.pending.items():
            # Field coverage (health check): rows with a value, per field, once per batch.
            filled = Counter(name for row in rows for name, value in row.items()
                             if value is not None and name != UNSET)
            for name, count in filled.items():
                self.stats.inc_value(f"store/filled/{table}/{name}", count)
        for table, count in self.recorder.stage(self.pending).items():
            self.stats.inc_value(f"store/staged_{table}", count)
        for rows in self.pending.values():
            rows.clear()
        self.pending_count = 0
