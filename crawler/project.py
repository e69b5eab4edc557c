"""The Scrapy project as code: the spider of each CMS family and the settings of one run."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gongkai.core.settings import Settings

if TYPE_CHECKING:
    import scrapy.settings

    from crawler.spiders.base import PortalSpider

SPIDERS = {
    "trs": "crawler.spiders.trs.TrsSpider",
    "hanweb": "crawler.spiders.hanweb.HanwebSpider",
    "anhui_public": "crawler.spiders.anhui_public.AnhuiPublicSpider",
    "gkmlpt": "crawler.spiders.gkmlpt.GkmlptSpider",
    "generic": "crawler.spiders.generic.GenericSpider",
}


def spider_class(family: str) -> type[PortalSpider]:
    """The spider class of a CMS family (imported on first use)."""
    from scrapy.utils.misc import load_object

    cls: type[PortalSpider] = load_object(SPIDERS[family])
    return cls


def scrapy_settings(
    settings: Settings,
    *,
    run_id: int | None,
    fast: bool,
    log_level: str = "WARNING",
    extra: dict[str, Any] | None = None,
) -> scrapy.settings.Settings:
    """``crawler.settings`` with the archive's location, the run, the log level, politeness off
    for loopback portals (``fast``) and ``extra`` settings on top."""
    from scrapy.settings import Settings as ScrapySettings

    from crawler.settings import fast_overrides

    s = ScrapySettings()
    s.setmodule("crawler.settings", priority="project")
    s.set("GONGKAI_DATA_DIR", str(settings.data_dir), priority="cmdline")
    s.set("GONGKAI_DB", settings.db_url, priority="cmdline")
    if run_id is not None:
        s.set("GONGKAI_RUN_ID", run_id, priority="cmdline")
    s.set("LOG_LEVEL", log_level, priority="cmdline")
    if fast:
        s.update(fast_overrides(), priority="cmdline")
    if extra:
        s.update(extra, priority="cmdline")
    return s
