"""Chinese full-text search over the section texts of current report versions.

SQLite: an FTS5 table with the trigram tokenizer, one row per current version (rowid = version
id, the sections joined). It is a derived index kept outside Alembic (FTS5's shadow tables cannot
be described by the models): ``sync_index`` creates it when missing and brings it up to date
with the current versions; ``search`` calls it first. Terms of three or more characters use
MATCH (the trigram index); shorter ones (most two-character Chinese words) use LIKE on the same
table, which FTS5 answers by scanning it.

PostgreSQL: ILIKE on ``section_texts.text``, served by the pg_trgm GIN index of migration 0002.

A query is whitespace-separated terms; a report matches when every term occurs in its text.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, Engine, text

from db.engine import is_sqlite, make_engine
from gongkai.core.vocabulary import SECTIONS

FTS_TABLE = "search_fts"
SNIPPET_CHARS = 40
# Sections in the report's own order (unknown section codes last), for the indexed body.
SECTION_ORDER = (
    "CASE section "
    + " ".join(f"WHEN '{code}' THEN {i}" for i, code in enumerate(SECTIONS))
    + f" ELSE {len(SECTIONS)} END"
)


@dataclass(frozen=True, slots=True)
class Hit:
    agency: str
    region_code: str | None
    year: int
    version_id: int
    snippet: str


def terms_of(query: str) -> list[str]:
    terms = list(dict.fromkeys(t for t in query.split() if t))
    if not terms:
        raise ValueError("empty search: give one or more words, e.g. 行政复议 纠正")
    return terms


def _fts_exists(conn: Connection) -> bool:
    return (
        conn.exec_driver_sql(f"SELECT 1 FROM sqlite_master WHERE name = '{FTS_TABLE}'").first()
        is not None
    )


def sync_index(engine: Engine) -> tuple[int, int]:
    """Create the SQLite FTS5 index if missing and sync it with the current versions.

    Returns (rows added, rows removed). A no-op on PostgreSQL (the GIN index is maintained by
    the database)."""
    if engine.dialect.name != "sqlite":
        return 0, 0
    with engine.begin() as conn:
        conn.exec_driver_sql(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(body, tokenize='trigram')"
        )
        removed = conn.exec_driver_sql(f"""
            DELETE FROM {FTS_TABLE} WHERE rowid NOT IN (
                SELECT id FROM report_versions WHERE superseded_at IS NULL)""").rowcount
        # group_concat follows the inner ORDER BY in SQLite; the order only shapes snippets.
        added = conn.exec_driver_sql(f"""
            INSERT INTO {FTS_TABLE} (rowid, body)
            SELECT version_id, group_concat(text, char(10)) FROM (
                SELECT s.version_id, s.text FROM section_texts s
                JOIN report_versions v ON v.id = s.version_id AND v.superseded_at IS NULL
                WHERE s.version_id NOT IN (SELECT rowid FROM {FTS_TABLE})
                ORDER BY s.version_id, {SECTION_ORDER})
            GROUP BY version_id""").rowcount
    return added, removed


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _sqlite_ids(conn: Connection, terms: list[str], limit: int) -> list[int]:
    clauses, params = [], {}
    long_terms = [t for t in terms if len(t) >= 3]
    if long_terms:
        clauses.append(f"{FTS_TABLE} MATCH :match")
        params["match"] = " AND ".join('"' + t.replace('"', '""') + '"' for t in long_terms)
    for i, term in enumerate(t for t in terms if len(t) < 3):
        clauses.append(f"body LIKE :t{i} ESCAPE '\\'")
        params[f"t{i}"] = f"%{_escape_like(term)}%"
    sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {' AND '.join(clauses)} ORDER BY rowid LIMIT :limit"
    return list(conn.execute(text(sql), {**params, "limit": limit}).scalars())


def _pg_ids(conn: Connection, terms: list[str], limit: int) -> list[int]:
    # Every term somewhere in the report: one trigram-indexed lookup per term, intersected.
    per_term = " INTERSECT ".join(
        f"SELECT version_id FROM section_texts WHERE text ILIKE :t{i}" for i in range(len(terms))
    )
    params = {f"t{i}": f"%{_escape_like(t)}%" for i, t in enumerate(terms)}
    sql = f"""SELECT m.version_id FROM ({per_term}) m
              JOIN report_versions v ON v.id = m.version_id AND v.superseded_at IS NULL
              ORDER BY m.version_id LIMIT :limit"""
    return list(conn.execute(text(sql), {**params, "limit": limit}).scalars())


def snippet(body: str, terms: list[str], width: int = SNIPPET_CHARS) -> str:
    """Text around the first term found, terms marked with 【】, on one line."""
    flat = " ".join(body.split())
    lowered = flat.lower()
    positions = [p for p in (lowered.find(t.lower()) for t in terms) if p >= 0]
    start = min(positions) if positions else 0
    left, right = max(0, start - width), min(len(flat), start + width)
    piece = flat[left:right]
    for term in sorted(terms, key=len, reverse=True):
        piece = piece.replace(term, f"【{term}】")
    return ("…" if left else "") + piece + ("…" if right < len(flat) else "")


def search(url_or_engine: str | Engine, query: str, *, limit: int = 50) -> list[Hit]:
    """Current reports whose text contains every term of ``query``, oldest version id first."""
    terms = terms_of(query)
    engine = make_engine(url_or_engine) if isinstance(url_or_engine, str) else url_or_engine
    try:
        sqlite = is_sqlite(str(engine.url))
        if sqlite:
            sync_index(engine)
        with engine.connect() as conn:
            ids = _sqlite_ids(conn, terms, limit) if sqlite else _pg_ids(conn, terms, limit)
            if not ids:
                return []
            rows = conn.execute(
                text(
                    """
                SELECT v.id, a.name, a.region_code, r.year, s.section, s.text
                FROM report_versions v JOIN reports r ON r.id = v.report_id
                JOIN agencies a ON a.id = r.agency_id
                JOIN section_texts s ON s.version_id = v.id
                WHERE v.id IN ("""
                    + ", ".join(str(int(i)) for i in ids)
                    + """)
                ORDER BY v.id, """
                    + SECTION_ORDER
                )
            ).all()
    finally:
        if isinstance(url_or_engine, str):
            engine.dispose()
    bodies: dict[int, list[str]] = {}
    meta: dict[int, tuple[str, str | None, int]] = {}
    for vid, agency, region, year, _section, body in rows:
        bodies.setdefault(vid, []).append(body)
        meta[vid] = (agency, region, year)
    return [
        Hit(meta[v][0], meta[v][1], meta[v][2], v, snippet("\n".join(bodies[v]), terms))
        for v in ids
        if v in meta
    ]
