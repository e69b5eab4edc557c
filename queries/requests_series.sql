-- title: Requests received per year, 2008–2025
-- description: For one agency: the requests it received each year across both eras: a legacy report's 收到/受理…申请 (2008–2018) and table 3's 本年新收 total (2019 on), with the report's format and the cells behind each figure (v_series). A year without a report has no row (v_coverage says why); an empty value: the report states no number.
-- param: agency text required Agency name as in v_reports
SELECT agency, year, value AS requests_received, format, origin
FROM v_series
WHERE agency = CAST(:agency AS TEXT)
  AND measure = 'requests_received'
  AND year BETWEEN 2008 AND 2025
ORDER BY year
