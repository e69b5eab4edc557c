-- title: Outcome shares of handled requests
-- description: How handled requests ended (table 3, 总计 column), per year: granted, partly granted, denied by reason, unavailable, rejected and other; requests and percent of all handled results that year. Filter by agency to see one agency.
-- param: agency text optional Agency name as it signs its report (empty: all)
-- param: year int optional Reporting year (empty: all)
WITH results AS (
    SELECT year, row_code,
           CASE
             WHEN row_code = 'granted' THEN 'granted'
             WHEN row_code = 'partly_granted' THEN 'partly_granted'
             WHEN row_code LIKE 'denied%' THEN 'denied'
             WHEN row_code LIKE 'unavailable%' THEN 'unavailable'
             WHEN row_code LIKE 'rejected%' THEN 'rejected'
             ELSE 'other'
           END AS outcome,
           COALESCE(value, 0) AS requests
    FROM v_requests
    WHERE column_code = 'total'
      AND row_code NOT IN ('new', 'carried_over', 'handled_total', 'carried_forward')
      AND (COALESCE(CAST(:agency AS TEXT), '') = '' OR agency = CAST(:agency AS TEXT))
      AND (COALESCE(CAST(:year AS TEXT), '') = '' OR year = CAST(NULLIF(CAST(:year AS TEXT), '') AS INTEGER))
),
per_row AS (
    SELECT year, outcome, row_code, SUM(requests) AS requests FROM results GROUP BY year, outcome, row_code
),
per_year AS (
    SELECT year, SUM(requests) AS handled FROM results GROUP BY year
)
SELECT p.year, p.outcome, p.row_code AS reason, p.requests, y.handled,
       ROUND(100.0 * p.requests / NULLIF(y.handled, 0), 2) AS percent
FROM per_row p JOIN per_year y ON y.year = p.year
ORDER BY p.year,
         CASE p.outcome WHEN 'granted' THEN 1 WHEN 'partly_granted' THEN 2 WHEN 'denied' THEN 3
                        WHEN 'unavailable' THEN 4 WHEN 'rejected' THEN 5 ELSE 6 END,
         p.row_code
