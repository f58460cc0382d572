"""Keep API keys out of the logs.

The College Scorecard API takes its key in the query string, so every log line that prints a
request URL (Scrapy's retry and download messages, our own middleware) would print the key too.
This extension masks ``api_key=...`` in every log record as it is created. It works at the
record factory rather than on a handler because Scrapy replaces its root handler after the
extensions are built.
"""

from __future__ import annotations

import logging
import re

SECRET_PARAMETER = re.compile(r"(\bapi_key=)[^&\s'\"<>]+")
MASK = r"\1***"


def redact(record: logging.LogRecord) -> logging.LogRecord:
    message = record.getMessage()
    if "api_key=" in message:
        record.msg, record.args = SECRET_PARAMETER.sub(MASK, message), ()
    return record


def install() -> None:
    """Wrap the log record factory once per process."""
    current = logging.getLogRecordFactory()
    if getattr(current, "redacts_secrets", False):
        return

    def redacting_factory(*args, **kwargs):
        return redact(current(*args, **kwargs))

    redacting_factory.redacts_secrets = True
    logging.setLogRecordFactory(redacting_factory)


class RedactSecrets:
    """Scrapy extension: mask secrets in the log from the moment the crawler is built."""

    @classmethod
    def from_crawler(cls, crawler):
        install()
        return cls()
