"""SQLAlchemy 2 typed models of the archive. The migrations under ``migrations/`` create them.

The constraint naming convention is fixed here, before the first migration, so every index,
key and check has a predictable name on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SHA256 = String(64)

#: The fact tables (proactive_facts, request_facts, appeal_facts, legacy_facts, section_texts) have
#: no foreign
#: key to report_versions: a per-row FK check made PostgreSQL's COPY four times slower (bench/
#: load.py), and only db.loader writes them, in the same transaction as their version row.
#: Versions are never deleted.
FACT_NOTE = "version_id refers to report_versions.id; written only by db.loader"
TS = DateTime(timezone=True)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}  # noqa: RUF012


class Region(Base):
    """A GB/T 2260 division: province, prefecture or county level (``db/data/regions.csv``)."""

    __tablename__ = "regions"
    code: Mapped[str] = mapped_column(String(6), primary_key=True)
    name: Mapped[str] = mapped_column(String(64), index=True)
    level: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16))
    parent_code: Mapped[str | None] = mapped_column(String(6))
    province_code: Mapped[str] = mapped_column(String(6))
    prefecture_code: Mapped[str | None] = mapped_column(String(6))
    #: the last year a past division existed (``db/data/lineage.csv``); NULL for current ones
    last_year: Mapped[int | None] = mapped_column(Integer)


class Agency(Base):
    """One publishing body across the years and the names it signed under (``agency_names``).

    ``identity`` is the resolution key (division, kind, stem; ``db.agencies.resolve``); an
    agency merged into another by a decision keeps its row with ``merged_into`` set, so the
    decision can be undone."""

    __tablename__ = "agencies"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))  # canonical: the latest name it signed
    kind: Mapped[str] = mapped_column(String(20))  # gongkai.core.agency_kinds.KINDS
    region_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"), index=True)
    #: Comma-separated candidate codes when the name matched divisions in several provinces.
    region_candidates: Mapped[str | None] = mapped_column(String(200))
    #: unique, so two writers creating one agency at once collide and one retries (docs/schema.md)
    identity: Mapped[str | None] = mapped_column(String(300), unique=True)
    stem: Mapped[str | None] = mapped_column(String(200))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    merged_into: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))


class AgencyDecision(Base):
    """A decision about agencies (merge, split, link, kind), made by a person or agencies.toml;
    ``undone_at`` is set when it is undone (decisions are versioned like reports)."""

    __tablename__ = "agency_decisions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(String(20))  # cli / agencies.toml / rule
    made_at: Mapped[datetime] = mapped_column(TS)
    undone_at: Mapped[datetime | None] = mapped_column(TS)


class AgencyName(Base):
    """A name as printed (signature, title, registry) → its agency, with the years seen."""

    __tablename__ = "agency_names"
    __table_args__ = (UniqueConstraint("name", "agency_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(
        ForeignKey("agencies.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200), index=True)
    first_year: Mapped[int | None] = mapped_column(Integer)
    last_year: Mapped[int | None] = mapped_column(Integer)
    seen_in: Mapped[str] = mapped_column(String(20))  # signature / title / registry / manual
    #: the division of the portal it was seen on (context), when known
    region_context: Mapped[str | None] = mapped_column(String(6))
    #: the division the name names: a past one (洪泽县 320829) marks a lineage step
    division_code: Mapped[str | None] = mapped_column(String(6))
    lineage_step: Mapped[str | None] = mapped_column(String(30))
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("agency_decisions.id"))


class AgencyLineage(Base):
    """Predecessor → successor between two agencies (a merger of divisions, a declared rename);
    one-to-one steps of a division (撤县设区) keep one agency and are marked on its names."""

    __tablename__ = "agency_lineage"
    __table_args__ = (UniqueConstraint("predecessor_id", "successor_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    predecessor_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    successor_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)  # the successor's first report year
    reason: Mapped[str] = mapped_column(String(30))  # rename, county_to_district, merger, split …
    one_to_one: Mapped[bool] = mapped_column(Boolean)  # rule 5 follows only one-to-one steps
    source: Mapped[str] = mapped_column(String(20))  # lineage.csv / cli / agencies.toml
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("agency_decisions.id"))


class Portal(Base):
    __tablename__ = "portals"
    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), index=True)
    region_code: Mapped[str | None] = mapped_column(String(6))
    family: Mapped[str] = mapped_column(String(50))
    start_urls: Mapped[list[Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(TS)


class CrawlRun(Base):
    __tablename__ = "crawl_runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    started_at: Mapped[datetime] = mapped_column(TS)
    finished_at: Mapped[datetime | None] = mapped_column(TS)
    stats: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class CrawlRunPortal(Base):
    """How one portal went in one run: an outcome of ``gongkai.core.outcomes``, its detail and
    counts, and when the portal's walk started and finished."""

    __tablename__ = "crawl_run_portals"
    run_id: Mapped[int] = mapped_column(
        ForeignKey("crawl_runs.id", ondelete="CASCADE"), primary_key=True
    )
    portal_id: Mapped[str] = mapped_column(ForeignKey("portals.id"), primary_key=True)
    outcome: Mapped[str] = mapped_column(String(30))
    detail: Mapped[str | None] = mapped_column(Text)
    stats: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    started_at: Mapped[datetime | None] = mapped_column(TS)
    finished_at: Mapped[datetime | None] = mapped_column(TS)


