"""Each family's URL conventions answer as the issue specifies, and walking them finds exactly
the items the manifest says the portal lists."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from tests.world import walk


def _listed(manifest: dict[str, Any], pid: str) -> set[str]:
    reps = {r["entry_url"] for r in manifest["reports"] if r["portal"] == pid}
    others = {n["page_url"] for n in manifest["non_reports"] if n["portal"] == pid}
    hidden = {d["url"] for d in manifest["disallowed"] if d["portal"] == pid}
    broken = {b["url"] for b in manifest["broken"] if b["portal"] == pid}
    return reps | others | hidden | broken


@pytest.mark.parametrize("family", ["trs", "hanweb", "anhui_public", "gkmlpt", "generic"])
def test_walking_the_conventions_finds_every_listed_item(
    family: str, manifest: dict[str, Any], client: httpx.Client
) -> None:
    portals = [p for p in manifest["portals"] if p["family"] == family and p["challenge"] != "412"]
    assert len(portals) >= 2, "each family has several portals"
    for p in portals:
        start = p["start_urls"][0]
        found = set(walk.WALKERS[family](client, start))
        assert found == _listed(manifest, p["id"]), p["id"]
        assert sum(1 for r in manifest["reports"] if r["portal"] == p["id"]) >= 8


def test_trs_details_and_attachments_are_relative(
    manifest: dict[str, Any], client: httpx.Client
) -> None:
    trs = [r for r in manifest["reports"] if r["portal"] in {"haidian", "wuhou", "qiaokou"}]
    assert any(re.search(r"/\d{6}/t\d{8}_\d+\.html$", r["page_url"]) for r in trs)
    attached = [r for r in trs if r["document_url"] != r["page_url"]]
    assert attached, "some TRS reports are attachments"
    for r in attached:
        assert re.search(r"/[PW]0\d{8}\d+\.\w+$", r["document_url"])
        page = client.get(r["page_url"]).content
        name = r["document_url"].rsplit("/", 1)[1]
        assert f'href="./{name}"'.encode() in page


def test_hanweb_proxy_refuses_wrong_fields_and_serves_attachments_as_html(
    portals: dict[str, Any], manifest: dict[str, Any], client: httpx.Client
) -> None:
    base = portals["anji"]["base_url"]
    page = client.get(portals["anji"]["start_urls"][0]).text
    assert re.search(r'<script type="text/xml">\s*<datastore>\s*<nextgroup>', page)
    r = client.post(
        f"{base}/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=45&perpage=15",
        data={"columnid": "1", "unitid": "2", "webid": "3"},
    )
    assert r.status_code == 200
    assert "<record>" not in r.text
    assert "<totalrecord>0</totalrecord>" in r.text
    assert client.get(f"{base}/module/web/jpage/dataproxy.jsp").status_code == 405
    downloads = [r for r in manifest["reports"] if "downfile.jsp" in r["document_url"]]
    assert downloads
    for rep in downloads:
        res = client.get(rep["document_url"])
        assert res.headers["content-type"].startswith("text/html")
        assert not res.content.lstrip().startswith(b"<")  # binary behind the wrong type
    gbk_names = [
        client.get(r["document_url"]).headers.get("content-disposition") for r in downloads
    ]
    raw = [h for h in gbk_names if h]
    assert raw, "some downloads name the file in GBK sent as latin-1"
    decoded = raw[0].encode("latin-1").decode("gbk")
    assert "报告" in decoded or "年报" in decoded


def test_anhui_label_endpoint_pages(
    portals: dict[str, Any], client: httpx.Client, manifest: dict[str, Any]
) -> None:
    p = portals["jinzhai"]
    site_id = re.search(r"/public/column/(\d+)", p["start_urls"][0]).group(1)
    assert any(
        re.search(rf"/public/{site_id}/\d+\.html$", r["page_url"]) for r in manifest["reports"]
    )
    wrong = client.get(
        p["base_url"] + "/site/label/8888", params={"labelName": "publicInfoList", "siteId": "1"}
    )
    assert "publicInfoList" not in wrong.text
    assert "<li" not in wrong.text
    atts = [
        r["document_url"]
        for r in manifest["reports"]
        if r["portal"] in {"jinzhai", "yeji", "huoshan"} and r["document_url"] != r["page_url"]
    ]
    assert all(re.search(r"/group1/M00/|/download/\d+$", u) for u in atts)


def test_gkmlpt_needs_the_sid(portals: dict[str, Any], client: httpx.Client) -> None:
    p = portals["tianhe"]
    page = client.get(p["base_url"] + "/gkmlpt/index").text
    assert re.search(r"window\.TYPE = 'index';\s*var SID = '\d+'", page)
    cat = re.search(r"annualreport:\s*(\d+)", page).group(1)
    bad = client.get(
        p["base_url"] + f"/gkmlpt/api/all/{cat}", params={"page": 1, "sid": "0"}
    ).json()
    assert bad["articles"] == []
    sid = re.search(r"var SID = '(\d+)'", page).group(1)
    good = client.get(
        p["base_url"] + f"/gkmlpt/api/all/{cat}", params={"page": 1, "sid": sid}
    ).json()
    assert good["total"] > len(good["articles"]) > 0
    art = good["articles"][0]
    assert {"title", "url", "date", "display_publish_time", "attachment"} <= set(art)
    assert re.search(
        r"/(gkmlpt|zwgk_old)/content/\d+/\d+/post_\d+\.html$|/gkmlpt/post/\d+$", art["url"]
    )


def test_portals_are_dressed_differently(manifest: dict[str, Any], client: httpx.Client) -> None:
    classes = set()
    for p in manifest["portals"]:
        if p["challenge"]:
            continue
        home = client.get(p["base_url"] + "/").content.decode("utf-8", "replace")
        classes.add(tuple(re.findall(r'<div class="([\w-]+)"', home)[:4]))
    assert len(classes) >= 8


def test_gbk_portals_declare_gbk(manifest: dict[str, Any], client: httpx.Client) -> None:
    gbk = [p for p in manifest["portals"] if p["encoding"] == "gbk"]
    assert len(gbk) >= 2
    ways = set()
    for p in gbk:
        r = client.get(p["start_urls"][0])
        header = "gbk" in r.headers["content-type"].lower()
        meta = b"charset=gb2312" in r.content[:1500]
        assert header or meta
        ways.add((header, meta))
        r.content.decode("gbk")  # really GBK bytes
    assert len(ways) >= 2, "some declare it in the header, some only in a meta tag"
