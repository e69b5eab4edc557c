import json

import pytest

from gongkai.core.report import ReportFormatError, check_identities, validate


def _truths(shared_dir):
    return sorted((shared_dir / "seeds" / "truth").glob("*.json")) + sorted(
        (shared_dir / "real" / "truth").glob("*.json")
    )


def test_truth_files_validate_and_satisfy_identities(shared_dir):
    for path in _truths(shared_dir):
        report = validate(json.loads(path.read_text("utf-8")))
        assert check_identities(report) == [], path.name


def test_broken_cell_is_reported_by_rules_1_2_3(shared_dir):
    report = validate(json.loads(_truths(shared_dir)[0].read_text("utf-8")))
    report["requests"]["granted"]["natural_person"] = 5
    rules = {f.rule for f in check_identities(report)}
    assert rules == {"2", "3"}
    report["requests"]["new"]["total"] = 9
    assert "1" in {f.rule for f in check_identities(report)}


@pytest.mark.parametrize(
    ("patch", "field"),
    [
        ({"requests": {"bogus": {}}}, "requests.bogus"),
        ({"requests": {"new": {"aliens": 1}}}, "requests.new.aliens"),
        ({"requests": {"new": {"total": -1}}}, "requests.new.total"),
        ({"appeals": {"review": {"total": "many"}}}, "appeals.review.total"),
        ({"year": "soon"}, "year"),
    ],
)
def test_bad_reports_name_the_field(patch, field):
    data = {"agency": "绥中县", "year": 2024, "format": "2021", **patch}
    with pytest.raises(ReportFormatError) as err:
        validate(data)
    assert err.value.field == field
