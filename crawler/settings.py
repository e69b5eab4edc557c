"""Scrapy settings for the gongkai crawler: polite by default.

``fast_overrides()`` turns politeness off for tests and benchmarks against loopback servers;
``gongkai crawl --fast`` and ``GONGKAI_FAST=1`` apply it, and it refuses non-loopback portals.
"""

from __future__ import annotations

from scrapy.settings import default_settings as _scrapy_defaults

from crawler.suffixes import use_bundled_suffix_list
from gongkai.core.settings import crawl_defaults, env, user_agent

use_bundled_suffix_list()

BOT_NAME = "gongkai"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

USER_AGENT = user_agent()  # ASCII: anything else in the setting is sent percent-encoded

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
RETRY_ENABLED = False  # replaced by BackoffRetryMiddleware (GONGKAI_RETRY_*)
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
    # after robots.txt (100): a request it refuses is not sent, and costs no budget
    "crawler.middlewares.PageBudgetMiddleware": 110,
    "crawler.middlewares.BackoffRetryMiddleware": 550,
    # process_response runs from high to low numbers: archive after decompression (590)
    # and before the challenge check, so even a challenge page is archived.
    "crawler.middlewares.ArchiveMiddleware": 585,
    "crawler.middlewares.ChallengeMiddleware": 583,
    # before the archive on the way back: a 304 becomes the stored bytes (crawler.incremental)
    "crawler.incremental.conditional.ConditionalRequestMiddleware": 587,
}
SPIDER_MIDDLEWARES = {
    "crawler.incremental.known.KnownItemsMiddleware": 950,
}
ITEM_PIPELINES = {
    "crawler.incremental.known.SkipKnownPipeline": 450,
    "crawler.pipelines.ParseLoadPipeline": 500,
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
    # opens the run in the archive before the downloader and pipelines are built; records the
    # outcome when the spider closes
    "crawler.extensions.RunExtension": 100,
    "crawler.incremental.revisit.RevisitExtension": 500,
}

# -- gongkai's own settings: declared with their defaults and help in gongkai/core/settings.py
globals().update(crawl_defaults())

FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = env("GONGKAI_LOG_LEVEL")


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


if env("GONGKAI_FAST") == "1":
    globals().update(fast_overrides())
