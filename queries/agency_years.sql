-- title: One agency, year by year
-- description: For one agency: the coverage status of every year, requests received (new, 总计) and handled, requests granted, and the number of findings. Years without a report show their status only.
-- param: agency text required Agency name as it signs its report
SELECT c.agency, c.year, c.status, c.published, c.deadline,
       (SELECT SUM(COALESCE(q.value, 0)) FROM v_requests q WHERE q.agency = c.agency AND q.year = c.year AND q.row_code = 'new' AND q.column_code = 'total') AS new_requests,
       (SELECT SUM(COALESCE(q.value, 0)) FROM v_requests q WHERE q.agency = c.agency AND q.year = c.year AND q.row_code = 'handled_total' AND q.column_code = 'total') AS handled,
       (SELECT SUM(COALESCE(q.value, 0)) FROM v_requests q WHERE q.agency = c.agency AND q.year = c.year AND q.row_code = 'granted' AND q.column_code = 'total') AS granted,
       (SELECT COUNT(*) FROM v_findings f WHERE f.agency = c.agency AND f.year = c.year) AS findings
FROM v_coverage c
WHERE c.agency = CAST(:agency AS TEXT)
ORDER BY c.year
