"""Pages every family shares: home, 政务公开 hub, detail pages, attachments, robots.txt and the
awkward cases (redirect chains, broken links, disallowed sections)."""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from gongkai.demo import chrome
from gongkai.demo.chrome import esc
from gongkai.demo.documents import CONTENT_TYPES
from gongkai.demo.model import Doc, Placed, PortalSpec, Resource, Site


@dataclass(slots=True)
class Ctx:
    """The state of one site while its family builds it."""

    spec: PortalSpec
    base: str  # scheme://host:port of the portal on this day
    seed: int
    site: Site = field(default_factory=Site)
    placed: dict[str, Placed] = field(default_factory=dict)
    broken: list[str] = field(default_factory=list)
    redirects: list[dict[str, Any]] = field(default_factory=list)
    disallowed: list[dict[str, Any]] = field(default_factory=list)
    slow: list[str] = field(default_factory=list)
    start_urls: list[str] = field(default_factory=list)

    @property
    def rng(self) -> random.Random:
        return random.Random(f"{self.seed}-site-{self.spec.id}")

    def doc_rng(self, doc: Doc) -> random.Random:
        """Numbers for one document's URLs, stable whatever else the portal publishes."""
        return random.Random(f"{self.seed}-doc-{self.spec.id}-{doc.uid}")

    def url(self, path: str) -> str:
        return self.base + path

    def html(self, path: str, text: str, **kw: Any) -> Resource:
        res = Resource(chrome.encode(self.spec, text), chrome.html_content_type(self.spec), **kw)
        self.site.static[path] = res
        return res


def home(ctx: Ctx, hub: str, hub_label: str = "政府信息公开") -> None:
    s, t = ctx.spec, chrome.theme_for(ctx.spec)
    news = (
        f'<div class="{t.list}-news"><h2>{esc(s.short)}要闻</h2><ul>'
        f'<li><a href="/xwzx/tpxw/">{esc(s.short)}召开县政府常务会议</a></li>'
        '<li><a href="/xwzx/bmdt/">部门动态</a></li></ul></div>'
    )
    entry = (
        f'<div class="{t.side}-gk"><h2><a href="{hub}">{hub_label}</a></h2>'
        f'<ul><li><a href="{hub}">政务公开</a></li><li><a href="/zwfw/">政务服务</a></li>'
        '<li><a href="/hdjl/">互动交流</a></li></ul></div>'
    )
    body = entry + news if t.sidebar_first else news + entry
    ctx.html("/", chrome.page(s, "首页", body, hub=hub))
    ctx.html("/index.html", chrome.page(s, "首页", body, hub=hub))


def hub_page(ctx: Ctx, hub: str, columns: list[tuple[str, str]]) -> None:
    """The 政府信息公开 hub listing its columns (指南, 制度, 法定主动公开内容, 年报 …)."""
    links = "".join(f'<li><a href="{esc(h)}">{esc(t)}</a></li>' for t, h in columns)
    body = f'<div class="gk-columns"><h2>政府信息公开</h2><ul>{links}</ul></div>'
    ctx.html(
        hub,
        chrome.page(
            ctx.spec,
            "政府信息公开",
            body,
            hub=hub,
            crumbs=[("政府信息公开", None)],
            sidebar=columns,
        ),
    )


def robots(ctx: Ctx, disallow: list[str]) -> None:
    lines = ["User-agent: *", *(f"Disallow: {p}" for p in disallow), ""]
    if disallow:
        lines.insert(0, "# 内部栏目，请勿抓取")
    ctx.site.static["/robots.txt"] = Resource("\n".join(lines).encode(), "text/plain")
    ctx.site.robots_disallow = tuple(disallow)


def attachment_ext(doc: Doc) -> str:
    return doc.attachment_ext or ("wps" if doc.form == "wps" else doc.form)


def put_attachment(
    ctx: Ctx,
    path: str,
    doc: Doc,
    content_type: str | None = None,
    headers: tuple[tuple[str, str], ...] = (),
) -> None:
    assert doc.attachment is not None
    ext = attachment_ext(doc)
    ctx.site.static[path] = Resource(
        doc.attachment,
        content_type or CONTENT_TYPES.get(ext, "application/octet-stream"),
        headers=headers,
        modified=doc.modified or doc.published,
    )


