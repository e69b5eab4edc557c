-- title: Requests received per year, 2008–2025
-- description: For one agency, across every name it signed with: the requests it received each year across both eras: a legacy report's 收到/受理…申请 (2008–2018) and table 3's 本年新收 total (2019 on), with the report's format and the cells behind each figure (v_series). A year without a report has no row (v_coverage says why); an empty value: the report states no number.
-- param: agency text required Any name the agency signed with, or its canonical name
WITH target AS (
    SELECT DISTINCT agency_id FROM v_series
    WHERE agency = CAST(:agency AS TEXT) OR agency_name = CAST(:agency AS TEXT)
)
SELECT agency, year, value AS requests_received, format, origin
FROM v_series
WHERE agency_id IN (SELECT agency_id FROM target)
  AND measure = 'requests_received'
  AND year BETWEEN 2008 AND 2025
ORDER BY year
