-- title: Reports changed after publication
-- description: Reports of which the archive holds more than one version: the published content changed after it was first archived. First and last archived dates, number of versions; `gongkai history AGENCY YEAR` shows the changed cells.
-- param: agency text optional Any name the agency signed with, or its canonical name (empty: all)
SELECT report_id, MAX(agency) AS agency, region_code, year, COUNT(*) AS versions,
       MIN(valid_from) AS first_archived, MAX(valid_from) AS last_changed, agency_id
FROM v_report_versions
WHERE (COALESCE(CAST(:agency AS TEXT), '') = '' OR agency_id IN (SELECT agency_id FROM v_reports WHERE agency = CAST(:agency AS TEXT) OR agency_name = CAST(:agency AS TEXT)))
GROUP BY report_id, agency_id, region_code, year
HAVING COUNT(*) > 1
ORDER BY agency, year
