-- title: Late and missing reports
-- description: From the coverage ledger v_coverage: reports published after the statutory deadline (by the agency's kind and the year: from report year 2019, 31 January for offices and departments, 31 March for governments and zones, 条例 art. 49; before, 31 March for all) and years with no report although the deadline has passed; blocked and unreachable mean the agency's portal could not be checked.
-- param: status text optional One of late, missing, blocked, unreachable (empty: all four)
SELECT region_code, agency, year, status, published, deadline, agency_id, kind
FROM v_coverage
WHERE status IN ('late', 'missing', 'blocked', 'unreachable')
  AND (COALESCE(CAST(:status AS TEXT), '') = '' OR status = CAST(:status AS TEXT))
ORDER BY agency_id, year
