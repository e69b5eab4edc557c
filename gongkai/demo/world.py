"""Build one day of the world: render documents, let each family lay out its site, and
describe everything served in a manifest."""

from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any

from gongkai.core.report import check_identities
from gongkai.demo import content, documents, timeline
from gongkai.demo.families import BUILDERS
from gongkai.demo.model import Doc, PortalSpec, Resource, Site
from gongkai.demo.pages import Ctx


@dataclass(slots=True)
class PortalState:
    spec: PortalSpec
    base: str  # where the portal answers today
    ctx: Ctx
    old_base: str | None = None  # the address it left; it now redirects here
    last_change: Any = None

    @property
    def site(self) -> Site:
        return self.ctx.site


@dataclass(slots=True)
class DayState:
    seed: int
    day: int
    portals: dict[str, PortalState]
    docs: dict[str, Doc]
    manifest: dict[str, Any] = field(default_factory=dict)


def doc_key(seed: int, doc: Doc) -> str:
    return f"{seed}-{doc.uid}-{doc.revision}"


def materialise(seed: int, doc: Doc) -> None:
    """Fill in a report's article markup or attachment bytes (rendered once, cached on disk)."""
    if not doc.is_report or doc.truth is None or doc.body_html or doc.attachment is not None:
        return
    key = doc_key(seed, doc)
    if doc.form == "html":
        soup = hashlib.sha256(key.encode()).digest()[0] < 90  # about a third
        doc.body_html = documents.article_html(doc.truth, key, soup=soup)
    else:
        base = "doc" if doc.form == "wps" else doc.form
        doc.attachment = documents.render(doc.truth, base, key)


def materialise_all(seed: int, docs: dict[str, list[Doc]]) -> None:
    """Materialise every document; LibreOffice forms go first to a worker thread, so that
    the conversions (another process) overlap with the DOCX and HTML rendering here."""
    every = [d for portal_docs in docs.values() for d in portal_docs]
    slow = [d for d in every if d.is_report and d.form in ("pdf", "doc", "wps")]
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="portalworld-render") as pool:
        pending = [pool.submit(materialise, seed, d) for d in slow]
        first = {id(d) for d in slow}
        for d in every:
            if id(d) not in first:
                materialise(seed, d)
        for f in pending:
            f.result()


def document_form(spec: PortalSpec, doc: Doc) -> str:
    if doc.form == "html":
        return "html-gbk" if spec.encoding == "gbk" else "html"
    return doc.form


def build_day(
    seed: int,
    day: int,
    portals: tuple[PortalSpec, ...],
    bases: dict[str, str],
    moved_bases: dict[str, str],
) -> DayState:
    """The sites and manifest of ``day``; ``bases`` are day-1 addresses, ``moved_bases`` new ones."""
    # the seed varies each portal's dress (class names, paths, page sizes), not its behaviour
    portals = tuple(replace(p, theme=p.theme + 17 * seed) for p in portals)
    tl = timeline.build(seed, day, portals)
    states: dict[str, PortalState] = {}
    all_docs: dict[str, Doc] = {}
    materialise_all(seed, tl.docs)
    for spec in portals:
        moved = spec.id in tl.moved
        base = moved_bases[spec.id] if moved else bases[spec.id]
        ctx = Ctx(spec, base, seed)
        docs = tl.docs[spec.id]
        all_docs.update((doc.uid, doc) for doc in docs)
        BUILDERS[spec.family](ctx, docs)
        change_days = [c["day"] for c in tl.changes if c["portal"] == spec.id]
        last = content.day_date(max(change_days)) if change_days else content.DAY1
        states[spec.id] = PortalState(spec, base, ctx, bases[spec.id] if moved else None, last)
    state = DayState(seed, day, states, all_docs)
    state.manifest = manifest(state, tl)
    if day > 1:
        prev = build_day(seed, day - 1, portals, bases, moved_bases)
        earlier = [c for c in prev.manifest["changes"] if c["day"] < day]
        today = [_resolve(c, state, prev) for c in state.manifest["changes"] if c["day"] == day]
        state.manifest["changes"] = earlier + today
    return state


def _urls(manifest: dict[str, Any], uid: str) -> dict[str, Any] | None:
    return next((r for r in manifest["reports"] if r["id"] == uid), None)