def detail(
    ctx: Ctx,
    path: str,
    doc: Doc,
    *,
    hub: str,
    crumbs: Sequence[tuple[str, str | None]],
    attach_href: str | None = None,
    attach_name: str | None = None,
    meta_extra: str = "",
) -> None:
    """The detail page of ``doc``: inline report, attachment notice or ordinary article."""
    t = chrome.theme_for(ctx.spec)
    date_s = chrome.fmt_date(doc.published, t.date_style)
    info = (
        f'<div class="info"><span>发布日期：{doc.published}</span> <span>来源：{esc(doc.agency)}</span>'
        f" <span>浏览次数：<script>document.write(Math.floor(Math.random()*900))</script></span></div>"
    )
    if attach_href:
        name = attach_name or f"{doc.title}.{attachment_ext(doc)}"
        content = (
            f"<p>现将《{esc(doc.title)}》予以公布。</p>"
            f'<p>附件：<a href="{esc(attach_href)}" target="_blank">{esc(name)}</a></p>'
        )
    elif doc.is_report:
        content = doc.body_html
    else:
        content = (
            doc.body_html
            + f'<p style="text-align:right">{esc(doc.agency)}</p><p style="text-align:right">{date_s}</p>'
        )
    head = (
        f'<meta name="ArticleTitle" content="{esc(doc.title)}">\n'
        f'<meta name="PubDate" content="{doc.published} 09:30">\n'
        f'<meta name="ContentSource" content="{esc(doc.agency)}">{meta_extra}'
    )
    title_block = (
        f'<h1 class="title">{esc(doc.title)}</h1>'
        if t.table_list
        else f'<div class="{t.article}-title">{esc(doc.title)}</div>'
    )
    body = f'{title_block}\n{info}\n<div class="{t.article}">\n{content}\n</div>'
    ctx.html(
        path,
        chrome.page(ctx.spec, doc.title, body, hub=hub, crumbs=crumbs, head_extra=head),
        modified=doc.modified or doc.published,
    )


def redirect(ctx: Ctx, path: str, to: str, status: int) -> None:
    ctx.site.static[path] = Resource(b"", "text/html", status=status, headers=(("Location", to),))


def redirect_chain(ctx: Ctx, entry: str, final: str) -> None:
    """``entry`` → 301 → an intermediate path → 302 → ``final`` (all paths on this portal)."""
    mid = "/redirect" + final
    redirect(ctx, entry, ctx.url(mid), 301)
    redirect(ctx, mid, final, 302)
    ctx.redirects.append(
        {"from": ctx.url(entry), "chain": [ctx.url(entry), ctx.url(mid)], "to": ctx.url(final)}
    )


def place(
    ctx: Ctx,
    doc: Doc,
    page_path: str,
    document_path: str,
    entry_path: str | None = None,
    content_type: str | None = None,
) -> None:
    if content_type is None:
        res = ctx.site.static[document_path]
        content_type = res.content_type
    ctx.placed[doc.uid] = Placed(
        ctx.url(page_path), ctx.url(document_path), ctx.url(entry_path or page_path), content_type
    )


def plant_awkward(ctx: Ctx, docs: list[Doc]) -> tuple[set[str], str | None]:
    """Pick which report hides behind robots.txt and which goes through a redirect chain."""
    hidden, chained = reserved(ctx.seed, ctx.spec, docs)
    return ({chained} if chained else set()), hidden


def reserved(seed: int, spec: PortalSpec, docs: list[Doc]) -> tuple[str | None, str | None]:
    """(hidden uid, chained uid): chosen among day-1 reports by a hash of their uid, so the
    choice stays put when later days add or remove other items (timeline leaves them alone)."""

    def rank(d: Doc) -> str:
        return hashlib.sha256(f"{seed}-{d.uid}".encode()).hexdigest()

    base = [d for d in docs if d.is_report and re.fullmatch(rf"{re.escape(spec.id)}-r\d+", d.uid)]
    pool = sorted((d for d in base if d.kind != "government"), key=rank)
    hidden = pool[0].uid if spec.robots_section and pool else None
    rest = sorted((d for d in base if d.uid != hidden), key=rank)
    chained = rest[-1].uid if spec.redirect_chain and rest else None
    return hidden, chained


def broken_items(ctx: Ctx) -> list[Doc]:
    """List entries whose pages are gone (404)."""
    from datetime import date

    if not ctx.spec.broken_links:
        return []
    return [
        Doc(
            uid=f"{ctx.spec.id}-broken{i}",
            portal=ctx.spec.id,
            title=title,
            agency=ctx.spec.agency,
            kind="broken",
            published=date(2024, 11, 5 + i),
            is_report=False,
        )
        for i, title in enumerate(
            [f"关于公布{ctx.spec.short}政务公开专栏调整情况的公告", "政府信息公开工作培训会议召开"]
        )
    ]


def listed(ctx: Ctx, docs: list[Doc]) -> list[Doc]:
    """What a portal's report column shows, newest first, dead links included."""
    return sorted(docs + broken_items(ctx), key=lambda d: (d.published, d.uid), reverse=True)
