"""The public views of the archive, with a title and a description of every column.

Used for Datasette's metadata (``serve``), the export (one file per view) and docs/querying.md.
The views themselves are created by the migrations (docs/schema.md).
"""

from __future__ import annotations

from dataclasses import dataclass

_AGENCY = "Publishing agency, as printed on this report (署名机关); names drift: group by agency_id"
_AGENCY_ID = "The agency's stable key across its names and years (撤县设区 included)"
_AGENCY_NAME = "The agency's canonical name (the latest it signed with)"
_REGION = "GB/T 2260 code of the agency's division (county, prefecture or province), when resolved"
_YEAR = "Reporting year (the report covers this calendar year)"


@dataclass(frozen=True, slots=True)
class View:
    name: str
    title: str
    description: str
    columns: dict[str, str]


VIEWS: tuple[View, ...] = (
    View(
        "v_reports",
        "Reports (current versions)",
        "One row per agency and year: the current version of each archived report.",
        {
            "report_id": "Archive id of the report (agency, year)",
            "agency": _AGENCY,
            "region_code": _REGION,
            "year": _YEAR,
            "version": "Number of the current version (1 = as first archived)",
            "published": "Date the report gives for itself (signature or page), if any",
            "source_url": "Where the current version was read from",
            "format": "Table layout: 2021 (国办公开办函〔2021〕30号), 2019, legacy (2008–2018, "
            "key figures in v_legacy), or prose (legacy, archived before its figures were read)",
            "agency_id": _AGENCY_ID,
            "agency_name": _AGENCY_NAME,
        },
    ),
    View(
        "v_report_versions",
        "Report versions",
        "Every distinct content a report has had; a new version means the published report changed.",
        {
            "report_id": "Archive id of the report",
            "agency": _AGENCY,
            "region_code": _REGION,
            "year": _YEAR,
            "version": "Version number, from 1",
            "version_id": "Archive id of this version",
            "content_hash": "sha256 of the normalised tables and metadata",
            "published": "Date the report gives for itself",
            "source_url": "Where this version was read from",
            "format": "Table layout",
            "document_sha256": "sha256 of the document's bytes",
            "parser_version": "Parser that read it",
            "valid_from": "When this content was first archived",
            "superseded_at": "When a newer content replaced it (empty: current)",
            "last_seen": "Last time this content was seen published",
            "is_current": "1 for the current version",
            "agency_id": _AGENCY_ID,
            "agency_name": _AGENCY_NAME,
        },
    ),
    View(
        "v_proactive",
        "Table 2: proactive disclosure",
        "主动公开政府信息情况: rules, normative documents, licensing, penalties, coercion, fees.",
        {
            "agency": _AGENCY,
            "region_code": _REGION,
            "year": _YEAR,
            "item": "Row of table 2 (rules, normative_documents, licensing, penalties, coercion, fees; "
            "2019 format also other_services, procurement)",
            "measure": "issued, repealed, in_force, decisions or amount_10k_yuan (万元); 2019 format: "
            "created, published, total_published, prior_items, change (may be negative), "
            "decisions, procurement_items, procurement_amount",
            "value": "The number as published; empty where the report left the cell empty",
            "agency_id": _AGENCY_ID,
            "agency_name": _AGENCY_NAME,
        },
    ),
    View(
        "v_requests",
        "Table 3: requests received and handled",
        "收到和处理政府信息公开申请情况: one row per report, table row and applicant column.",
        {
            "agency": _AGENCY,
            "region_code": _REGION,
            "year": _YEAR,
            "row_code": "Row of table 3: new, carried_over, granted … other_other, handled_total, "
            "carried_forward (2019 format: other_processing instead of the three other_ rows)",
            "column_code": "Applicant column: natural_person, commercial, research, nonprofit, legal_services, other_org, total",
            "value": "Number of requests; empty where the report left the cell empty",
            "agency_id": _AGENCY_ID,
            "agency_name": _AGENCY_NAME,
        },
    ),
    View(
        "v_appeals",
        "Table 4: administrative review and litigation",
        "政府信息公开行政复议、行政诉讼情况.",
        {
            "agency": _AGENCY,
            "region_code": _REGION,
            "year": _YEAR,
            "group_code": "review, litigation_direct or litigation_after_review",
            "measure": "upheld, corrected, other, pending or total",
            "value": "Number of cases",
            "agency_id": _AGENCY_ID,
            "agency_name": _AGENCY_NAME,
        },
    ),
    View(
        "v_findings",
        "Findings: broken identities",
        "Identities a correct report satisfies (REPORT_FORMAT.md): 1-4 within a report, "
        "5 across years (carried over against last year's carried forward).",
        {
            "agency": _AGENCY,
            "region_code": _REGION,
            "year": _YEAR,
            "rule": "Identity rule 1-5, or another finding code (agency_ambiguous, total_blank, "
            "parse:mixed_edition …)",
            "detail": "What does not add up",
            "agency_id": _AGENCY_ID,
            "agency_name": _AGENCY_NAME,
        },
    ),
    View(
        "v_failures",
        "Documents that could not be parsed",
        "Documents kept in the archive whose reading failed, with the reason.",
        {
            "url": "Document URL",
            "sha256": "sha256 of its bytes",
            "reason": "Failure class",
            "first_seen": "First failure",
            "detail": "Error detail",
            "last_seen": "Latest failure",
        },
    ),
    View(
        "v_coverage",
        "Coverage ledger",
        "For every agency seen publishing, every year from its first report to last year: found, "
        "late (from report year 2019: after 31 January for offices and departments, 31 March for "
        "governments and zones, 条例 art. 49; before, 31 March for all), missing, "
        "blocked or unreachable (from the latest crawl of its portal) or not_due.",
        {
            "region_code": _REGION,
            "agency": _AGENCY,
            "year": _YEAR,
            "status": "found, late, missing, blocked, unreachable or not_due",
            "published": "First publication: the earliest date any version of the report states",
            "deadline": "Statutory deadline for this year's report, by the agency's kind and the year",
            "agency_id": _AGENCY_ID,
            "agency_name": _AGENCY_NAME,
            "kind": "Agency kind: government, government_office, department, township, street_office, zone, other",
        },
    ),
    View(
        "v_portal_runs",
        "Portal runs",
        "Every portal's outcome in every crawl run, with the counts that justify it: ok, partial, "
        "layout_changed, blocked, unreachable, robots_disallowed, moved (gongkai.core.outcomes).",
        {
            "run_id": "Crawl run",
            "portal_id": "Portal of the registry",
            "started": "When the portal's walk started (the run's start for older rows)",
            "finished": "When the portal's walk finished (the run's end for older rows)",
            "outcome": "ok, partial, layout_changed, blocked, unreachable, robots_disallowed or "
            "moved",
            "detail": "What happened: the page and what was expected there, the failures by "
            "status, the new address of a moved portal",
            "counts": "JSON: pages_ok, lists, list_pages, reports_found, failed, failed_status "
            "(by role and HTTP status or network error), guesses_missed, moved, budget, …",
        },
    ),
    View(
        "v_cross_year",
        "Cross-year check (rule 5)",
        "This year's carried_over (上年结转) against last year's carried_forward (结转下年度继续办理), per column.",
        {
            "agency": _AGENCY,
            "region_code": _REGION,
            "year": _YEAR,
            "column_code": "Applicant column",
            "carried_over": "This year's carried_over (empty as 0)",
            "previous_carried_forward": "Last year's carried_forward (empty as 0)",
            "consistent": "1 when the two agree",
            "agency_id": _AGENCY_ID,
            "agency_name": _AGENCY_NAME,
            "lineage_step": "The lineage step between the two reports (county_to_district, rename …), if any",
        },
    ),
    View(
        "v_legacy",
        "Legacy reports (2008–2018): key figures",
        "Before the 2019 tables: the figures a report states in its sentences or its own "
        "statistical table, one row per report and key figure, with where each was printed.",
        {
            "agency_id": _AGENCY_ID,
            "agency": _AGENCY,
            "region_code": _REGION,
            "year": _YEAR,
            "measure": "proactive_items, requests_received, requests_answered, granted, "
            "partly_granted, denied, not_held, not_this_agency, other_answers, fees_yuan (元), "
            "review, litigation or complaints",
            "value": "The figure as printed; empty where the report does not state it",
            "source": "sentence or table",
            "location": "The section heading of the sentence, or the table row and its column",
            "quote": "The sentence or table row as printed",
            "agency_name": _AGENCY_NAME,
        },
    ),
    View(
        "v_series",
        "One series, 2008–2025",
        "Legacy figures beside the nearest cells of the 2019/2021 tables (requests received ↔ "
        "本年新收, granted ↔ 予以公开, review ↔ 行政复议 …), per agency and year.",
        {
            "agency_id": _AGENCY_ID,
            "agency": _AGENCY,
            "region_code": _REGION,
            "year": _YEAR,
            "measure": "requests_received, requests_answered, granted, partly_granted, denied, "
            "not_held, review or litigation",
            "value": "The figure; empty where the report left it empty or did not state it",
            "format": "The report's format: legacy, 2019 or 2021",
            "origin": "The figure's source: legacy.<key>, requests.<row>.total, "
            "requests.denied_*.total, appeals.review.total or appeals.litigation_*.total",
            "agency_name": _AGENCY_NAME,
        },
    ),
)

BY_NAME: dict[str, View] = {v.name: v for v in VIEWS}