class Fetch(Base):
    """One HTTP exchange."""

    __tablename__ = "fetches"
    # request_key: set by distributed workers so a re-fetched request is recorded once per run.
    __table_args__ = (
        Index("ix_fetches_url_fetched_at", "url", "fetched_at"),
        UniqueConstraint("run_id", "request_key"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"), index=True)
    portal_id: Mapped[str | None] = mapped_column(ForeignKey("portals.id"), index=True)
    url: Mapped[str] = mapped_column(Text)
    method: Mapped[str] = mapped_column(String(10))
    status: Mapped[int | None] = mapped_column(Integer)
    sha256: Mapped[str | None] = mapped_column(SHA256)
    size: Mapped[int | None] = mapped_column(BigInteger)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    content_type: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(String(30))
    error: Mapped[str | None] = mapped_column(Text)
    fetched_at: Mapped[datetime] = mapped_column(TS)
    request_key: Mapped[str | None] = mapped_column(String(64))


class Document(Base):
    """A report page or attachment at a URL; a new body at the same URL is a new row."""

    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("url", "sha256"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(Text)
    portal_id: Mapped[str | None] = mapped_column(ForeignKey("portals.id"), index=True)
    sha256: Mapped[str] = mapped_column(SHA256, index=True)
    media_type: Mapped[str | None] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(20))
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date)
    parent_url: Mapped[str | None] = mapped_column(Text)
    first_seen: Mapped[datetime] = mapped_column(TS)
    last_seen: Mapped[datetime] = mapped_column(TS)
    gone_at: Mapped[datetime | None] = mapped_column(TS)


class Report(Base):
    __tablename__ = "reports"
    __table_args__ = (UniqueConstraint("agency_id", "year"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    year: Mapped[int] = mapped_column(Integer)
    first_seen: Mapped[datetime] = mapped_column(TS)
    last_seen: Mapped[datetime] = mapped_column(TS)


class ReportVersion(Base):
    """One distinct canonical content of a report; superseded_at is set when a newer one arrives."""

    __tablename__ = "report_versions"
    __table_args__ = (UniqueConstraint("report_id", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(SHA256)
    canonical: Mapped[dict[str, Any]] = mapped_column(JSON)
    format: Mapped[str] = mapped_column(String(10))
    published: Mapped[date | None] = mapped_column(Date)
    source_url: Mapped[str | None] = mapped_column(Text)
    document_sha256: Mapped[str | None] = mapped_column(SHA256)
    #: the name the report signs with (the views' ``agency``); its agency is the report's
    agency_name_id: Mapped[int | None] = mapped_column(ForeignKey("agency_names.id"), index=True)
    parser_version: Mapped[str | None] = mapped_column(String(50))
    provenance: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    valid_from: Mapped[datetime] = mapped_column(TS)
    superseded_at: Mapped[datetime | None] = mapped_column(TS)
    last_seen: Mapped[datetime] = mapped_column(TS)


class ReportSource(Base):
    """Every document a version was read from (the same content may be published twice)."""

    __tablename__ = "report_sources"
    __table_args__ = (UniqueConstraint("version_id", "source_url", "sha256"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("report_versions.id", ondelete="CASCADE"))
    source_url: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))  # "" when the caller gave no body hash
    first_seen: Mapped[datetime] = mapped_column(TS)


class ProactiveFact(Base):
    """Table 2. ``value`` is NULL where the report left the cell empty (not zero)."""

    __tablename__ = "proactive_facts"
    version_id: Mapped[int] = mapped_column(Integer, primary_key=True)  # no FK: see FACT_NOTE
    item: Mapped[str] = mapped_column(String(40), primary_key=True)
    measure: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[Decimal | None] = mapped_column(Numeric())


class RequestFact(Base):
    """Table 3."""

    __tablename__ = "request_facts"
    version_id: Mapped[int] = mapped_column(Integer, primary_key=True)  # no FK: see FACT_NOTE
    row_code: Mapped[str] = mapped_column(String(40), primary_key=True)
    column_code: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int | None] = mapped_column(BigInteger)


class AppealFact(Base):
    """Table 4."""

    __tablename__ = "appeal_facts"
    version_id: Mapped[int] = mapped_column(Integer, primary_key=True)  # no FK: see FACT_NOTE
    group_code: Mapped[str] = mapped_column(String(40), primary_key=True)
    measure: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int | None] = mapped_column(BigInteger)


class LegacyFact(Base):
    """The key figures of a legacy report (2008–2018), one row per key (``codes.json`` legacy):
    ``value`` NULL where the report states nothing; ``source`` (sentence or table), ``location``
    (the section heading or table row) and ``quote`` (the sentence or row) say where it was
    printed."""

    __tablename__ = "legacy_facts"
    version_id: Mapped[int] = mapped_column(Integer, primary_key=True)  # no FK: see FACT_NOTE
    measure: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[Decimal | None] = mapped_column(Numeric())
    source: Mapped[str | None] = mapped_column(String(10))
    location: Mapped[str | None] = mapped_column(Text)
    quote: Mapped[str | None] = mapped_column(Text)


class SectionText(Base):
    __tablename__ = "section_texts"
    # Full-text search on PostgreSQL: pg_trgm GIN index for ILIKE. On SQLite the index is an
    # empty partial index (WHERE 0), so models and migrations match; search there uses FTS5.
    __table_args__ = (
        Index(
            "ix_section_texts_text_trgm",
            "text",
            postgresql_using="gin",
            postgresql_ops={"text": "gin_trgm_ops"},
            sqlite_where=false(),
        ),
    )
    version_id: Mapped[int] = mapped_column(Integer, primary_key=True)  # no FK: see FACT_NOTE
    section: Mapped[str] = mapped_column(String(40), primary_key=True)
    text: Mapped[str] = mapped_column(Text)


class FindingRow(Base):
    __tablename__ = "findings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("report_versions.id", ondelete="CASCADE"), index=True
    )
    rule: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(Text)
    cells: Mapped[list[Any] | None] = mapped_column(JSON)


class ParseFailure(Base):
    __tablename__ = "parse_failures"
    __table_args__ = (UniqueConstraint("sha256", "reason"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str | None] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(SHA256)
    reason: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(Text)
    first_seen: Mapped[datetime] = mapped_column(TS)
    last_seen: Mapped[datetime] = mapped_column(TS)


class CoverageReference(Base):
    """The date v_coverage counts from (its "today"); empty means the current date."""

    __tablename__ = "coverage_reference"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    as_of: Mapped[date] = mapped_column(Date)


#: Tables that hold archive data (everything but the reference list of regions).
DATA_TABLES: tuple[str, ...] = tuple(
    t.name for t in Base.metadata.sorted_tables if t.name != "regions"
)
