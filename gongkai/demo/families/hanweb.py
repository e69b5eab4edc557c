"""Hanweb JCMS sites: ``/col/col<ID>/index.html`` with the first records inline in a
``<datastore>``; further records by POST to ``/module/web/jpage/dataproxy.jsp``; details at
``/art/Y/M/D/art_<colID>_<n>.html``; attachments through ``downfile.jsp`` as text/html."""

from __future__ import annotations

import html as htmllib
from urllib.parse import quote

from gongkai.demo import chrome, pages
from gongkai.demo.chrome import esc
from gongkai.demo.model import Doc, Request, Resource
from gongkai.demo.pages import Ctx

_FORM_FIELDS = (
    "col",
    "appid",
    "webid",
    "path",
    "columnid",
    "sourceContentType",
    "unitid",
    "webname",
    "permissiontype",
)


def _record(href: str, doc: Doc, style: int) -> str:
    d = doc.published.isoformat()
    if style == 0:
        li = f'<li><a href="{href}" title="{esc(doc.title)}" target="_blank">{esc(doc.title)}</a><span>{d}</span></li>'
    elif style == 1:
        li = (
            f'<tr><td class="title"><a href="{href}" title="{esc(doc.title)}" target="_blank">'
            f'{esc(doc.title)}</a></td><td class="date">[{d}]</td></tr>'
        )
    else:
        li = (
            f'<div class="default_pgContainer_li"><a href="{href}" title="{esc(doc.title)}">'
            f"{esc(doc.title)}</a><b>{d}</b></div>"
        )
    return f"<record><![CDATA[\n{li}\n]]></record>"


def _datastore(records: list[str], total: int, nextgroup: str) -> str:
    return (
        f"<datastore>\n<nextgroup><![CDATA[{nextgroup}]]></nextgroup>\n"
        f"<recordset>\n{''.join(records)}\n</recordset>\n<totalrecord>{total}</totalrecord>\n</datastore>"
    )


