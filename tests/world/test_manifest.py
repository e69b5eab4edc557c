"""The manifest tells the truth about what the world serves."""

from __future__ import annotations

import hashlib
import html
import re
import time
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urljoin
from urllib.robotparser import RobotFileParser

import httpx
import pytest

from gongkai import demo
from gongkai.core.report import check_identities, validate
from tests.world.conftest import SLOW, pass_jsl

FORMS = {
    "html": "text/html",
    "html-gbk": "text/html",
    "docx": "application/vnd.openxmlformats",
    "pdf": "application/pdf",
    "doc": "application/msword",
    "wps": "application/vnd.ms-works",
}
MAGIC = {
    "docx": b"PK\x03\x04",
    "pdf": b"%PDF",
    "doc": b"\xd0\xcf\x11\xe0",
    "wps": b"\xd0\xcf\x11\xe0",
}


def test_world_is_big_and_varied(manifest: dict[str, Any]) -> None:
    assert len(manifest["portals"]) >= 12
    assert {p["family"] for p in manifest["portals"]} == {
        "trs",
        "hanweb",
        "anhui_public",
        "gkmlpt",
        "generic",
    }
    reports = manifest["reports"]
    assert {r["form"] for r in reports} >= {"html", "html-gbk", "docx", "pdf", "doc", "wps"}
    assert {r["agency_kind"] for r in reports} == {"government", "department", "township"}
    years = {r["year"] for r in reports}
    assert min(years) <= 2021
    assert max(years) == 2024
    for pid in {r["portal"] for r in reports}:
        assert len({r["agency"] for r in reports if r["portal"] == pid}) >= 3
    titles = [n["title"] for n in manifest["non_reports"]]
    assert any("年度报告" in t or "年报" in t for t in titles), "look-alike titles"
    assert manifest["disallowed"]
    assert manifest["broken"]
    assert manifest["slow"]
    assert manifest["redirects"]


def test_every_report_answers_with_its_bytes(
    manifest: dict[str, Any], client: httpx.Client
) -> None:
    for r in manifest["reports"]:
        page = client.get(r["page_url"])
        assert page.status_code == 200, r["page_url"]
        doc = page if r["document_url"] == r["page_url"] else client.get(r["document_url"])
        assert doc.status_code == 200, r["document_url"]
        assert doc.headers["content-type"] == r["content_type"]
        if "downfile.jsp" not in r["document_url"]:
            assert doc.headers["content-type"].startswith(FORMS[r["form"]])
        assert hashlib.sha256(doc.content).hexdigest() == r["sha256"]
        assert len(doc.content) == r["size"]
        if r["form"] in MAGIC:
            assert doc.content.startswith(MAGIC[r["form"]])
        if r["form"] == "html-gbk":
            assert "政府信息公开" in doc.content.decode("gbk")
        truth = validate(r["truth"])
        assert truth["agency"] == r["agency"]
        assert truth["year"] == r["year"]
        assert sorted({f.rule for f in check_identities(truth)}) == r["broken_identities"]


def test_inline_reports_carry_their_tables_in_the_chrome(
    manifest: dict[str, Any], client: httpx.Client
) -> None:
    inline = [r for r in manifest["reports"] if r["form"] == "html"]
    for r in inline:
        text = client.get(r["page_url"]).text
        assert "<table" in text
        plain = re.sub(r"\s|&nbsp;", "", re.sub(r"<[^>]+>", "", text))
        assert "本年新收政府信息公开申请数量" in plain
        assert "网站标识码" in text  # the footer
        licensing = r["truth"]["proactive"]["licensing"]["decisions"]
        assert licensing is None or str(licensing) in plain.replace(",", "")


def test_non_reports_and_broken_links(manifest: dict[str, Any], client: httpx.Client) -> None:
    attached = [n for n in manifest["non_reports"] if n["document_url"] != n["page_url"]]
    assert attached, "some look-alikes are Word attachments"
    for n in attached:
        assert client.get(n["document_url"]).content.startswith(b"PK\x03\x04")
    for n in manifest["non_reports"]:
        r = client.get(n["page_url"])
        assert r.status_code == 200
        assert "<table" not in r.text
    for b in manifest["broken"]:
        assert client.get(b["url"]).status_code == 404


