"""Ordinary sites: home → 政府信息公开 hub → a 年报 column with numbered pages, 下一页 and 尾页."""

from __future__ import annotations

import posixpath

from gongkai.demo import chrome, pages
from gongkai.demo.chrome import esc
from gongkai.demo.model import Doc
from gongkai.demo.pages import Ctx

_HUBS = [
    ("政府信息公开", "/zwgk/"),
    ("政务公开", "/zwgk/index.html"),
    ("信息公开", "/xxgk/"),
    ("政务公开", "/zfxxgk/"),
]
_COLS = [
    ("政府信息公开年报", "/zwgk/gknb/"),
    ("政府信息公开工作年度报告", "/xxgk/ndbg/"),
    ("信息公开年报", "/zfxxgk/xxgknb/"),
    ("年报", "/zwgk/nb/"),
]


def _list_name(style: int, n: int) -> str:
    """The path of list page ``n`` (1-based) relative to the column directory."""
    if n == 1:
        return ("list.html", "index.html", "index.shtml")[style]
    return (f"list_{n}.html", f"index.html?page={n}", f"index_{n}.shtml")[style]


def _relative(path: str, col: str, theme: int) -> str:
    """List links relative to the column on some portals, root-relative on others."""
    if theme % 2 == 0 and path.startswith(col):
        return "./" + path[len(col) :]
    return path


def build(ctx: Ctx, docs: list[Doc]) -> None:
    spec = ctx.spec
    t = chrome.theme_for(spec)
    hub_label, hub = _HUBS[spec.theme % len(_HUBS)]
    col_label, col = _COLS[spec.theme % len(_COLS)]
    style = spec.theme % 3
    chained, hidden = pages.plant_awkward(ctx, docs)
    hidden_dir = "/nbxx/"
    pages.robots(ctx, [hidden_dir, "/search/", "/admin/"] if hidden else ["/search/", "/admin/"])
    pages.home(ctx, hub, hub_label)
    pages.hub_page(
        ctx,
        hub,
        [
            ("政府信息公开指南", "/zwgk/zn/"),
            ("政府信息公开制度", "/zwgk/zd/"),
            ("法定主动公开内容", "/zwgk/fdzdgk/"),
            ("政府文件", "/zwgk/zfwj/"),
            (col_label, col + _list_name(style, 1)),
        ],
    )
    crumbs = [(hub_label, hub), (col_label, col + _list_name(style, 1))]
    entries: list[tuple[Doc, str]] = []
    for doc in pages.listed(ctx, docs):
        drng = ctx.doc_rng(doc)
        num = 100_000 + drng.randrange(900_000)
        p = doc.published
        base = hidden_dir if doc.uid == hidden else col
        page_path = (
            f"{base}{p:%Y-%m}/{p:%d}/content_{num}.html",
            f"{base}{p:%Y%m}/t{p:%Y%m%d}_{num}.html",
            f"{base}content/{num}.shtml",
        )[style]
        if doc.kind == "broken":
            ctx.broken.append(ctx.url(page_path))
            entries.append((doc, page_path))
            continue
        attach = None
        if doc.attachment is not None:
            attach = f"/uploadfiles/{p:%Y}/{p:%m}/{p:%Y%m%d}{drng.randrange(10**8):08d}.{pages.attachment_ext(doc)}"
            pages.put_attachment(ctx, attach, doc)
        href = attach
        if attach and spec.theme % 2:
            # some CMSs write attachment links relative to the detail page's directory
            href = posixpath.relpath(attach, posixpath.dirname(page_path))
        pages.detail(ctx, page_path, doc, hub=hub, crumbs=crumbs, attach_href=href)
        document_path = attach or page_path
        if doc.uid == hidden:
            ctx.disallowed.append(
                {
                    "url": ctx.url(page_path),
                    "document_url": ctx.url(document_path),
                    "uid": doc.uid,
                    "rule": hidden_dir,
                }
            )
            entries.append((doc, page_path))
            continue
        entry = None
        if doc.uid in chained:
            entry = f"/old{page_path}"
            pages.redirect_chain(ctx, entry, page_path)
        pages.place(ctx, doc, page_path, document_path, entry)
        entries.append((doc, entry or _relative(page_path, col, spec.theme)))
    per_page = 5 + spec.theme % 4
    chunks = [entries[i : i + per_page] for i in range(0, len(entries), per_page)] or [[]]
    n = len(chunks)
    for i, chunk in enumerate(chunks, start=1):
        rows = "".join(
            f'<li><span class="date">{chrome.fmt_date(d.published, t.date_style)}</span>'
            f'<a href="{esc(href)}" target="_blank">{esc(d.title)}</a></li>'
            for d, href in chunk
        )
        nums = " ".join(
            f'<span class="cur">{k}</span>'
            if k == i
            else f'<a href="{col}{_list_name(style, k)}">{k}</a>'
            for k in range(1, n + 1)
        )
        nav = [f'<a href="{col}{_list_name(style, 1)}">首页</a>']
        if i > 1:
            nav.append(f'<a href="{col}{_list_name(style, i - 1)}">上一页</a>')
        nav.append(nums)
        if i < n:
            nav.append(f'<a href="{col}{_list_name(style, i + 1)}">下一页</a>')
        nav.append(f'<a href="{col}{_list_name(style, n)}">尾页</a>')
        pager = f'<div class="pagination">共{len(entries)}条 第{i}/{n}页 {" ".join(nav)}</div>'
        body = f'<div class="{t.list}-hd">{esc(col_label)}</div><ul class="{t.list}">{rows}</ul>{pager}'
        slow = 2.0 if spec.slow and i == 2 else 0.0
        path = col + _list_name(style, i)
        res = ctx.html(
            path,
            chrome.page(
                spec,
                col_label,
                body,
                hub=hub,
                crumbs=crumbs,
                sidebar=[
                    (col_label, col + _list_name(style, 1)),
                    ("政府信息公开指南", "/zwgk/zn/"),
                ],
            ),
            delay=slow,
        )
        if slow:
            ctx.slow.append(ctx.url(path))
        if i == 1:
            ctx.site.static[col] = res
    ctx.start_urls.append(ctx.url("/"))
