"""SourceSpider: what every source spider provides to the crawl machinery, with safe defaults.

The run recorder (crawler/run_recorder.py) reads ``partial_run`` when a run starts and
``removal_sites()`` when it ends; a spider that says nothing gets a complete run over its whole
source. Spiders read each option from a spider argument first, then from a project setting
(``argument_or_setting``), and stop a broken run the same way (``fail``). A spider never knows
whether it crawls the real web or the sample web: crawler/sample_web.py maps the requests.

    class MySourceSpider(SourceSpider):
        name = "mysource"
        start_urls = ["https://example.gov/programs"]

        def parse(self, response):
            yield ProgramItem(...)
"""

from __future__ import annotations

from typing import Any, NoReturn

import scrapy
from scrapy.exceptions import CloseSpider

from crawler.log_redaction import redact_text
from crawler.page_memory import PageMemory

# The stat holding why the spider stopped its run (``fail``): the commands print it as the
# crawl's one error line (crawler/process.py).
FAILURE_STAT = "run/failure"


class SourceSpider(scrapy.Spider):
    # True for a run narrowed by spider arguments (e.g. fewer CIP codes): it may add and change
    # programs but never marks the ones it did not look for as removed.
    partial_run: bool = False
    # Pages of the last promoted run this spider may reuse instead of parsing them again
    # (crawler/page_memory.py); the run recorder stages what it collected when the run ends.
    page_memory: PageMemory | None = None

    def removal_sites(self) -> set[str] | None:
        """The sites this run crawled completely, where a missing program counts as removed;
        None when the whole source is in scope (a spider that crawls one source)."""
        return None

    def argument_or_setting(self, argument: Any, setting: str, default: Any = None) -> Any:
        """A spider argument when one was given, else the project setting, else ``default``.

        Arguments arrive as text (``-a year=2022``), settings as text or typed values: the
        caller converts.
        """
        if argument not in (None, ""):
            return argument
        value = self.settings.get(setting)
        return default if value in (None, "") else value

    def fail(self, message: str, reason: str, stat: str = "failures") -> NoReturn:
        """Stop the run as failed: nothing it staged is promoted (crawler/run_recorder.py).

        Logs ``message`` as an error, keeps it as the run's ``FAILURE_STAT``, counts
        ``<spider>/<stat>`` and closes the spider with ``reason`` as its finish reason.
        """
        self.logger.error("%s; nothing from this run is stored", message)
        if self.crawler.stats.get_value(FAILURE_STAT) is None:  # the first is the cause
            # Printed by the command, not logged: masked here as the log masks its records.
            self.crawler.stats.set_value(FAILURE_STAT, redact_text(message))
        self.crawler.stats.inc_value(f"{self.name}/{stat}")
        raise CloseSpider(reason)
