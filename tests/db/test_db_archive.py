"""Crawl-side repository functions: portals, runs, fetches, documents, failures."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from db import archive
from db.models import Agency, CrawlRun, CrawlRunPortal, Document, Fetch, ParseFailure, Portal

pytestmark = pytest.mark.db

T0 = datetime(2025, 2, 1, 12, 0, tzinfo=UTC)


def _utc(value: datetime | None) -> datetime | None:
    return None if value is None else value.replace(tzinfo=UTC) if value.tzinfo is None else value


def test_upsert_portal_creates_agency_and_updates(session: Session) -> None:
    archive.upsert_portal(
        session,
        portal_id="jinzhai",
        agency="金寨县人民政府",
        region_code="341524",
        family="cms-a",
        start_urls=["https://a.example/"],
    )
    archive.upsert_portal(
        session,
        portal_id="jinzhai",
        agency="金寨县人民政府",
        region_code="341524",
        family="cms-b",
        start_urls=["https://b.example/"],
    )
    portal = session.get(Portal, "jinzhai")
    assert portal is not None
    assert (portal.family, portal.start_urls) == ("cms-b", ["https://b.example/"])
    agency = session.get(Agency, portal.agency_id)
    assert agency is not None
    assert (agency.region_code, agency.kind) == ("341524", "government")
    assert session.scalar(select(func.count()).select_from(Agency)) == 1


def test_crawl_run_lifecycle(session: Session) -> None:
    run_id = archive.start_crawl_run(session, kind="nightly")
    archive.upsert_portal(
        session, portal_id="p1", agency=None, region_code=None, family="f", start_urls=[]
    )
    stats = {
        "requests": 3,
        "bytes": 100,
        "new_reports": 1,
        "new_versions": 0,
        "removed": 0,
        "failures": 0,
    }
    archive.record_portal_outcome(session, run_id, "p1", outcome="ok", detail=None, stats=stats)
    archive.record_portal_outcome(
        session, run_id, "p1", outcome="blocked", detail="403", stats=stats
    )
    archive.finish_crawl_run(session, run_id, stats={"portals": 1})
    row = session.get(CrawlRunPortal, (run_id, "p1"))
    assert row is not None
    assert (row.outcome, row.detail, row.stats) == ("blocked", "403", stats)
    run = session.get(CrawlRun, run_id)
    assert run is not None
    assert run.finished_at is not None
    assert run.stats == {"portals": 1}
    with pytest.raises(ValueError, match="outcome"):
        archive.record_portal_outcome(session, run_id, "p1", outcome="fine", detail=None, stats={})


def test_fetches_and_latest_validators(session: Session) -> None:
    run_id = archive.start_crawl_run(session, kind="crawl")
    url = "https://gov.example/2024.html"
    assert archive.latest_validators(session, url) is None
    archive.record_fetch(
        session,
        run_id=run_id,
        portal_id="p",
        url=url,
        status=200,
        sha256="a" * 64,
        size=10,
        etag='"v1"',
        last_modified="Mon, 06 Jan 2025 00:00:00 GMT",
        content_type="text/html",
        outcome="ok",
        fetched_at=T0,
    )
    archive.record_fetch(
        session,
        run_id=run_id,
        portal_id="p",
        url=url,
        status=200,
        sha256="b" * 64,
        size=10,
        etag='"v2"',
        last_modified=None,
        content_type="text/html",
        outcome="ok",
        fetched_at=T0 + timedelta(days=1),
    )
    archive.record_fetch(
        session,
        run_id=run_id,
        portal_id="p",
        url=url,
        status=304,
        sha256=None,
        size=None,
        etag='"v2"',
        last_modified=None,
        content_type=None,
        outcome="not_modified",
        fetched_at=T0 + timedelta(days=2),
    )
    archive.record_fetch(
        session,
        run_id=run_id,
        portal_id="p",
        url=url,
        status=None,
        sha256=None,
        size=None,
        etag=None,
        last_modified=None,
        content_type=None,
        outcome="error",
        error="timeout",
        fetched_at=T0 + timedelta(days=3),
    )
    found = archive.latest_validators(session, url)
    assert found == archive.Validators(etag='"v2"', last_modified=None, sha256="b" * 64)
    assert session.scalar(select(func.count()).select_from(Fetch)) == 4
    assert session.get(Portal, "p") is not None  # a fetch may name a portal before the registry


def test_documents_keep_every_body_at_a_url(session: Session) -> None:
    url = "https://gov.example/report.pdf"
    first = archive.upsert_document(
        session,
        url=url,
        portal_id=None,
        sha256="a" * 64,
        media_type="application/pdf",
        role="attachment",
        published=date(2025, 1, 20),
        seen_at=T0,
    )
    assert (first.new_url, first.new_content) == (True, True)
    again = archive.upsert_document(
        session,
        url=url,
        portal_id=None,
        sha256="a" * 64,
        media_type="application/pdf",
        role="attachment",
        seen_at=T0 + timedelta(days=1),
    )
    assert (again.document_id, again.new_url, again.new_content) == (
        first.document_id,
        False,
        False,
    )
    changed = archive.upsert_document(
        session,
        url=url,
        portal_id=None,
        sha256="b" * 64,
        media_type="application/pdf",
        role="attachment",
        seen_at=T0 + timedelta(days=2),
    )
    assert (changed.new_url, changed.new_content) == (False, True)
    assert changed.document_id != first.document_id
    docs = session.scalars(select(Document).where(Document.url == url).order_by(Document.id)).all()
    assert [d.sha256[0] for d in docs] == ["a", "b"]
    assert _utc(docs[0].last_seen) == T0 + timedelta(days=1)
    assert docs[0].published == date(2025, 1, 20)

    archive.mark_gone(session, url, T0 + timedelta(days=9))
    session.expire_all()
    assert all(
        _utc(d.gone_at) == T0 + timedelta(days=9)
        for d in session.scalars(select(Document).where(Document.url == url))
    )
    with pytest.raises(ValueError, match="role"):
        archive.upsert_document(
            session, url=url, portal_id=None, sha256="c" * 64, media_type=None, role="bogus"
        )


def test_batched_fetches_and_documents_match_one_by_one(session: Session) -> None:
    archive.ensure_portal(session, "p")
    rows = [
        {
            "run_id": None,
            "portal_id": "p",
            "url": f"https://gov.example/{i}.html",
            "method": "GET",
            "status": 200,
            "sha256": f"{i}" * 64,
            "size": i,
            "etag": None,
            "last_modified": None,
            "content_type": "text/html",
            "outcome": "ok",
            "error": None,
            "fetched_at": T0,
        }
        for i in range(1, 4)
    ]
    ids = archive.record_fetches(session, rows)
    assert [session.get(Fetch, i).url for i in ids] == [r["url"] for r in rows]  # ids in order

    page, pdf = "https://gov.example/r.html", "https://gov.example/r.pdf"
    known = archive.upsert_document(
        session,
        url=page,
        portal_id="p",
        sha256="a" * 64,
        media_type=None,
        role="report_page",
        seen_at=T0,
    )
    later = T0 + timedelta(days=1)
    refs = archive.upsert_documents(
        session,
        [
            {
                "url": page,
                "portal_id": "p",
                "sha256": "a" * 64,
                "role": "report_page",
                "title": "2024年报",
            },
            {
                "url": pdf,
                "portal_id": "p",
                "sha256": "b" * 64,
                "role": "attachment",
                "parent_url": page,
            },
            {
                "url": pdf,
                "portal_id": "p",
                "sha256": "b" * 64,
                "role": "attachment",
                "title": "附件",
            },
            {"url": pdf, "portal_id": "p", "sha256": "c" * 64, "role": "attachment"},
        ],
        seen_at=later,
    )
    assert [(r.new_url, r.new_content) for r in refs] == [
        (False, False),
        (True, True),
        (False, True),
        (False, True),
    ]
    assert refs[0].document_id == known.document_id
    assert refs[1].document_id == refs[2].document_id != refs[3].document_id
    stored = session.get(Document, known.document_id)
    assert (stored.title, _utc(stored.last_seen), _utc(stored.first_seen)) == (
        "2024年报",
        later,
        T0,
    )
    attached = session.get(Document, refs[1].document_id)
    assert (attached.title, attached.parent_url) == ("附件", page)  # both rows' attributes kept
    assert session.scalar(select(func.count()).select_from(Document)) == 3
    with pytest.raises(ValueError, match="role"):
        archive.upsert_documents(
            session, [{"url": pdf, "sha256": "d" * 64, "role": "pdf"}], seen_at=T0
        )


def test_parse_failures_are_idempotent_and_visible(session: Session) -> None:
    for _ in range(2):
        archive.record_parse_failure(
            session,
            url="https://gov.example/x.doc",
            sha256="c" * 64,
            reason="encrypted",
            detail="password protected",
        )
    archive.record_parse_failure(
        session, url=None, sha256="c" * 64, reason="no_tables", detail="scan"
    )
    session.commit()
    assert session.scalar(select(func.count()).select_from(ParseFailure)) == 2
    rows = session.execute(text("SELECT url, sha256, reason FROM v_failures ORDER BY reason")).all()
    assert [tuple(r) for r in rows] == [
        ("https://gov.example/x.doc", "c" * 64, "encrypted"),
        (None, "c" * 64, "no_tables"),
    ]
