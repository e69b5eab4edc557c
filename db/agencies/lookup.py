"""Finding an agency by what a person types: its id (``12`` or ``#12``) or a name it signed."""

from __future__ import annotations

from sqlalchemy import Connection, select

from db.agencies.names import normalize
from db.agencies.resolve import Resolver, Sighting
from db.agencies.store import AGENCIES, NAMES


class AmbiguousName(LookupError):
    """Several agencies signed with this name (in different divisions): use the id."""

    def __init__(self, name: str, ids: list[int]) -> None:
        super().__init__(
            f"{name!r} is a name of several agencies ({', '.join(f'#{i}' for i in ids)}); "
            "give the id instead"
        )
        self.ids = ids


def _final(conn: Connection, agency_id: int) -> int:
    merged = conn.execute(
        select(AGENCIES.c.merged_into).where(AGENCIES.c.id == agency_id)
    ).scalar_one_or_none()
    return merged or agency_id


def find_agency_id(conn: Connection, text: str) -> int | None:
    """The agency ``text`` names: an id, a recorded name, or a name that resolves to one."""
    raw = text.strip().removeprefix("#")
    if raw.isdigit():
        found = conn.execute(select(AGENCIES.c.id).where(AGENCIES.c.id == int(raw))).scalar()
        return _final(conn, found) if found is not None else None
    names = {text.strip(), normalize(text)}
    ids = sorted(
        {
            _final(conn, a)
            for a in conn.execute(
                select(NAMES.c.agency_id).where(NAMES.c.name.in_(sorted(names)))
            ).scalars()
        }
    )
    if len(ids) > 1:
        raise AmbiguousName(text, ids)
    if ids:
        return ids[0]
    key = Resolver().identify(Sighting(text)).key
    if key is None:
        return None
    found = conn.execute(select(AGENCIES.c.id).where(AGENCIES.c.identity == key)).scalar()
    return _final(conn, found) if found is not None else None
