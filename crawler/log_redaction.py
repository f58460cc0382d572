"""Keep API keys out of the logs.

The College Scorecard API takes its key in the query string, so every log line that prints a
request URL (Scrapy's retry and download messages, our own middleware) would print the key too,
and so would the traceback of a failed download ("Getting <url> took longer than 60 seconds").
Each log record is cleaned as it is created: its message, its exception text and its stack.
Masked are ``api_key=...`` (also URL-encoded) and, once the crawler knows them, the secret
values themselves wherever they appear. It works at the record factory rather than on a handler
because Scrapy replaces its root handler after the extensions are built.
"""

from __future__ import annotations

import logging
import re

from scrapy import signals

SECRET_PARAMETER = re.compile(r"(\bapi_key(?:=|%3D))[^&\s'\"<>]+", re.IGNORECASE)
MASK = r"\1***"
# Settings and spider attributes that hold secrets; their values are masked anywhere in a record.
SECRET_SETTINGS = ("SCORECARD_API_KEY",)
SECRET_SPIDER_ATTRIBUTES = ("api_key",)
MIN_SECRET_LENGTH = 8  # a shorter value would mask ordinary words
_secrets: set[str] = set()


def register_secret(value) -> None:
    if isinstance(value, str) and len(value) >= MIN_SECRET_LENGTH:
        _secrets.add(value)


def redact_text(text: str) -> str:
    for secret in _secrets:
        text = text.replace(secret, "***")
    return SECRET_PARAMETER.sub(MASK, text)


def redact(record: logging.LogRecord) -> logging.LogRecord:
    message = record.getMessage()
    clean = redact_text(message)
    if clean != message:
        record.msg, record.args = clean, ()
    if record.exc_info:
        # Format the traceback now, cleaned, and drop the live exception: a handler would
        # otherwise format it again from exc_info, key and all.
        record.exc_text = record.exc_text or logging.Formatter().formatException(record.exc_info)
        record.exc_info = None
    if record.exc_text:
        record.exc_text = redact_text(record.exc_text)
    if record.stack_info:
        record.stack_info = redact_text(record.stack_info)
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
        for name in SECRET_SETTINGS:
            register_secret(crawler.settings.get(name))
        extension = cls()
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        return extension

    def spider_opened(self, spider):
        # A key given as a spider argument (-a api_key=...) is not in the settings.
        for name in SECRET_SPIDER_ATTRIBUTES:
            register_secret(getattr(spider, name, None))
