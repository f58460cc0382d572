"""Shared fixtures: a crawler for pipeline tests and a fresh database file."""

from __future__ import annotations

import pytest
from scrapy.utils.test import get_crawler

from db.build import open_database


@pytest.fixture
def database_path(tmp_path):
    return tmp_path / "directory.db"


@pytest.fixture
def crawler(database_path):
    crawler = get_crawler(settings_dict={"DATABASE_PATH": str(database_path),
                                         "STORE_BATCH_SIZE": 3})
    crawler.stats.open_spider()
    return crawler


@pytest.fixture
def database(database_path):
    db = open_database(database_path)
    yield db
    db.close()
