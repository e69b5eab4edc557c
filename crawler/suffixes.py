"""Scrapy's cookie middleware splits domains with tldextract, which by default downloads the
Public Suffix List from the internet on first use. A crawler that fetches only the registry's
domains must not do that: use the snapshot that ships inside the tldextract package."""

from __future__ import annotations

from scrapy.downloadermiddlewares import cookies
from tldextract import TLDExtract


def use_bundled_suffix_list() -> None:
    cookies._split_domain = TLDExtract(suffix_list_urls=(), include_psl_private_domains=True)
