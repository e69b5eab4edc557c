"""The portal registry: which portals to crawl, with which CMS family spider.

Portals are data, families are code. ``crawler/portals.toml`` holds one ``[[portal]]`` table
per portal; :func:`load_registry` validates every entry into a frozen :class:`Portal` and
fails early with the file, the entry's index and the offending key.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from crawler.exceptions import RegistryError

FAMILIES = ("trs", "hanweb", "anhui_public", "gkmlpt", "generic")
DEFAULT_REGISTRY = Path(__file__).resolve().parent / "portals.toml"
USER_REGISTRY = "portals.toml"  # the user's own registry, in the data directory ($GONGKAI_HOME)

_REQUIRED = ("id", "agency", "region_code", "family", "start_urls")
_OPTIONAL = ("allowed_domains", "notes")


@dataclass(frozen=True, slots=True)
class Portal:
    """One government portal. ``allowed_domains`` are ``host`` or ``host:port`` entries."""

    id: str
    agency: str
    region_code: str
    family: str
    start_urls: tuple[str, ...]
    allowed_domains: tuple[str, ...]
    notes: str = ""

    def allows(self, url: str) -> bool:
        """Whether ``url`` is inside this portal (host, subdomain, or exact host:port)."""
        # Asked for every request and link: decided once per (domains, scheme and authority).
        scheme, sep, rest = url.partition("://")
        if not sep:
            return _allows(self.allowed_domains, url)
        authority = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
        return _allows(self.allowed_domains, f"{scheme}://{authority}")


@lru_cache(maxsize=4096)
def _allows(allowed_domains: tuple[str, ...], url: str) -> bool:
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:  # a malformed port: nothing of the portal's
        return False
    host = (parts.hostname or "").lower()
    if not host:
        return False
    netloc = f"{host}:{port}" if port else host
    for entry in allowed_domains:
        if ":" in entry:
            if netloc == entry:
                return True
        elif host == entry or host.endswith("." + entry):
            return True
    return False


def _host_of(url: str) -> str:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return f"{host}:{parts.port}" if parts.port else host


def _str(entry: dict[str, Any], key: str, path: Path | str, index: int) -> str:
    value = entry[key]
    if not isinstance(value, str) or not value.strip():
        raise RegistryError(
            path, f"must be a non-empty string, got {value!r}", index=index, key=key
        )
    return value.strip()


def _url_list(entry: dict[str, Any], key: str, path: Path | str, index: int) -> tuple[str, ...]:
    value = entry[key]
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        raise RegistryError(path, "must be a non-empty list of strings", index=index, key=key)
    out = []
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise RegistryError(path, f"must hold strings, got {item!r}", index=index, key=key)
        out.append(item.strip())
    return tuple(out)


def parse_entry(entry: Any, *, path: Path | str = "<registry>", index: int = 0) -> Portal:
    """Validate one ``[[portal]]`` table into a :class:`Portal`."""
    if not isinstance(entry, dict):
        raise RegistryError(path, "each [[portal]] entry must be a table", index=index)
    for key in _REQUIRED:
        if key not in entry:
            raise RegistryError(path, "missing required key", index=index, key=key)
    unknown = sorted(set(entry) - set(_REQUIRED) - set(_OPTIONAL))
    if unknown:
        raise RegistryError(
            path,
            f"unknown key (allowed: {', '.join(_REQUIRED + _OPTIONAL)})",
            index=index,
            key=unknown[0],
        )
    portal_id = _str(entry, "id", path, index)
    if not all(c.isascii() and (c.isalnum() or c in "-_") for c in portal_id):
        raise RegistryError(
            path, f"must be a slug of [A-Za-z0-9_-], got {portal_id!r}", index=index, key="id"
        )
    family = _str(entry, "family", path, index)
    if family not in FAMILIES:
        raise RegistryError(
            path,
            f"unknown family {family!r}; one of {', '.join(FAMILIES)}",
            index=index,
            key="family",
        )
    region = _str(entry, "region_code", path, index)
    if not (region.isdigit() and len(region) == 6):
        raise RegistryError(
            path,
            f"must be a 6-digit administrative code, got {region!r}",
            index=index,
            key="region_code",
        )
    start_urls = _url_list(entry, "start_urls", path, index)
    for url in start_urls:
        if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
            raise RegistryError(path, f"not an http(s) URL: {url!r}", index=index, key="start_urls")
    if "allowed_domains" in entry:
        allowed = tuple(d.lower() for d in _url_list(entry, "allowed_domains", path, index))
        for d in allowed:
            if "/" in d:
                raise RegistryError(
                    path, f"a domain, not a URL: {d!r}", index=index, key="allowed_domains"
                )
    else:
        allowed = tuple(dict.fromkeys(_host_of(u) for u in start_urls))
    notes = entry.get("notes", "")
    if not isinstance(notes, str):
        raise RegistryError(path, "must be a string", index=index, key="notes")
    return Portal(
        id=portal_id,
        agency=_str(entry, "agency", path, index),
        region_code=region,
        family=family,
        start_urls=start_urls,
        allowed_domains=allowed,
        notes=notes,
    )


def parse_registry(data: dict[str, Any], *, path: Path | str = "<registry>") -> list[Portal]:
    """Validate a decoded registry document (``{"portal": [...]}``)."""
    unknown = sorted(set(data) - {"portal"})
    if unknown:
        raise RegistryError(
            path, f"unknown top-level key {unknown[0]!r}; portals go in [[portal]] tables"
        )
    entries = data.get("portal")
    if not isinstance(entries, list) or not entries:
        raise RegistryError(path, "no [[portal]] entries")
    portals = [parse_entry(e, path=path, index=i) for i, e in enumerate(entries)]
    seen: dict[str, int] = {}
    for i, p in enumerate(portals):
        if p.id in seen:
            raise RegistryError(
                path, f"duplicate id {p.id!r} (first at entry {seen[p.id]})", index=i, key="id"
            )
        seen[p.id] = i
    return portals


def load_registry(path: Path | str | None = None) -> list[Portal]:
    """Read and validate a registry file (default: the shipped ``crawler/portals.toml``)."""
    path = Path(path) if path else DEFAULT_REGISTRY
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RegistryError(path, f"cannot read the registry: {exc.strerror}") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(path, f"not valid TOML: {exc}") from exc
    return parse_registry(data, path=path)


def registry_in_use(explicit: Path | None, data_dir: Path) -> Path | None:
    """The registry a command reads: ``--registry``, else the user's own
    (``<data dir>/portals.toml``, where ``gongkai portals probe --write`` adds entries) when it
    exists, else None: the shipped one."""
    if explicit is not None:
        return explicit
    user = data_dir / USER_REGISTRY
    return user if user.exists() else None


def select(portals: Iterable[Portal], ids: Iterable[str]) -> list[Portal]:
    """The portals named by ``ids`` (all when empty); unknown ids raise KeyError."""
    portals = list(portals)
    wanted = list(ids)
    if not wanted:
        return portals
    by_id = {p.id: p for p in portals}
    missing = [i for i in wanted if i not in by_id]
    if missing:
        raise KeyError(f"unknown portal id(s): {', '.join(missing)}; see `gongkai portals`")
    return [by_id[i] for i in wanted]


def find_portal(portal_id: str, path: Path | str | None = None) -> Portal:
    return select(load_registry(path), [portal_id])[0]


def portal_toml(p: Portal) -> str:
    """One ``[[portal]]`` table for ``p``: a registry file of its own, which ``load_registry``
    reads back into an equal ``Portal`` (how a distributed run hands a spider its portal)."""
    lines = [
        "[[portal]]",
        f"id = {_toml_str(p.id)}",
        f"agency = {_toml_str(p.agency)}",
        f"region_code = {_toml_str(p.region_code)}",
        f"family = {_toml_str(p.family)}",
        "start_urls = [" + ", ".join(_toml_str(u) for u in p.start_urls) + "]",
        "allowed_domains = [" + ", ".join(_toml_str(d) for d in p.allowed_domains) + "]",
    ]
    if p.notes:
        lines.append(f"notes = {_toml_str(p.notes)}")
    return "\n".join(lines) + "\n"


def _toml_str(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)  # a JSON string is a TOML basic string
