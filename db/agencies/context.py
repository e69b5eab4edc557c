"""Where a report was found, as context for its name: the portal's division and own agency."""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from sqlalchemy import Connection, Table, select

from db.models import Agency, Document, Portal

DOCUMENTS = cast(Table, Document.__table__)
PORTALS = cast(Table, Portal.__table__)
AGENCIES = cast(Table, Agency.__table__)


def sighting_contexts(
    conn: Connection, urls: Iterable[str | None]
) -> dict[str | None, tuple[str | None, str | None]]:
    """source URL → (the region code of the portal it was archived from, that portal's agency
    name), for the URLs the archive fetched from a registered portal."""
    wanted = sorted({u for u in urls if u})
    if not wanted:
        return {}
    rows = conn.execute(
        select(DOCUMENTS.c.url, PORTALS.c.region_code, AGENCIES.c.name)
        .join(PORTALS, PORTALS.c.id == DOCUMENTS.c.portal_id)
        .outerjoin(AGENCIES, AGENCIES.c.id == PORTALS.c.agency_id)
        .where(DOCUMENTS.c.url.in_(wanted))
    )
    return {url: (region, agency) for url, region, agency in rows}
