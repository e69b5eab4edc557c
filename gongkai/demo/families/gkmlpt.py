"""Guangdong's 政府信息公开目录 platform (gkmlpt): pages ``/gkmlpt/index`` and
``/gkmlpt/annualreport`` carry ``var SID``; lists come from the JSON API
``/gkmlpt/api/all/<catId>?page=N&sid=<SID>``; details ``/gkmlpt/content/<x>/<y>/post_<id>.html``."""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta, timezone

from gongkai.demo import chrome, pages
from gongkai.demo.model import Doc, Request, Resource
from gongkai.demo.pages import Ctx

_CST = timezone(timedelta(hours=8))


def _epoch(doc: Doc) -> int:
    return int(datetime.combine(doc.published, time(9, 30), _CST).astimezone(UTC).timestamp())


def build(ctx: Ctx, docs: list[Doc]) -> None:
    spec, rng = ctx.spec, ctx.rng
    sid = str(rng.choice([200, 757, 755, 763]) * 1000 + rng.randrange(1, 999))
    cat_id = 2_000 + rng.randrange(8_000)
    t = chrome.theme_for(spec)
    chained, hidden = pages.plant_awkward(ctx, docs)
    pages.robots(ctx, ["/zwgk_old/", "/gkmlpt/search"] if hidden else ["/gkmlpt/search"])
    hub = "/gkmlpt/index"
    pages.home(ctx, hub, "政府信息公开")
    articles: list[dict] = []
    for doc in pages.listed(ctx, docs):
        drng = ctx.doc_rng(doc)
        post = 5_000_000 + drng.randrange(4_000_000)
        root = "/zwgk_old" if doc.uid == hidden else "/gkmlpt"
        page_path = f"{root}/content/{post // 1_000_000}/{post // 1000}/post_{post}.html"
        art = {
            "id": post,
            "title": doc.title,
            "url": ctx.url(page_path),
            "date": _epoch(doc),
            "display_publish_time": _epoch(doc),
            "publisher": doc.agency,
            "identifier": f"{spec.region_code}/{doc.published.year}-{post % 100000:05d}",
            "attachment": [],
            "classify_main_name": "政府信息公开年报",
        }
        if doc.kind == "broken":
            ctx.broken.append(ctx.url(page_path))
            articles.append(art)
            continue
        attach = None
        if doc.attachment is not None:
            ext = pages.attachment_ext(doc)
            attach = f"/attachment/0/{post // 10000}/{post // 1000}/{post}.{ext}"
            pages.put_attachment(ctx, attach, doc)
            art["attachment"] = [
                {"name": f"{doc.title}.{ext}", "url": ctx.url(attach), "size": len(doc.attachment)}
            ]
        pages.detail(
            ctx,
            page_path,
            doc,
            hub=hub,
            crumbs=[("政府信息公开", hub), ("年度报告", "/gkmlpt/annualreport")],
            attach_href=attach,
            meta_extra=f'\n<meta name="ColumnName" content="政府信息公开年报">\n<script>var SID = \'{sid}\';</script>',
        )
        document_path = attach or page_path
        if doc.uid == hidden:
            ctx.disallowed.append(
                {
                    "url": ctx.url(page_path),
                    "document_url": ctx.url(document_path),
                    "uid": doc.uid,
                    "rule": "/zwgk_old/",
                }
            )
        else:
            entry = None
            if doc.uid in chained:
                entry = f"/gkmlpt/post/{post}"
                pages.redirect_chain(ctx, entry, page_path)
                art["url"] = ctx.url(entry)
            pages.place(ctx, doc, page_path, document_path, entry)
        articles.append(art)
    for kind in ("index", "annualreport"):
        body = f"""<div id="gkmlpt-app" class="{t.list}"><div class="gk-tree"><ul>
<li><a href="/gkmlpt/index">政府信息公开目录</a></li><li><a href="/gkmlpt/annualreport">政府信息公开年报</a></li>
<li><a href="/gkmlpt/guide">政府信息公开指南</a></li></ul></div><div class="gk-list" id="gklist"></div></div>"""
        js = (
            f"<script>\nwindow.TYPE = '{kind}';\nvar SID = '{sid}';\n"
            f"window.CATEGORY = {{annualreport: {cat_id}}};\n</script>\n"
            '<script src="/gkmlpt/static/js/app.js"></script>'
        )
        ctx.html(
            f"/gkmlpt/{kind}",
            chrome.page(
                spec,
                "政府信息公开年报" if kind != "index" else "政府信息公开目录",
                body,
                hub=hub,
                crumbs=[("政府信息公开", None)],
                head_extra=js,
            ),
        )
    ctx.site.dynamic[f"/gkmlpt/api/all/{cat_id}"] = _api(ctx, articles, sid)
    ctx.start_urls.append(ctx.url("/gkmlpt/annualreport"))


def _api(ctx: Ctx, articles: list[dict], sid: str):
    page_size = 10 if len(articles) > 25 else 6
    slow = 2.0 if ctx.spec.slow else 0.0

    def handle(req: Request) -> Resource:
        if req.query.get("sid") != sid:
            body = {"articles": [], "total": 0, "page": 1, "msg": "sid error"}
            return Resource(
                json.dumps(body, ensure_ascii=False).encode(), "application/json; charset=utf-8"
            )
        try:
            page = max(1, int(req.query.get("page", "1")))
        except ValueError:
            page = 1
        part = articles[(page - 1) * page_size : page * page_size]
        body = {
            "articles": part,
            "total": len(articles),
            "page": page,
            "page_size": page_size,
            "classify": {"name": "政府信息公开年报"},
        }
        return Resource(
            json.dumps(body, ensure_ascii=False).encode(),
            "application/json; charset=utf-8",
            delay=slow if page == 2 else 0.0,
        )

    return handle
