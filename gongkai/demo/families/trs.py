"""TRS WCM sites: ``index.html``, ``index_1.html`` … with the page count in ``createPageHTML``;
details at ``./YYYYMM/tYYYYMMDD_<id>.html``; attachments ``./P0….pdf`` beside the detail."""

from __future__ import annotations

from gongkai.demo import chrome, pages
from gongkai.demo.chrome import esc
from gongkai.demo.model import Doc
from gongkai.demo.pages import Ctx

_COLUMNS = ["/zwgk/zfxxgkndbg/", "/xxgk/gknb/", "/zwgk/xxgkml/ndbg/", "/gk/zfxxgk/nb/"]
_HUBS = ["/zwgk/", "/xxgk/", "/zwgk/", "/gk/"]


def build(ctx: Ctx, docs: list[Doc]) -> None:
    spec = ctx.spec
    k = spec.theme % len(_COLUMNS)
    col, hub = _COLUMNS[k], _HUBS[k]
    t = chrome.theme_for(spec)
    hidden_dir = "/zwgk/bmxxgk/"
    chained, hidden = pages.plant_awkward(ctx, docs)
    pages.robots(ctx, [hidden_dir, "/search/"] if hidden else ["/search/"])
    pages.home(ctx, hub)
    pages.hub_page(
        ctx,
        hub,
        [
            ("政府信息公开指南", hub + "zfxxgkzn/"),
            ("政府信息公开制度", hub + "zfxxgkzd/"),
            ("法定主动公开内容", hub + "fdzdgknr/"),
            ("政府信息公开年报", col),
        ],
    )
    crumbs = [("政府信息公开", hub), ("政府信息公开年报", col)]
    entries: list[tuple[Doc, str]] = []
    for doc in pages.listed(ctx, docs):
        ym, ymd = doc.published.strftime("%Y%m"), doc.published.strftime("%Y%m%d")
        drng = ctx.doc_rng(doc)
        num = 4_000_000 + drng.randrange(900_000)
        directory = hidden_dir if doc.uid == hidden else col
        page_path = f"{directory}{ym}/t{ymd}_{num}.html"
        if doc.kind == "broken":
            ctx.broken.append(ctx.url(page_path))
            entries.append((doc, f"./{ym}/t{ymd}_{num}.html"))
            continue
        attach = None
        if doc.attachment is not None:
            prefix = "P0" if doc.form == "pdf" else "W0"
            attach = f"{prefix}{ymd}{drng.randrange(10**11, 10**12)}.{pages.attachment_ext(doc)}"
            pages.put_attachment(ctx, f"{directory}{ym}/{attach}", doc)
        pages.detail(
            ctx,
            page_path,
            doc,
            hub=hub,
            crumbs=crumbs,
            attach_href=f"./{attach}" if attach else None,
        )
        document_path = f"{directory}{ym}/{attach}" if attach else page_path
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
            entry = f"/system/{ym}/t{ymd}_{num}.html"
            pages.redirect_chain(ctx, entry, page_path)
        pages.place(ctx, doc, page_path, document_path, entry)
        entries.append((doc, entry or f"./{ym}/t{ymd}_{num}.html"))
    per_page = 5 + spec.theme % 3
    chunks = [entries[i : i + per_page] for i in range(0, len(entries), per_page)] or [[]]
    n = len(chunks)
    literal = spec.theme % 2 == 0
    for cur, chunk in enumerate(chunks):
        if t.table_list:
            rows = "".join(
                f'<tr><td class="bt"><a href="{esc(href)}" target="_blank" title="{esc(d.title)}">{esc(d.title)}</a></td>'
                f"<td>{chrome.fmt_date(d.published, t.date_style)}</td></tr>"
                for d, href in chunk
            )
            listing = f'<table class="{t.list}" width="100%"><tbody>{rows}</tbody></table>'
        else:
            rows = "".join(
                f'<li><a href="{esc(href)}" target="_blank" title="{esc(d.title)}">{esc(d.title)}</a>'
                f"<span>{chrome.fmt_date(d.published, t.date_style)}</span></li>"
                for d, href in chunk
            )
            listing = f'<ul class="{t.list}">{rows}</ul>'
        if literal:
            js = f'createPageHTML({n}, {cur}, "index", "html");'
        else:
            js = (
                f"var countPage = {n}//共多少页\nvar currentPage = {cur};//当前页\n"
                'createPageHTML(countPage, currentPage, "index", "html");'
            )
        body = (
            f'<div class="{t.list}-tit"><h2>政府信息公开年报</h2></div>{listing}\n'
            f'<div class="page"><script type="text/javascript">\n{js}\n</script></div>'
        )
        name = "index.html" if cur == 0 else f"index_{cur}.html"
        slow = 2.0 if spec.slow and cur == 1 else 0.0
        res = ctx.html(
            col + name,
            chrome.page(spec, "政府信息公开年报", body, hub=hub, crumbs=crumbs),
            delay=slow,
        )
        if res.delay:
            ctx.slow.append(ctx.url(col + name))
        if cur == 0:
            ctx.site.static[col] = res
    ctx.start_urls.append(ctx.url(col + "index.html"))
