"""API keys never reach a log line, whoever logs the URL."""

from __future__ import annotations

import logging

from crawler.log_redaction import install


def test_api_keys_are_masked_in_log_records(caplog):
    install()
    install()  # idempotent: one wrapper, not two
    logging.getLogger("scrapy.core.engine").warning(
        "Crawled (200) <GET %s>", "https://api.data.gov/x?api_key=SECRET123&page=2")
    assert "SECRET123" not in caplog.text
    assert "api_key=***&page=2" in caplog.text


def test_other_messages_are_untouched(caplog):
    install()
    logging.getLogger("ipeds").warning("%s: %d institutions read", "HD2023.zip", 220)
    assert caplog.records[-1].getMessage() == "HD2023.zip: 220 institutions read"
