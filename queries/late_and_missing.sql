-- title: Late and missing reports
-- description: From the coverage ledger v_coverage: reports published after the statutory deadline (31 January for departments, 31 March for governments, 条例 art. 49) and years with no report although the deadline has passed; blocked and unreachable mean the agency's portal could not be checked.
-- param: status text optional One of late, missing, blocked, unreachable (empty: all four)
SELECT region_code, agency, year, status, published, deadline
FROM v_coverage
WHERE status IN ('late', 'missing', 'blocked', 'unreachable')
  AND (COALESCE(CAST(:status AS TEXT), '') = '' OR status = CAST(:status AS TEXT))
ORDER BY agency, year
