"""A reference walk of each family's URL conventions (as the issue states them), independent of
the markup: it finds every item URL a portal lists, the way a family spider would."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin

import httpx

HREF = re.compile(r"""href=["']([^"'#]+)["']""")


def _decode(r: httpx.Response) -> str:
    m = re.search(rb"charset=([\w-]+)", r.content[:2000])
    if "charset" in r.headers.get("content-type", ""):
        return r.text
    return r.content.decode(m.group(1).decode() if m else "utf-8", errors="replace")


def trs(client: httpx.Client, start: str) -> list[str]:
    first = _decode(client.get(start))
    m = re.search(r"createPageHTML\((\d+),", first) or re.search(r"var countPage = (\d+)", first)
    assert m, "no page count in the TRS list"
    n = int(m.group(1))
    urls: list[str] = []
    for i in range(n):
        url = start if i == 0 else urljoin(start, f"index_{i}.html")
        r = client.get(url)
        assert r.status_code == 200, url
        urls += [
            urljoin(url, h) for h in HREF.findall(_decode(r)) if re.search(r"/t\d{8}_\d+\.html$", h)
        ]
    assert client.get(urljoin(start, f"index_{n}.html")).status_code == 404
    return urls


def hanweb(client: httpx.Client, start: str) -> list[str]:
    page = _decode(client.get(start))
    inline = re.search(r"<datastore>(.*?)</datastore>", page, re.S)
    assert inline
    found = re.findall(r'href="(/art/[^"]+)"', inline.group(1))
    per = int(re.search(r"perPage\s*:\s*(\d+)", page).group(1))
    total = int(re.search(r"totalRecord\s*:\s*(\d+)", page).group(1))
    params = dict(
        re.findall(r"(\w+):'?([^,'}]*)'?", re.search(r"ajaxParam\s*:\s*\{(.*?)\}", page).group(1))
    )
    base = start.split("/col/")[0]
    urls = [base + h for h in found]
    start_record = len(found) + 1
    while start_record <= total:
        end = start_record + 3 * per - 1
        r = client.post(
            f"{base}/module/web/jpage/dataproxy.jsp",
            params={"startrecord": start_record, "endrecord": end, "perpage": per},
            data=params,
        )
        assert r.status_code == 200
        urls += [base + h for h in re.findall(r'href="(/art/[^"]+)"', r.text)]
        start_record = end + 1
    return urls


def anhui_public(client: httpx.Client, start: str) -> list[str]:
    page = _decode(client.get(start))
    m = re.search(r"\$\.get\((.+?), function", page)
    assert m, "no label call in the shell"
    # the JS builds the URL by concatenation: "…" + "pageIndex=" + pageIndex + "…"
    expr = re.sub(r'"\s*\+\s*pageIndex\s*\+\s*"', "{n}", m.group(1))
    template = re.sub(r'"\s*\+\s*"', "", expr).strip('"')
    base = start.split("/public/")[0]
    urls: list[str] = []
    n, pages = 1, 1
    while n <= pages:
        r = client.get(base + template.format(n=n))
        frag = _decode(r)
        pages = int(re.search(r"var pageCount = (\d+)", frag).group(1))
        urls += [urljoin(base, h) for h in HREF.findall(frag) if "javascript" not in h]
        n += 1
    return urls


def gkmlpt(client: httpx.Client, start: str) -> list[Any]:
    page = _decode(client.get(start))
    sid = re.search(r"var SID = '(\d+)'", page).group(1)
    cat = re.search(r"annualreport:\s*(\d+)", page).group(1)
    base = start.split("/gkmlpt/")[0]
    out: list[Any] = []
    n = 1
    while True:
        data = client.get(f"{base}/gkmlpt/api/all/{cat}", params={"page": n, "sid": sid}).json()
        if not data["articles"]:
            break
        out += [a["url"] for a in data["articles"]]
        n += 1
    return out


def generic(client: httpx.Client, start: str) -> list[str]:
    def follow(url: str, words: tuple[str, ...]) -> str:
        text = _decode(client.get(url))
        for href, label in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', text):
            if label.strip() in words:
                return urljoin(url, href)
        raise AssertionError(f"no link {words} on {url}")

    hub = follow(start, ("政府信息公开", "政务公开", "信息公开"))
    url: str | None = follow(
        hub, ("政府信息公开年报", "政府信息公开工作年度报告", "信息公开年报", "年报")
    )
    urls: list[str] = []
    seen = set()
    while url and url not in seen:
        seen.add(url)
        text = _decode(client.get(url))
        urls += [
            urljoin(url, h)
            for h in HREF.findall(text)
            if re.search(r"content[_/]\d+|/t\d{8}_\d+", h)
        ]
        nxt = re.search(r'<a href="([^"]+)">下一页</a>', text)
        url = urljoin(url, nxt.group(1)) if nxt else None
    return urls


WALKERS = {
    "trs": trs,
    "hanweb": hanweb,
    "anhui_public": anhui_public,
    "gkmlpt": gkmlpt,
    "generic": generic,
}
