"""The archive: SQLAlchemy models, Alembic migrations, repository functions, the blob store.

The stable API other parts of gongkai use (sessions are the caller's: nothing here commits,
except ``db.migrate.upgrade``):

- ``db.engine.make_engine(url) -> Engine`` (SQLite: WAL, foreign keys on, busy timeout);
  ``db.engine.session_factory(engine) -> sessionmaker``;
  ``db.engine.make_readonly_engine(url)`` (SQLite ``mode=ro``, PostgreSQL read-only transactions).
- ``db.migrate.upgrade(url)``: ``alembic upgrade head`` plus the shipped regions list; idempotent.
- ``db.blobstore``: ``BlobStore`` Protocol (``put(data) -> sha256``, write-once, atomic;
  ``get(sha)``; ``exists(sha)``; ``stat(sha) -> BlobStat | None``), ``LocalBlobStore(root)``
  sharded as ``ab/cd/<sha256>``, ``open_blob_store(settings)``.
- ``db.archive`` (crawling): ``upsert_portal``, ``start_crawl_run``, ``record_portal_outcome``,
  ``finish_crawl_run``, ``ensure_portal``, ``record_fetch``, ``upsert_document -> DocumentRef``
  and their batch forms ``record_fetches -> [id]``, ``upsert_documents -> [DocumentRef]``,
  ``latest_validators -> Validators | None``, ``mark_gone``, ``record_parse_failure``.
- ``db.loader.load_report(session, report, *, source_url, document_sha256, parser_version,
  findings, provenance, seen_at) -> LoadResult(report_id, version, status, version_id,
  agency_id)`` with status ``new`` | ``unchanged`` | ``new_version``; raises
  ``gongkai.core.report.ReportFormatError`` (``.field``) before writing anything, and
  ``db.bulk.BulkInsertError`` (an ``SQLAlchemyError``) when the database refuses a value.
  Times only move forward: an older ``seen_at`` loaded late changes no validity interval.
  ``db.loader.load_reports(session, [ReportInput | dict, ...]) -> list[LoadResult]``: the same
  for a batch, set-wise (what ``gongkai load`` and bulk loaders use).
  ``db.loader.load_files(factory, paths, ...)``: files in batches, bad files named and skipped.
- ``db.history``: ``report_history(session, agency, year)`` (versions and the cells that
  changed between them), ``versions_as_of(session, at)``.
- ``db.regions``: ``resolve_region(name) -> RegionMatch(code, name, level, candidates)``.
- ``db.agencies``: agency identity. ``names.read_name(name) -> NameParts`` and
  ``names.classify(name)`` (the kinds of ``gongkai.core.agency_kinds``);
  ``resolve.Resolver(known).resolve(Sighting(name, year, region_code, portal_agency))
  -> Resolution(identity, agency_id, findings)`` (pure); ``store.assign(conn, sightings)``
  (what the loader calls); ``decisions.merge / split / link / undo / backfill``;
  ``config.read / apply`` (agencies.toml); ``lookup.find_agency_id(conn, text)``;
  ``listing.list_agencies(conn)``.
- ``db.query.run_readonly(url, sql, params=None) -> QueryResult``: a read-only query for
  ``gongkai sql``; ``ReadOnlyViolation`` when the statement tries to write.

Tables and public views are described in ``docs/schema.md``.
"""
