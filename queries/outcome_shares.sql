-- title: Outcome shares of handled requests
-- description: How handled requests ended (table 3, 总计 column), per year: granted, partly granted, denied by reason, unavailable, rejected and other; requests and percent of all handled results that year. Filter by agency to see one agency.
-- param: agency text optional Any name the agency signed with, or its canonical name (empty: all)
-- param: year int optional Reporting year (empty: all)
WITH per_row AS (
    SELECT year, row_code, SUM(COALESCE(value, 0)) AS requests
    FROM v_requests
    WHERE column_code = 'total'
      AND row_code IN ('granted', 'partly_granted', 'denied_state_secret', 'denied_law_prohibited', 'denied_security_stability', 'denied_third_party', 'denied_internal_affairs', 'denied_process_info', 'denied_enforcement_file', 'denied_admin_query', 'unavailable_not_held', 'unavailable_needs_creation', 'unavailable_unclear', 'rejected_petition', 'rejected_duplicate', 'rejected_publication', 'rejected_excessive', 'rejected_confirmation', 'other_no_correction', 'other_unpaid_fee', 'other_other', 'other_processing')
      AND (COALESCE(CAST(:agency AS TEXT), '') = '' OR agency_id IN (SELECT agency_id FROM v_reports WHERE agency = CAST(:agency AS TEXT) OR agency_name = CAST(:agency AS TEXT)))
      AND (COALESCE(CAST(:year AS TEXT), '') = '' OR year = CAST(NULLIF(CAST(:year AS TEXT), '') AS INTEGER))
    GROUP BY year, row_code
),
shares AS (
    SELECT year, row_code, requests, SUM(requests) OVER (PARTITION BY year) AS handled,
           CASE
             WHEN row_code IN ('granted', 'partly_granted') THEN row_code
             WHEN row_code LIKE 'denied%' THEN 'denied'
             WHEN row_code LIKE 'unavailable%' THEN 'unavailable'
             WHEN row_code LIKE 'rejected%' THEN 'rejected'
             ELSE 'other'
           END AS outcome
    FROM per_row
)
SELECT year, outcome, row_code AS reason, requests, handled,
       ROUND(100.0 * requests / NULLIF(handled, 0), 2) AS percent
FROM shares
ORDER BY year,
         CASE outcome WHEN 'granted' THEN 1 WHEN 'partly_granted' THEN 2 WHEN 'denied' THEN 3
                      WHEN 'unavailable' THEN 4 WHEN 'rejected' THEN 5 ELSE 6 END,
         row_code
