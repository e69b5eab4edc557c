"""Rule 5 from Python: this year's carried_over against last year's carried_forward.

The archive computes it in the view ``v_cross_year`` (migration 0002) whenever it is queried,
so ``v_findings`` always reflects the current versions of both years and nothing is stored at
load time that could go stale. ``cross_year_findings`` returns the same breaks as
``gongkai.core.report.Finding`` objects, e.g. for a pipeline that reports findings per document.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from gongkai.core.report import Finding


def cross_year_findings(session: Session, agency: str, year: int) -> list[Finding]:
    """Rule 5 breaks of ``agency``'s report for ``year`` (empty when last year is not archived);
    ``agency`` is any name the agency signed with, or its canonical name."""
    rows = session.execute(
        text(
            "SELECT column_code, carried_over, previous_carried_forward FROM v_cross_year "
            "WHERE agency_id IN (SELECT agency_id FROM v_reports "
            "WHERE agency = :agency OR agency_name = :agency) "
            "AND year = :year AND consistent = 0 ORDER BY column_code"
        ),
        {"agency": agency, "year": year},
    ).all()
    return [
        Finding(
            "5",
            f"{col}: carried_over = {this} but {year - 1} carried_forward = {prev}",
            (f"requests.carried_over.{col}",),
        )
        for col, this, prev in rows
    ]