def build(ctx: Ctx, docs: list[Doc]) -> None:
    spec, rng = ctx.spec, ctx.rng
    col_id = 1_229_000 + rng.randrange(10_000, 99_999)
    webid = 1 + spec.theme
    unitid = 5_000_000 + rng.randrange(999_999)
    hub_col = col_id - rng.randrange(5, 40)
    col = f"/col/col{col_id}/index.html"
    hub = f"/col/col{hub_col}/index.html"
    params = {
        "col": "1",
        "appid": "1",
        "webid": str(webid),
        "path": "/",
        "columnid": str(col_id),
        "sourceContentType": "1",
        "unitid": str(unitid),
        "webname": spec.agency,
        "permissiontype": "0",
    }
    style = spec.theme % 3
    t = chrome.theme_for(spec)
    chained, hidden = pages.plant_awkward(ctx, docs)
    hidden_dir = "/art/nbgk/"
    pages.robots(ctx, [hidden_dir, "/module/search/"] if hidden else ["/module/search/"])
    pages.home(ctx, hub, "政务公开")
    pages.hub_page(
        ctx,
        hub,
        [
            ("政府信息公开指南", f"/col/col{hub_col + 1}/index.html"),
            ("政府信息公开制度", f"/col/col{hub_col + 2}/index.html"),
            ("法定主动公开内容", f"/col/col{hub_col + 3}/index.html"),
            ("政府信息公开年度报告", col),
        ],
    )
    crumbs = [("政务公开", hub), ("政府信息公开年度报告", col)]
    records: list[str] = []
    for doc in pages.listed(ctx, docs):
        drng = ctx.doc_rng(doc)
        p = doc.published
        art = 7_000_000 + drng.randrange(2_000_000)
        directory = hidden_dir if doc.uid == hidden else "/art/"
        page_path = f"{directory}{p.year}/{p.month}/{p.day}/art_{col_id}_{art}.html"
        if doc.kind == "broken":
            ctx.broken.append(ctx.url(page_path))
            records.append(_record(page_path, doc, style))
            continue
        attach = None
        if doc.attachment is not None:
            ext = pages.attachment_ext(doc)
            hexname = f"{drng.getrandbits(128):032X}"
            attach = f"/module/download/downfile.jsp?classid=0&filename={hexname}.{ext}"
            headers: tuple[tuple[str, str], ...] = ()
            if drng.random() < 0.5:
                # the real servers put a GBK file name into the header as raw bytes
                raw = f"{doc.title}.{ext}".encode("gbk").decode("latin-1")
                headers = (("Content-Disposition", f'attachment; filename="{raw}"'),)
            pages.put_attachment(ctx, attach, doc, "text/html", headers)
        pages.detail(
            ctx,
            page_path,
            doc,
            hub=hub,
            crumbs=crumbs,
            attach_href=attach,
            meta_extra=f'\n<meta name="ColumnName" content="政府信息公开年度报告">\n<meta name="Url" content="{ctx.url(page_path)}">',
        )
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
        else:
            entry = None
            if doc.uid in chained:
                entry = f"/art/old/art_{col_id}_{art}.html"
                pages.redirect_chain(ctx, entry, page_path)
            pages.place(ctx, doc, page_path, document_path, entry)
            page_path = entry or page_path
        records.append(_record(page_path, doc, style))
    perpage = 6 + spec.theme % 4
    total = len(records)
    nextgroup = (
        '<a href="/module/web/jpage/dataproxy.jsp?page=1&'
        + "&".join(f"{k}={quote(v)}" for k, v in params.items() if k != "col")
        + '"></a>'
    )
    inline = _datastore(records[:perpage], total, nextgroup)
    ajax = ",".join(f"{k}:{v if v.isdigit() else repr(v)}" for k, v in params.items())
    div_id = str(rng.randrange(10**6, 10**7))
    container = "ul" if style == 0 else ("table" if style == 1 else "div")
    body = f"""<div class="{t.list}-tit"><span>政府信息公开年度报告</span></div>
<{container} class="{t.list}"><div id="{div_id}"><script type="text/xml">
{inline}
</script></div></{container}>
<script type="text/javascript" src="/module/jslib/jquery/jpage/jpage.js"></script>
<script type="text/javascript">
$(document).ready(function(){{
  $('#{div_id}').jpage({{
    dataStore : dataStore_{div_id}, containerTag : '{div_id}', perPage : {perpage}, totalRecord : {total},
    proxyUrl : '/module/web/jpage/dataproxy.jsp', groupSize : 3, barPosition : 'bottom',
    ajaxParam : {{{ajax}}},
    showMode : 'full', allRecord : {total}
  }});
}});
</script>"""
    ctx.html(col, chrome.page(spec, "政府信息公开年度报告", body, hub=hub, crumbs=crumbs))
    ctx.site.dynamic["/module/web/jpage/dataproxy.jsp"] = _proxy(ctx, records, params)
    ctx.start_urls.append(ctx.url(col))


def _proxy(ctx: Ctx, records: list[str], params: dict[str, str]):
    slow = 2.0 if ctx.spec.slow else 0.0
    if slow:
        ctx.slow.append(ctx.url("/module/web/jpage/dataproxy.jsp"))
    encoding = "gbk" if ctx.spec.encoding == "gbk" else "utf-8"

    def handle(req: Request) -> Resource:
        if req.method != "POST":
            return Resource(
                "<html><body>请求方式错误</body></html>".encode(encoding),
                f"text/html; charset={encoding}",
                status=405,
            )
        sent = {k: htmllib.unescape(req.form.get(k, "")) for k in _FORM_FIELDS}
        ok = all(sent[k] == params[k] for k in ("columnid", "unitid", "webid"))
        try:
            start = int(req.query.get("startrecord", "1"))
            end = int(req.query.get("endrecord", str(start + 44)))
        except ValueError:
            start, end = 1, 0
        chosen = records[max(start, 1) - 1 : end] if ok else []
        xml = '<?xml version="1.0" encoding="UTF-8"?>\n' + _datastore(
            chosen, len(records) if ok else 0, ""
        )
        return Resource(xml.encode("utf-8"), "text/xml;charset=UTF-8", delay=slow)

    return handle
