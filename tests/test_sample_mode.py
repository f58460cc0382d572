"""Sample mode (crawler/sample_web.py): one setting sends every request to the sample web.

The transfer itself is exercised over real HTTP by the crawl tests (tests/test_spider_contract.py,
tests/test_end_to_end.py, tests/catalog/test_crawl_sample_web.py); here the mapping and the
settings the add-on applies.
"""

from __future__ import annotations

import pytest
from scrapy.addons import AddonManager

from crawler.process import project_settings
from crawler.sample_web import HANDLER, sample_url, sample_web_address
from sampleweb.scorecard_api import ACCEPTED_KEYS

ADDRESS = ("127.0.0.1", 8765)


@pytest.mark.parametrize("real, sample", [
    ("https://catalog.example.edu/preview_program.php?catoid=12&poid=3401",
     "http://127.0.0.1:8765/preview_program.php?catoid=12&poid=3401"),
    ("https://www.example.edu", "http://127.0.0.1:8765/"),
    ("http://www.example.edu:8080/programs/#top", "http://127.0.0.1:8765/programs/"),
])
def test_a_real_url_keeps_its_path_and_query_on_the_sample_web(real, sample):
    assert sample_url(real, ADDRESS) == sample


@pytest.mark.parametrize("value, address", [("127.0.0.1:8765", ADDRESS),
                                            (":8765", ADDRESS),
                                            ("localhost:80", ("localhost", 80))])
def test_the_address_is_host_and_port(value, address):
    assert sample_web_address(value) == address


def test_an_address_without_a_port_is_refused():
    with pytest.raises(ValueError, match="SAMPLE_WEB expects HOST:PORT"):
        sample_web_address("127.0.0.1")


def settings_for(overrides):
    """The settings a crawl process starts its crawlers with (CrawlerRunnerBase does this)."""
    settings = project_settings(overrides)
    AddonManager.load_pre_crawler_settings(settings)
    return settings


def test_sample_mode_takes_over_http_and_https_and_tunes_the_crawl():
    settings = settings_for({"SAMPLE_WEB": "127.0.0.1:8765"})
    handlers = settings.getwithbase("DOWNLOAD_HANDLERS")
    assert (handlers["http"], handlers["https"]) == (HANDLER, HANDLER)
    assert settings.getfloat("DOWNLOAD_DELAY") == 0
    assert settings.getbool("HTTPCACHE_ENABLED") is False
    assert settings.get("SCORECARD_API_KEY") in ACCEPTED_KEYS


def test_command_line_settings_still_win_in_sample_mode():
    settings = settings_for({"SAMPLE_WEB": "127.0.0.1:8765", "HTTPCACHE_ENABLED": True,
                             "SCORECARD_API_KEY": "WRONG"})
    assert settings.getbool("HTTPCACHE_ENABLED") is True
    assert settings.get("SCORECARD_API_KEY") == "WRONG"


def test_a_real_crawl_is_left_alone():
    settings = settings_for({})
    assert HANDLER not in settings.getwithbase("DOWNLOAD_HANDLERS").values()
    assert settings.getfloat("DOWNLOAD_DELAY") == 1.0
    assert settings.getbool("HTTPCACHE_ENABLED") is True
