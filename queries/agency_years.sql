-- title: One agency, year by year
-- description: For one agency: the coverage status of every year, requests received (new, 总计) and handled, requests granted, and the number of findings. Years without a report show their status only.
-- param: agency text required Agency name as it signs its report
WITH req AS (
    SELECT year,
           SUM(CASE WHEN row_code = 'new' THEN COALESCE(value, 0) END) AS new_requests,
           SUM(CASE WHEN row_code = 'handled_total' THEN COALESCE(value, 0) END) AS handled,
           SUM(CASE WHEN row_code = 'granted' THEN COALESCE(value, 0) END) AS granted
    FROM v_requests
    WHERE agency = CAST(:agency AS TEXT) AND column_code = 'total'
      AND row_code IN ('new', 'handled_total', 'granted')
    GROUP BY year
),
fnd AS (
    SELECT year, COUNT(*) AS findings FROM v_findings WHERE agency = CAST(:agency AS TEXT) GROUP BY year
)
SELECT c.agency, c.year, c.status, c.published, c.deadline,
       req.new_requests, req.handled, req.granted, COALESCE(fnd.findings, 0) AS findings
FROM v_coverage c
LEFT JOIN req ON req.year = c.year
LEFT JOIN fnd ON fnd.year = c.year
WHERE c.agency = CAST(:agency AS TEXT)
ORDER BY c.year
