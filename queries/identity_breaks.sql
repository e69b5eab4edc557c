-- title: Agencies whose tables break an identity
-- description: Current reports with findings under the template's identities (1-4, within a report) and the cross-year rule 5 (carried over against last year's carried forward): one row per agency, year and rule, with how many breaks and one example.
-- param: rule text optional Identity rule 1-5 (empty: all)
SELECT agency, region_code, year, rule, COUNT(*) AS breaks, MIN(detail) AS example, agency_id
FROM v_findings
WHERE rule IN ('1', '2', '3', '4', '5')
  AND (COALESCE(CAST(:rule AS TEXT), '') = '' OR rule = CAST(:rule AS TEXT))
GROUP BY agency_id, agency, region_code, year, rule
ORDER BY agency, year, rule
