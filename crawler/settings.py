"""Scrapy settings for the health-information program directory.

Polite by default: robots.txt obeyed, an identifying User-Agent with a contact URL, AutoThrottle
with a per-domain concurrency cap, and an HTTP cache that revalidates (RFC 2616 policy).
"""

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

BOT_NAME = "hitdirectory"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"
# `scrapy crawl` takes the crawl lock and exits 75 when another crawl holds it.
COMMANDS_MODULE = "crawler.scrapy_commands"

CONTACT_URL = "https://github.com/hit-directory/crawler#crawler-contact"
USER_AGENT = f"HITDirectoryBot/0.1 (+{CONTACT_URL})"

ROBOTSTXT_OBEY = True
ROBOTSTXT_PARSER = "scrapy.robotstxt.ProtegoRobotParser"

CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 60
RETRY_TIMES = 2
DOWNLOADER_MIDDLEWARES = {
    # No request for a page a re-crawl already reused on its sitemap lastmod (issue 14).
    "crawler.page_memory.SkipReusedPagesMiddleware": 90,
    # robots.txt that cannot be read (5xx, timeout) means "disallow all", not "allow all".
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.robotstxt.FailClosedRobotsTxtMiddleware": 100,
    # Per-college page budget; acts only on requests that carry a site (the catalog spider).
    "crawler.sources.catalog.budget.SiteBudgetMiddleware": 150,
    # Honour Retry-After on 429/503 by slowing the domain down; it sees responses before
    # RetryMiddleware (550), which would retry at once.
    "crawler.middlewares.RetryAfterMiddleware": 560,
}
RETRY_AFTER_MAX_WAIT = 300

# Cache every response and revalidate it (ETag / Last-Modified) on the next crawl.
HTTPCACHE_ENABLED = True
HTTPCACHE_POLICY = "scrapy.extensions.httpcache.RFC2616Policy"
HTTPCACHE_DIR = "httpcache"
# Private (0700/0600) and without the Scorecard key in any file or cache key.
HTTPCACHE_STORAGE = "crawler.private_httpcache.PrivateFilesystemCacheStorage"

# Sample mode: with SAMPLE_WEB = "HOST:PORT" every request goes to that sample web, under its
# real URL as far as the crawl can tell (crawler/sample_web.py). Empty: the real web.
SAMPLE_WEB = ""
ADDONS = {"crawler.sample_web.SampleWebAddon": 0}

ITEM_PIPELINES = {
    "pipelines.normalize.NormalizePipeline": 100,
    "pipelines.classify.ClassifyPipeline": 300,
    "pipelines.link.LinkPipeline": 400,
    "pipelines.validate.ValidatePipeline": 800,
    "pipelines.store.StorePipeline": 900,
}

# Where the store pipeline writes (the CLI's --db overrides it).
DATABASE_PATH = str(PROJECT_ROOT / "build" / "directory.db")
STORE_BATCH_SIZE = 1000

# Each spider run is recorded in crawl_runs; its staged items are promoted only if it is healthy.
EXTENSIONS = {"crawler.run_recorder.RunRecorder": 500,
              # Mask api_key=... and the key itself in every log line and traceback (the
              # Scorecard key travels in the URL).
              "crawler.log_redaction.RedactSecrets": 0,
              # After the recorder: the line ends with the run's status. Idle unless the
              # command shows progress (demo).
              "crawler.progress.ProgressLines": 900}
RUN_STARTED_BY = "scrapy crawl"  # what crawl_runs.started_by says; the CLI sets its own
# A run is unhealthy (and not promoted) past any of these limits.
HEALTH_MAX_ITEM_DROP = 0.5  # share of the last healthy run's item count that may disappear
HEALTH_MAX_ERROR_RATE = 0.05  # logged errors per page fetched
HEALTH_MAX_MISSING_SHARE = 0.05  # share of items dropped for a missing required field
HEALTH_MAX_ROW_ERROR_RATE = 0.01  # bad rows per data row read (spiders that read files)
# A field filled in at least this share of rows in the last healthy run ...
HEALTH_FIELD_COVERAGE_BASELINE = 0.9
HEALTH_MIN_FIELD_COVERAGE = 0.5  # ... and now filled in fewer than this: a renamed field

# IPEDS spider defaults (spider arguments override them).
IPEDS_BASE_URL = "https://nces.ed.gov/ipeds/complete-data-files/"  # where NCES moved them in 2026
IPEDS_LEGACY_BASE_URL = "https://nces.ed.gov/ipeds/datacenter/data/"  # older years, no _rv files
IPEDS_YEAR = 0  # 0: the newest year whose three files are all published
IPEDS_NEWEST_YEAR = 0  # the first year tried when IPEDS_YEAR is 0; 0: last calendar year
IPEDS_YEARS_BACK = 4  # how many years are tried, newest first
IPEDS_CIP_CODES = ["51.0706", "51.0707", "51.0713", "51.0714"]
IPEDS_AWARD_LEVELS = ["cert1", "cert2", "cert4", "assoc"]
# A data file whose CSV inflates past this is refused (a zip bomb); see crawler/sources/ipeds.py.
IPEDS_MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024

# College Scorecard spider. The API key comes from the environment (or -s), never from the repo.
SCORECARD_API_KEY = os.environ.get("SCORECARD_API_KEY", "")
SCORECARD_BASE_URL = "https://api.data.gov/ed/collegescorecard/v1/schools"
SCORECARD_CIP_4DIGIT = "5107"  # health and medical administrative services (51.07)
SCORECARD_PER_PAGE = 100  # the API's maximum

FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"

# No control ports: a crawler on a shared machine should not listen for commands.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False

# Catalog spider defaults (spider arguments override the seeds file).
CATALOG_SEEDS = str(PROJECT_ROOT / "seeds" / "catalogs.csv")
# Also start from every stored institution with a listed program in our tracks and discover its
# catalog (-a from_db=0 turns it off). Before the first IPEDS crawl there are none: a warning.
CATALOG_FROM_DB = True
CATALOG_PAGE_BUDGET = 150  # pages per college site (registered domain)
CATALOG_DEPTH_LIMIT = 6  # links from the start page
CATALOG_MAX_LISTING_PAGES = 30  # page=N beyond this is an endless list, not a catalog
# A page skipped on its sitemap lastmod is fetched anyway once its last fetch is this old.
CATALOG_RECHECK_DAYS = 28