def _resolve(change: dict[str, Any], state: DayState, prev: DayState) -> dict[str, Any]:
    """Add the URLs and hashes a test needs to check ``change`` against the served bytes."""
    out = dict(change)
    kind, uid = change["kind"], change.get("uid")
    now = _urls(state.manifest, uid) if uid else None
    before = _urls(prev.manifest, uid) if uid else None
    if kind in ("added", "corrected", "republished") and now:
        out.update(page_url=now["page_url"], document_url=now["document_url"], sha256=now["sha256"])
    if kind == "corrected" and before:
        out["previous_sha256"] = before["sha256"]
    if kind == "republished":
        old = _urls(state.manifest, change["replaces"])
        if old:
            out["replaces_page_url"] = old["page_url"]
    if kind == "removed" and before:
        out.update(page_url=before["page_url"], document_url=before["document_url"])
    if kind == "moved":
        st = state.portals[change["portal"]]
        out.update(from_base=st.old_base, to_base=st.base)
    return out


def _portal_entry(st: PortalState, n_reports: int) -> dict[str, Any]:
    spec = st.spec
    host = st.base.split("//", 1)[1].split(":")[0]
    if spec.challenge == "412":
        expected: dict[str, Any] = {"outcome": "blocked", "status": 412, "reports": 0}
    elif spec.challenge == "521":
        # passable by joining the script's string literals into a cookie, but a crawler that
        # records challenges and never works around them ends here
        expected = {
            "outcome": "blocked",
            "status": 521,
            "reports": 0,
            "reports_behind_challenge": n_reports,
        }
    else:
        expected = {"outcome": "ok", "reports": n_reports}
    entry: dict[str, Any] = {
        "id": spec.id,
        "agency": spec.agency,
        "region_code": spec.region_code,
        "family": spec.family,
        "start_urls": st.ctx.start_urls,
        "allowed_domains": [host],
        "base_url": st.base,
        "encoding": spec.encoding,
        "charset_declared_in": spec.charset_in,
        "validators": spec.validators,
        "challenge": spec.challenge,
        "expected": expected,
    }
    if st.old_base:
        entry["moved_from"] = st.old_base
        entry["allowed_domains"].append(st.old_base.split("//", 1)[1].split(":")[0])
    return entry


def report_entry(st: PortalState, doc: Doc) -> dict[str, Any]:
    placed = st.ctx.placed[doc.uid]
    body = _document_bytes(st, placed.document_url)
    assert doc.truth is not None
    return {
        "id": doc.uid,
        "portal": st.spec.id,
        "agency": doc.agency,
        "agency_kind": doc.kind,
        "title": doc.title,
        "year": doc.year,
        "format": doc.truth.get("format"),
        "published": doc.published.isoformat(),
        "page_url": placed.page_url,
        "entry_url": placed.entry_url,
        "document_url": placed.document_url,
        "form": document_form(st.spec, doc),
        "content_type": placed.content_type,
        "sha256": hashlib.sha256(body).hexdigest(),
        "size": len(body),
        "revision": doc.revision,
        "broken_identities": sorted({f.rule for f in check_identities(doc.truth)}),
        "truth": doc.truth,
    }


def _document_bytes(st: PortalState, url: str) -> bytes:
    path = url[len(st.base) :]
    res: Resource = st.site.static[path]
    return res.body


def manifest(state: DayState, tl: timeline.Timeline) -> dict[str, Any]:
    portals, reports, others, disallowed = [], [], [], []
    broken, slow, redirects = [], [], []
    for st in state.portals.values():
        blocked = st.spec.challenge == "412"
        mine = list(tl.docs[st.spec.id])
        rep = (
            []
            if blocked
            else [report_entry(st, d) for d in mine if d.is_report and d.uid in st.ctx.placed]
        )
        reports += rep
        portals.append(_portal_entry(st, len(rep)))
        if blocked:
            continue
        others += [
            {
                "id": d.uid,
                "portal": st.spec.id,
                "title": d.title,
                "kind": d.kind,
                "page_url": st.ctx.placed[d.uid].page_url,
                "document_url": st.ctx.placed[d.uid].document_url,
            }
            for d in mine
            if not d.is_report and d.uid in st.ctx.placed
        ]
        disallowed += [{"portal": st.spec.id, **item} for item in st.ctx.disallowed]
        broken += [{"portal": st.spec.id, "url": u} for u in st.ctx.broken]
        slow += [{"portal": st.spec.id, "url": u} for u in st.ctx.slow]
        redirects += [{"portal": st.spec.id, **r} for r in st.ctx.redirects]
    return {
        "seed": state.seed,
        "day": state.day,
        "date": content.day_date(state.day).isoformat(),
        "portals": portals,
        "reports": reports,
        "non_reports": others,
        "disallowed": disallowed,
        "broken": broken,
        "slow": slow,
        "redirects": redirects,
        "changes": [dict(c) for c in tl.changes],
    }
