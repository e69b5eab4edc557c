"""Which redirects off a portal's registered hosts are followed.

- A permanent redirect (301/308) to the same path on another host is a move of the site (for
  ``IP:port`` hosts too), and so is one of a start URL to anywhere on another host: followed,
  and recorded as the outcome ``moved`` with the registry change it asks for.
- A redirect to a host under the same registrable domain (``szx.gov.cn`` →
  ``www.szx.gov.cn``, ``www.x.gov.cn`` → ``zwgk.x.gov.cn``) is the same site: followed.
- Any other redirect to another host is not followed, and is recorded.

A move is followed only to a government host (``*.gov.cn``) or a bare IP address: mirror and
spam domains clone government pages (PORTALS.md), and a portal's old address may be taken over
by one.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from tldextract import TLDExtract

_extract = TLDExtract(suffix_list_urls=(), include_psl_private_domains=False)
PERMANENT = frozenset({301, 308})


def origin(url: str) -> str:
    """``scheme://host[:port]`` of ``url``."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.lower()}"


def netloc(url: str) -> str:
    """``host`` or ``host:port`` as registry entries name it."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return f"{host}:{parts.port}" if parts.port else host


def registrable(host: str) -> str:
    """The registrable domain of a host name (``www.szx.gov.cn`` → ``szx.gov.cn``); an IP
    address is its own."""
    if is_ip(host):
        return host
    return _extract(host).top_domain_under_public_suffix or host


def is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def is_government_host(host: str) -> bool:
    return is_ip(host) or host == "gov.cn" or host.endswith(".gov.cn")


def classify(source: str, target: str, status: int | str | None, *, from_start: bool) -> str:
    """``moved``, ``same_site`` or ``offsite``: what a redirect from ``source`` (a URL inside
    the portal) to ``target`` (a URL outside it) is."""
    src, dst = urlsplit(source), urlsplit(target)
    src_host, dst_host = (src.hostname or "").lower(), (dst.hostname or "").lower()
    if src_host and src_host == dst_host and src.port != dst.port:
        same_site = False  # another port of one address is another server
    else:
        same_site = not is_ip(dst_host) and registrable(src_host) == registrable(dst_host)
    if same_site:
        return "same_site"
    permanent = isinstance(status, int) and status in PERMANENT
    same_path = (src.path or "/", src.query) == (dst.path or "/", dst.query)
    if permanent and (same_path or from_start) and is_government_host(dst_host):
        return "moved"
    return "offsite"
