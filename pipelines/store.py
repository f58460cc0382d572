"""Stage items in SQLite with sqlite-utils: batched upserts into the run's staging tables.

Nothing reaches institutions or programs from here: the recorder of the run
(``crawler.run_recorder.RunRecorder``) stages each batch under its run id in one transaction
(``db.staging``), and promotes the staged rows in one transaction if the run turns out healthy.
A crash therefore leaves only staged rows, which the next run discards.
"""

from __future__ import annotations

import json

from itemadapter import ItemAdapter

from crawler.run_recorder import RunRecorder
from db.schema import TABLES


class StorePipeline:
    def __init__(self, stats, recorder: RunRecorder, batch_size: int):
        self.stats = stats
        self.recorder = recorder
        self.batch_size = batch_size
        self.table_for_item = {spec.item_class: spec for spec in TABLES}
        self.pending: dict[str, list[dict]] = {spec.name: [] for spec in TABLES}

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
        adapter = ItemAdapter(item)
        # Every field of the item, None included, so all rows of a batch have the same columns.
        row = {name: adapter.get(name) for name in adapter.field_names()}
        # A field the item never set is one the source said nothing about: promotion keeps its
        # stored value. A field set to None is one the source cleared (db/promotion.py).
        unset = [name for name in adapter.field_names() if name not in adapter]
        row["unset_fields"] = json.dumps(unset) if unset else None
        for name, value in row.items():
            if value is not None and name != "unset_fields":  # field coverage (health check)
                self.stats.inc_value(f"store/filled/{spec.name}/{name}")
        self.pending[spec.name].append(row)
        if sum(len(rows) for rows in self.pending.values()) >= self.batch_size:
            self.flush()
        return item

    def close_spider(self, spider=None):
        self.flush()

    def flush(self) -> None:
        if not any(self.pending.values()):
            return
        for table, count in self.recorder.stage(self.pending).items():
            self.stats.inc_value(f"store/staged_{table}", count)
        for rows in self.pending.values():
            rows.clear()
