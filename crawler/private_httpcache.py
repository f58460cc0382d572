"""Scrapy's filesystem HTTP cache, kept private and free of secrets.

The stock storage writes each request's URL into ``meta`` and ``pickled_meta`` with the
default umask (world-readable), and the College Scorecard key travels in that URL. This one
(1) stores and looks up every request under its URL with secrets masked (``api_key=***``), so
the key is in no file and not in the cache key either: a new key keeps the cached pages; and
(2) keeps the cache directory 0700 and its files 0600, so other users of the machine cannot
read what the sources answered.
"""

from __future__ import annotations

from pathlib import Path

from scrapy.extensions.httpcache import FilesystemCacheStorage

from crawler.log_redaction import redact_text

PRIVATE_DIRECTORY = 0o700
PRIVATE_FILE = 0o600


class PrivateFilesystemCacheStorage(FilesystemCacheStorage):
    def open_spider(self, spider) -> None:
        super().open_spider(spider)
        root = Path(self.cachedir)
        root.mkdir(mode=PRIVATE_DIRECTORY, parents=True, exist_ok=True)
        root.chmod(PRIVATE_DIRECTORY)  # a cache made before, with the default umask

    def retrieve_response(self, spider, request):
        masked = _without_secrets(request)
        response = super().retrieve_response(spider, masked)
        if masked is not request and "cache_timestamp" in masked.meta:
            request.meta["cache_timestamp"] = masked.meta["cache_timestamp"]
        return response

    def store_response(self, spider, request, response) -> None:
        request = _without_secrets(request)
        if redact_text(response.url) != response.url:
            response = response.replace(url=redact_text(response.url))
        directory = Path(self._get_request_path(spider, request))
        directory.mkdir(mode=PRIVATE_DIRECTORY, parents=True, exist_ok=True)
        super().store_response(spider, request, response)
        # Unreachable meanwhile: the root above them is 0700 from open_spider.
        for path in directory.iterdir():
            path.chmod(PRIVATE_FILE)


def _without_secrets(request):
    masked_url = redact_text(request.url)
    return request if masked_url == request.url else request.replace(url=masked_url)
