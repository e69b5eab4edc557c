"""The portal registry: validation errors name the file, the entry and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.exceptions import RegistryError
from crawler.registry import DEFAULT_REGISTRY, FAMILIES, load_registry, select

GOOD = """
[[portal]]
id = "a"
agency = "甲县人民政府"
region_code = "341524"
family = "trs"
start_urls = ["http://127.0.0.1:8001/"]

[[portal]]
id = "b"
agency = "乙县人民政府"
region_code = "341504"
family = "generic"
start_urls = ["https://www.b.gov.cn/"]
allowed_domains = ["b.gov.cn", "files.example.org:8443"]
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "portals.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_good_registry_loads_frozen_portals(tmp_path: Path) -> None:
    a, b = load_registry(_write(tmp_path, GOOD))
    assert a.allowed_domains == ("127.0.0.1:8001",)  # default: host:port of the start URL
    assert b.allowed_domains == ("b.gov.cn", "files.example.org:8443")
    with pytest.raises(AttributeError):
        a.id = "c"  # type: ignore[misc]


def test_allows_is_keyed_on_host_and_port(tmp_path: Path) -> None:
    a, b = load_registry(_write(tmp_path, GOOD))
    assert a.allows("http://127.0.0.1:8001/x.html")
    assert not a.allows("http://127.0.0.1:8002/x.html")
    assert b.allows("https://www.b.gov.cn/a")
    assert b.allows("http://b.gov.cn/")
    assert not b.allows("https://notb.gov.cn/")
    assert not b.allows("https://files.example.org/x")
    assert b.allows("https://files.example.org:8443/x")


@pytest.mark.parametrize(
    ("mutation", "index", "key"),
    [
        (lambda t: t.replace('family = "trs"', 'family = "wordpress"'), 0, "family"),
        (lambda t: t.replace('id = "b"', 'id = "a"'), 1, "id"),
        (lambda t: t.replace('region_code = "341504"', 'region_code = "3415"'), 1, "region_code"),
        (
            lambda t: t.replace('start_urls = ["https://www.b.gov.cn/"]', "start_urls = []"),
            1,
            "start_urls",
        ),
        (
            lambda t: t.replace(
                'start_urls = ["https://www.b.gov.cn/"]', 'start_urls = ["ftp://x/"]'
            ),
            1,
            "start_urls",
        ),
        (lambda t: t.replace('agency = "甲县人民政府"\n', ""), 0, "agency"),
        (lambda t: t.replace('id = "b"', 'id = "b"\nfamly = "trs"'), 1, "famly"),
        (lambda t: t.replace('id = "a"', 'id = "a b"'), 0, "id"),
    ],
)
def test_errors_name_file_entry_and_key(tmp_path: Path, mutation, index: int, key: str) -> None:
    path = _write(tmp_path, mutation(GOOD))
    with pytest.raises(RegistryError) as info:
        load_registry(path)
    assert (info.value.index, info.value.key) == (index, key)
    assert str(path) in str(info.value)
    assert f"entry {index}" in str(info.value)


def test_broken_toml_and_empty_registry(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match="not valid TOML"):
        load_registry(_write(tmp_path, "[[portal]\nid="))
    with pytest.raises(RegistryError, match=r"no \[\[portal\]\]"):
        load_registry(_write(tmp_path, "# nothing\n"))
    with pytest.raises(RegistryError, match="cannot read"):
        load_registry(tmp_path / "missing.toml")


def test_select_unknown_id(tmp_path: Path) -> None:
    portals = load_registry(_write(tmp_path, GOOD))
    assert [p.id for p in select(portals, ["b"])] == ["b"]
    with pytest.raises(KeyError, match="zz"):
        select(portals, ["zz"])


def test_shipped_registry_has_the_five_seed_portals() -> None:
    portals = {p.region_code: p for p in load_registry()}
    assert set(portals) == {"341524", "341504", "420104", "370303", "211421"}
    assert portals["341524"].family == portals["341504"].family == "anhui_public"
    assert all(p.family in FAMILIES for p in portals.values())
    assert "NOT VERIFIED" in DEFAULT_REGISTRY.read_text(encoding="utf-8")
