"""Scrapy settings for the gongkai crawler: polite by default.

``fast_overrides()`` turns politeness off for tests and benchmarks against loopback servers;
``gongkai crawl --fast`` and ``GONGKAI_FAST=1`` apply it, and it refuses non-loopback portals.
"""

from __future__ import annotations

import os

from scrapy.settings import default_settings as _scrapy_defaults

from crawler.suffixes import use_bundled_suffix_list

use_bundled_suffix_list()

BOT_NAME = "gongkai"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

USER_AGENT = os.environ.get(
    "GONGKAI_USER_AGENT",
    "gongkai-archiver/0.1 (+archive of 政府信息公开工作年度报告; contact: see project README)",
)

# -- politeness ---------------------------------------------------------------------------
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
DOWNLOAD_DELAY_JITTER = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_MAXSIZE = 64 * 1024 * 1024  # reports are rarely above a few MB
DOWNLOAD_WARNSIZE = 16 * 1024 * 1024
# Short enough that an offline run ends in well under a minute.
DOWNLOAD_TIMEOUT = 20
DNS_TIMEOUT = 10
RETRY_ENABLED = False  # replaced by the backoff retry below
GONGKAI_RETRY_TIMES = 2
GONGKAI_RETRY_BACKOFF = 2.0  # seconds before the first retry; doubles each time
GONGKAI_RETRY_HTTP_CODES = [500, 502, 503, 504, 408, 429]
COOKIES_ENABLED = True
# Scrapy starts this many tasks for the output of every response, however few items it has;
# a page yields one document and a few requests, and 100 tasks a page cost the reactor ~15 %.
CONCURRENT_ITEMS = 16
# A lint for spider authors that re-reads and parses a callback's source whenever its cache
# entry (weakly keyed on a bound method) has gone: ~7 % of the reactor in a crawl.
WARN_ON_GENERATOR_RETURN_VALUE = False
REDIRECT_MAX_TIMES = 5

DOWNLOADER_MIDDLEWARES = {
    # Scrapy's own offsite guard knows no ports; ours is keyed on the portal's allowed_domains.
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "crawler.middlewares.PortalOffsiteMiddleware": 50,
    "crawler.middlewares.BackoffRetryMiddleware": 550,
    # process_response runs from high to low numbers: archive after decompression (590)
    # and before the challenge check, so even a challenge page is archived.
    "crawler.middlewares.ArchiveMiddleware": 585,
    "crawler.middlewares.ChallengeMiddleware": 583,
    # before the archive on the way back: a 304 becomes the stored bytes (crawler/incremental.py)
    "crawler.incremental.ConditionalRequestMiddleware": 587,
}
SPIDER_MIDDLEWARES = {
    "crawler.incremental.KnownItemsMiddleware": 950,
}
ITEM_PIPELINES = {
    "crawler.incremental.SkipKnownPipeline": 450,
    "pipelines.load.ParseLoadPipeline": 500,
}
# Scrapy's remote control is an HTTP server that runs code, one per crawler (so one per
# portal): not for an archiver. Dropped from the base list rather than set to None, because
# naming it anywhere makes Scrapy import it (and aiohttp: a third of a second per process).
EXTENSIONS_BASE = {
    name: order
    for name, order in _scrapy_defaults.EXTENSIONS_BASE.items()
    if not name.endswith(".RemoteControl")
}
REMOTE_CONTROL_ENABLED = False
EXTENSIONS = {
    "scrapy.extensions.telnet.TelnetConsole": None,
    "crawler.incremental.RevisitExtension": 500,
}

# -- the archive ----------------------------------------------------------------------------
GONGKAI_DATA_DIR = None  # default: gongkai.settings.resolve()
GONGKAI_DB = None
GONGKAI_RUN_ID = None  # set by `gongkai crawl`; a standalone `scrapy crawl` starts its own run
GONGKAI_WARC = True
GONGKAI_PARSE = True  # parse and load report documents while crawling
GONGKAI_PARSE_WORKERS = 1  # worker processes for parsing; 0 parses in a thread
GONGKAI_OFFICE_WARM = True  # the DOC/WPS worker starts LibreOffice when the crawl opens
GONGKAI_MAX_HUB_HOPS = 3  # how far discovery walks from a start page to the report column
GONGKAI_CATALOGUE_HOPS = 2  # how much further the disclosure catalogue's own steps are followed
GONGKAI_MAX_LIST_PAGES = 200
GONGKAI_INCREMENTAL = True  # conditional requests and known-item shortcuts (off: --refetch)
GONGKAI_DEEP = False  # conditional requests but a full walk (nightly --deep)
GONGKAI_REVISIT_MAX = 200  # known documents the walk missed, asked for once per run

FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = os.environ.get("GONGKAI_LOG_LEVEL", "INFO")


def fast_overrides() -> dict[str, object]:
    """Politeness off, for loopback test servers and benchmarks only."""
    return {
        "ROBOTSTXT_OBEY": True,  # robots.txt still obeyed: the test world has a disallowed section
        "AUTOTHROTTLE_ENABLED": False,
        "DOWNLOAD_DELAY": 0,
        "DOWNLOAD_DELAY_JITTER": 0,
        "CONCURRENT_REQUESTS": 32,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
        "GONGKAI_RETRY_BACKOFF": 0.1,
        "DOWNLOAD_TIMEOUT": 10,
        "GONGKAI_PARSE_WORKERS": 2,
        "GONGKAI_FAST": True,
    }


if os.environ.get("GONGKAI_FAST") == "1":
    globals().update(fast_overrides())
