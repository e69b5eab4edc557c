"""Report titles as the alternative world writes them, and the near misses around them."""

from __future__ import annotations

import pytest

from crawler import recognise


@pytest.mark.parametrize(
    "title",
    [
        "东江县人民政府政府信息公开工作年度报告（2023年度）",
        "东江县财政局政府信息公开年报(2022年)",
        "2024年度东江县财政局政府信息公开工作年度报告",
        "东江县2023年政府信息公开年报",
    ],
)
def test_report_titles(title: str) -> None:
    assert recognise.is_report_title(title)


@pytest.mark.parametrize(
    "title",
    [
        "政府信息公开工作年度报告（2023年）解读",
        "关于报送政府信息公开工作年度报告（2023年度）的通知",
        "图解：东江县2023年政府信息公开工作年度报告",
        "东江县2024年政务公开工作要点",
        "政府信息公开工作年度报告",
    ],
)
def test_not_report_titles(title: str) -> None:
    assert not recognise.is_report_title(title)