def test_robots_disallows_the_hidden_reports(
    manifest: dict[str, Any], portals: dict[str, Any], client: httpx.Client
) -> None:
    for d in manifest["disallowed"]:
        base = portals[d["portal"]]["base_url"]
        rp = RobotFileParser()
        rp.parse(client.get(base + "/robots.txt").text.splitlines())
        assert not rp.can_fetch("gongkai", d["url"])
        assert rp.can_fetch("gongkai", portals[d["portal"]]["start_urls"][0])
        assert d["uid"] not in {r["id"] for r in manifest["reports"]}


def test_redirect_chain(manifest: dict[str, Any], client: httpx.Client) -> None:
    for red in manifest["redirects"]:
        first = client.get(red["from"])
        assert first.status_code == 301
        second = client.get(httpx.URL(red["from"]).join(first.headers["location"]))
        assert second.status_code == 302
        final = httpx.URL(red["from"]).join(second.headers["location"])
        assert str(final) == red["to"]
        assert client.get(final).status_code == 200


def test_slow_endpoints_are_slow(manifest: dict[str, Any], client: httpx.Client) -> None:
    url = next(
        s["url"] for s in manifest["slow"] if " " not in s["url"] and "dataproxy" not in s["url"]
    )
    t = time.monotonic()
    assert client.get(url).status_code == 200
    assert time.monotonic() - t >= SLOW


def test_challenges(portals: dict[str, Any], raw_client: httpx.Client) -> None:
    client = raw_client
    rs = client.get(portals["kunshan"]["start_urls"][0])
    assert rs.status_code == 412
    assert "$_ts" in rs.text
    assert client.get(portals["kunshan"]["base_url"] + "/robots.txt").status_code == 412
    assert portals["kunshan"]["expected"] == {"outcome": "blocked", "status": 412, "reports": 0}
    jsl = client.get(portals["changsha"]["start_urls"][0])
    assert jsl.status_code == 521
    assert "__jsluid_h" in jsl.headers["set-cookie"]
    assert "jsl_clearance=" in jsl.text
    assert portals["changsha"]["expected"]["outcome"] == "blocked"
    assert portals["changsha"]["expected"]["reports_behind_challenge"] > 0
    client.cookies.set("__jsl_clearance", "wrong")
    assert client.get(portals["changsha"]["start_urls"][0]).status_code == 521
    client.cookies.clear()
    pass_jsl(client, portals["changsha"]["start_urls"][0])
    assert client.get(portals["changsha"]["start_urls"][0]).status_code == 200


def test_registry_and_control_endpoint(
    world: demo.World, manifest: dict[str, Any], client: httpx.Client
) -> None:
    reg = tomllib.loads(world.registry_toml())["portal"]
    assert [p["id"] for p in reg] == [p["id"] for p in manifest["portals"]]
    for entry, p in zip(reg, manifest["portals"], strict=True):
        assert set(entry) == {
            "id",
            "agency",
            "region_code",
            "family",
            "start_urls",
            "allowed_domains",
        }
        assert entry["start_urls"] == p["start_urls"]
        assert httpx.URL(entry["start_urls"][0]).host in entry["allowed_domains"]
    before = world.traffic()["portals"].get("jinzhai", {"requests": 0, "bytes": 0})
    r = client.get(manifest["portals"][0]["start_urls"][0])
    after = world.traffic()["portals"]["jinzhai"]
    assert after["requests"] == before["requests"] + 1
    assert after["bytes"] == before["bytes"] + len(r.content)
    served = client.get(world.manifest_url).json()
    assert served["reports"] == manifest["reports"]
    assert served["traffic"]["portals"]["jinzhai"]["requests"] >= after["requests"]
    assert tomllib.loads(client.get(world.control_url + "/registry.toml").text)["portal"] == reg


def test_attachment_links_on_detail_pages_resolve(
    manifest: dict[str, Any], client: httpx.Client
) -> None:
    attached = [r for r in manifest["reports"] if r["document_url"] != r["page_url"]]
    assert len(attached) >= 10
    for r in attached:
        page = client.get(r["page_url"])
        hrefs = re.findall(
            r'href="([^"]+)"',
            page.content.decode(
                "gbk" if "gbk" in page.headers["content-type"].lower() else "utf-8", "replace"
            ),
        )
        targets = {urljoin(r["page_url"], html.unescape(h)) for h in hrefs}
        assert r["document_url"] in targets, r["page_url"]


def test_registry_loads_in_the_crawler(world: demo.World, tmp_path: Path) -> None:
    registry = pytest.importorskip("crawler.registry")
    portals = registry.load_registry(world.write_registry(tmp_path / "portals.toml"))
    assert [p.id for p in portals] == [p["id"] for p in world.manifest["portals"]]
