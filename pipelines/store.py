"""Store items in SQLite with sqlite-utils: batched upserts on each table's primary key.

Institutions are written before programs in every batch so the programs' foreign key to
institutions always holds. Each batch is one transaction.
"""

from __future__ import annotations

from itemadapter import ItemAdapter

from db.build import open_database
from db.schema import TABLES


class StorePipeline:
    def __init__(self, stats, database_path: str, batch_size: int):
        self.stats = stats
        self.database_path = database_path
        self.batch_size = batch_size
        self.table_for_item = {spec.item_class: spec for spec in TABLES}
        self.pending: dict[str, list[dict]] = {spec.name: [] for spec in TABLES}
        self.db = None

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        return cls(crawler.stats, settings.get("DATABASE_PATH"),
                   settings.getint("STORE_BATCH_SIZE"))

    def open_spider(self, spider=None):
        self.db = open_database(self.database_path)

    def process_item(self, item, spider=None):
        spec = self.table_for_item.get(type(item))
        if spec is None:
            return item
        adapter = ItemAdapter(item)
        # Every field of the item, None included, so all rows of a batch have the same columns.
        self.pending[spec.name].append({name: adapter.get(name) for name in adapter.field_names()})
        if sum(len(rows) for rows in self.pending.values()) >= self.batch_size:
            self.flush()
        return item

    def close_spider(self, spider=None):
        self.flush()
        self.db.close()

    def flush(self) -> None:
        with self.db.conn:
            for spec in TABLES:  # dependency order: institutions before programs
                rows = self.pending[spec.name]
                if rows:
                    self.db.table(spec.name).upsert_all(rows, pk=spec.pk, alter=False)
                    self.stats.inc_value(f"store/{spec.name}", len(rows))
                    rows.clear()
