-- title: One agency, year by year
-- description: For one agency, across every name it signed with (洪泽区人民政府, 淮安市洪泽区人民政府) and one-to-one division changes (洪泽县 → 洪泽区): the coverage status of every year, requests received (new, 总计) and handled, requests granted, and the number of findings. Years without a report show their status only.
-- param: agency text required Any name the agency signed with, or its canonical name
WITH target AS (
    SELECT DISTINCT agency_id FROM v_coverage
    WHERE agency = CAST(:agency AS TEXT) OR agency_name = CAST(:agency AS TEXT)
),
req AS (
    SELECT agency_id, year,
           SUM(CASE WHEN row_code = 'new' THEN COALESCE(value, 0) END) AS new_requests,
           SUM(CASE WHEN row_code = 'handled_total' THEN COALESCE(value, 0) END) AS handled,
           SUM(CASE WHEN row_code = 'granted' THEN COALESCE(value, 0) END) AS granted
    FROM v_requests
    WHERE agency_id IN (SELECT agency_id FROM target) AND column_code = 'total'
      AND row_code IN ('new', 'handled_total', 'granted')
    GROUP BY agency_id, year
),
fnd AS (
    SELECT agency_id, year, COUNT(*) AS findings FROM v_findings
    WHERE agency_id IN (SELECT agency_id FROM target)
    GROUP BY agency_id, year
)
SELECT c.agency, c.year, c.status, c.published, c.deadline,
       req.new_requests, req.handled, req.granted, COALESCE(fnd.findings, 0) AS findings,
       c.agency_id, c.agency_name
FROM v_coverage c
LEFT JOIN req ON req.agency_id = c.agency_id AND req.year = c.year
LEFT JOIN fnd ON fnd.agency_id = c.agency_id AND fnd.year = c.year
WHERE c.agency_id IN (SELECT agency_id FROM target)
ORDER BY c.agency_id, c.year
