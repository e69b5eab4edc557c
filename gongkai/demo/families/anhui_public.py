"""Anhui's 政府信息公开网 platform: a ``/public/column/<siteId>?…&catId=`` shell whose list comes
from ``/site/label/8888?IsAjax=1&labelName=publicInfoList&…&pageIndex=N`` as an HTML fragment;
details at ``/public/<siteId>/<docId>.html``; attachments ``/group1/M00/…`` or ``/download/<id>``."""

from __future__ import annotations

from gongkai.demo import chrome, pages
from gongkai.demo.chrome import esc
from gongkai.demo.model import Doc, Request, Resource
from gongkai.demo.pages import Ctx


def build(ctx: Ctx, docs: list[Doc]) -> None:
    spec, rng = ctx.spec, ctx.rng
    site_id = 6_000_000 + rng.randrange(999_999) if spec.theme % 2 else 2600 + rng.randrange(8000)
    cat_id = 7_000_000 + rng.randrange(999_999)
    hidden_site = site_id + 11
    shell = f"/public/column/{site_id}?type=4&action=list&nav=3&catId={cat_id}"
    hub = f"/public/column/{site_id}?type=4&action=index"
    t = chrome.theme_for(spec)
    chained, hidden = pages.plant_awkward(ctx, docs)
    pages.robots(ctx, [f"/public/{hidden_site}/", "/site/search/"] if hidden else ["/site/search/"])
    pages.home(ctx, hub)
    crumbs = [("政府信息公开", hub), ("政府信息公开年报", shell)]
    items: list[tuple[Doc, str]] = []
    for doc in pages.listed(ctx, docs):
        drng = ctx.doc_rng(doc)
        doc_id = 40_000_000 + drng.randrange(9_999_999)
        owner = hidden_site if doc.uid == hidden else site_id
        page_path = f"/public/{owner}/{doc_id}.html"
        if doc.kind == "broken":
            ctx.broken.append(ctx.url(page_path))
            items.append((doc, page_path))
            continue
        attach = None
        if doc.attachment is not None:
            ext = pages.attachment_ext(doc)
            if drng.random() < 0.5:
                attach = f"/download/{drng.randrange(10**7, 10**8)}"
                name = f"{doc.title}.{ext}"
                headers: tuple[tuple[str, str], ...] = (
                    ("Content-Disposition", f"attachment; filename*=UTF-8''{_pct(name)}"),
                )
            else:
                a, b = drng.randrange(256), drng.randrange(256)
                attach = f"/group1/M00/{a:02X}/{b:02X}/wKg{drng.getrandbits(96):024x}.{ext}"
                headers = ()
            pages.put_attachment(ctx, attach, doc, headers=headers)
        pages.detail(
            ctx,
            page_path,
            doc,
            hub=hub,
            crumbs=crumbs,
            attach_href=attach,
            meta_extra=f'\n<meta name="catId" content="{cat_id}">',
        )
        document_path = attach or page_path
        if doc.uid == hidden:
            ctx.disallowed.append(
                {
                    "url": ctx.url(page_path),
                    "document_url": ctx.url(document_path),
                    "uid": doc.uid,
                    "rule": f"/public/{hidden_site}/",
                }
            )
        else:
            entry = None
            if doc.uid in chained:
                entry = f"/openness/detail/content/{doc_id}.html"
                pages.redirect_chain(ctx, entry, page_path)
            pages.place(ctx, doc, page_path, document_path, entry)
            page_path = entry or page_path
        items.append((doc, page_path))
    page_size = 15 if len(items) > 30 else 6 + spec.theme % 3
    label = (
        f"/site/label/8888?IsAjax=1&dataType=html&_=0.{rng.randrange(10**15)}&labelName=publicInfoList"
        f"&siteId={site_id}&pageSize={page_size}&pageIndex=1&action=list&isDate=true"
        f"&dateFormat=yyyy-MM-dd&length=80&organId={site_id}&type=4&catId={cat_id}&cId=&result=暂无相关信息"
        f"&searchType=&fuzzySearch=true&file=%2Fc1%2Fxxgk%2FpublicInfoList_new"
    )
    body = f"""<div class="xxgk-title"><h2>政府信息公开年报</h2></div>
<div class="xxgk_navli" id="xxgk_lmcon"><div class="loading">正在加载……</div></div>
<script type="text/javascript">
var siteId = "{site_id}", catId = "{cat_id}", pageSize = {page_size};
function loadList(pageIndex) {{
  $.get("{label.replace("pageIndex=1", '" + "pageIndex=" + pageIndex + "')}", function(d) {{ $("#xxgk_lmcon").html(d); }});
}}
$(function() {{ loadList(1); }});
</script>"""
    pages.hub_page(
        ctx,
        hub,
        [
            ("政府信息公开指南", f"/public/column/{site_id}?type=4&action=guide"),
            ("政府信息公开制度", f"/public/column/{site_id}?type=4&catId={cat_id - 5}&action=list"),
            ("政府信息公开年报", shell),
        ],
    )
    shell_res = ctx.html(shell, chrome.page(spec, "政府信息公开年报", body, hub=hub, crumbs=crumbs))
    ctx.site.static[f"/public/column/{site_id}"] = shell_res
    ctx.site.dynamic["/site/label/8888"] = _label(ctx, items, site_id, cat_id, t.list)
    ctx.start_urls.append(ctx.url(shell))


def _pct(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")


def _label(ctx: Ctx, items: list[tuple[Doc, str]], site_id: int, cat_id: int, cls: str):
    spec = ctx.spec
    slow = 2.0 if spec.slow else 0.0

    def handle(req: Request) -> Resource:
        q = req.query
        if q.get("labelName") != "publicInfoList" or q.get("siteId") != str(site_id):
            return Resource(
                chrome.encode(spec, "<div>标签不存在</div>"), chrome.html_content_type(spec)
            )
        if q.get("catId") not in (str(cat_id), None, ""):
            chosen: list[tuple[Doc, str]] = []
        else:
            chosen = items
        try:
            size = max(1, min(int(q.get("pageSize", "15")), 100))
            index = max(1, int(q.get("pageIndex", "1")))
        except ValueError:
            size, index = 15, 1
        count = max(1, -(-len(chosen) // size))
        part = chosen[(index - 1) * size : index * size]
        lis = "".join(
            f'<li class="clearfix"><a href="{esc(href)}" title="{esc(d.title)}" target="_blank">{esc(d.title)}</a>'
            f'<span class="date">{d.published.isoformat()}</span></li>'
            for d, href in part
        )
        if not part:
            lis = '<li class="no-data">暂无相关信息</li>'
        frag = (
            f'<ul class="clearfix {cls}">{lis}</ul>\n'
            f'<div class="pagination" id="page_public_info" data-total="{len(chosen)}" data-pages="{count}">'
            f'<span class="page-total">共 {len(chosen)} 条 当前第 {index}/{count} 页</span>'
            + (
                f'<a class="next" href="javascript:loadList({index + 1})">下一页</a>'
                if index < count
                else ""
            )
            + f"</div>\n<script>var pageCount = {count}; var total = {len(chosen)};</script>"
        )
        delay = slow if index == 2 else 0.0
        return Resource(chrome.encode(spec, frag), chrome.html_content_type(spec), delay=delay)

    if slow:
        ctx.slow.append(ctx.url("/site/label/8888") + " (pageIndex=2)")
    return handle
