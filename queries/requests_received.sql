-- title: Requests received per agency and year
-- description: New requests (本年新收) and requests carried over from the previous year (上年结转), by applicant, for every current report. Empty cells count as zero.
-- param: agency text optional Any name the agency signed with, or its canonical name (empty: all)
-- param: year int optional Reporting year (empty: all)
SELECT agency, region_code, year,
       SUM(CASE WHEN row_code = 'new' AND column_code = 'natural_person' THEN COALESCE(value, 0) ELSE 0 END) AS new_natural_person,
       SUM(CASE WHEN row_code = 'new' AND column_code IN ('commercial', 'research', 'nonprofit', 'legal_services', 'other_org') THEN COALESCE(value, 0) ELSE 0 END) AS new_organisations,
       SUM(CASE WHEN row_code = 'new' AND column_code = 'total' THEN COALESCE(value, 0) ELSE 0 END) AS new_total,
       SUM(CASE WHEN row_code = 'carried_over' AND column_code = 'total' THEN COALESCE(value, 0) ELSE 0 END) AS carried_over_total,
       SUM(CASE WHEN row_code IN ('new', 'carried_over') AND column_code = 'total' THEN COALESCE(value, 0) ELSE 0 END) AS received_total,
       agency_id
FROM v_requests
WHERE row_code IN ('new', 'carried_over')
  AND (COALESCE(CAST(:agency AS TEXT), '') = '' OR agency_id IN (SELECT agency_id FROM v_reports WHERE agency = CAST(:agency AS TEXT) OR agency_name = CAST(:agency AS TEXT)))
  AND (COALESCE(CAST(:year AS TEXT), '') = '' OR year = CAST(NULLIF(CAST(:year AS TEXT), '') AS INTEGER))
GROUP BY agency_id, agency, region_code, year
ORDER BY agency, year
