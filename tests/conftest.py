"""Shared fixtures: a crawler with the project settings for pipeline tests, a fresh database."""

from __future__ import annotations

import pytest
from scrapy.utils.test import get_crawler

from crawler import settings as project_settings
from db.build import open_database


@pytest.fixture
def database_path(tmp_path):
    return tmp_path / "directory.db"


@pytest.fixture
def crawler(database_path):
    # The project's own settings (extensions, health limits), as `scrapy crawl` would use them.
    settings = {name: getattr(project_settings, name) for name in dir(project_settings)
                if name.isupper()}
    crawler = get_crawler(settings_dict=settings | {"DATABASE_PATH": str(database_path),
                                                    "STORE_BATCH_SIZE": 3})
    crawler.stats.open_spider()
    return crawler


@pytest.fixture
def database(database_path):
    db = open_database(database_path)
    yield db
    db.close()
