"""``gongkai report``: a static HTML summary of the archive with charts (matplotlib, Agg).

Charts: the coverage ledger as a heatmap (agency × year; the agencies with the most gaps first,
at most ``MAX_AGENCIES``) and its status counts per year, requests received and handled per
year, the outcome shares per year, and the most frequent findings. Chinese labels need a CJK
font: Noto Sans CJK from Debian's fonts-noto-cjk.
"""

from __future__ import annotations

import html
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from db.engine import make_engine

MAX_AGENCIES = 40
CJK_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
)
STATUSES = ("found", "late", "missing", "blocked", "unreachable", "not_due")
STATUS_COLORS = {
    "found": "#2e7d32",
    "late": "#f9a825",
    "missing": "#c62828",
    "blocked": "#6a1b9a",
    "unreachable": "#455a64",
    "not_due": "#cfd8dc",
}
OUTCOMES = ("granted", "partly_granted", "denied", "unavailable", "rejected", "other")
OUTCOME_LABELS = {
    "granted": "予以公开",
    "partly_granted": "部分公开",
    "denied": "不予公开",
    "unavailable": "无法提供",
    "rejected": "不予处理",
    "other": "其他处理",
}
RULE_LABELS = {
    "1": "1 新收+结转=办理+结转下年",
    "2": "2 办理总数=各结果之和",
    "3": "3 总计=各申请人之和",
    "4": "4 复议诉讼总计",
    "5": "5 跨年结转",
}


@dataclass(frozen=True, slots=True)
class Chart:
    file: str
    title: str
    caption: str


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib import pyplot as plt

    for path in CJK_FONTS:
        if Path(path).is_file():
            font_manager.fontManager.addfont(path)
            plt.rcParams["font.family"] = ["Noto Sans CJK SC", "DejaVu Sans"]
            break
    plt.rcParams["axes.unicode_minus"] = False
    return plt


def _rows(engine: Engine, sql: str) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.exec_driver_sql(sql)]


def _outcome(row_code: str) -> str:
    for prefix in ("denied", "unavailable", "rejected"):
        if row_code.startswith(prefix):
            return prefix
    return row_code if row_code in ("granted", "partly_granted") else "other"


def _coverage_charts(plt: Any, coverage: list[tuple[Any, ...]], out: Path) -> list[Chart]:
    import numpy as np
    from matplotlib.colors import ListedColormap

    if not coverage:
        return []
    years = sorted({r[1] for r in coverage})
    by_agency: dict[str, dict[int, str]] = defaultdict(dict)
    for agency, year, status in coverage:
        by_agency[agency][year] = status
    gaps = {
        a: sum(s not in ("found", "not_due") for s in ys.values()) for a, ys in by_agency.items()
    }
    agencies = sorted(by_agency, key=lambda a: (-gaps[a], a))[:MAX_AGENCIES]
    grid = np.full((len(agencies), len(years)), np.nan)
    for i, agency in enumerate(agencies):
        for j, year in enumerate(years):
            status = by_agency[agency].get(year)
            if status is not None:
                grid[i, j] = STATUSES.index(status)
    fig, ax = plt.subplots(figsize=(2 + 0.7 * len(years), 1.5 + 0.28 * len(agencies)))
    ax.imshow(
        grid,
        aspect="auto",
        interpolation="nearest",
        vmin=0,
        vmax=len(STATUSES) - 1,
        cmap=ListedColormap([STATUS_COLORS[s] for s in STATUSES]),
    )
    ax.set_xticks(range(len(years)), [str(y) for y in years])
    ax.set_yticks(range(len(agencies)), agencies, fontsize=8)
    ax.set_title("报告覆盖情况（机关 × 年度）")
    handles = [plt.Rectangle((0, 0), 1, 1, color=STATUS_COLORS[s]) for s in STATUSES]
    ax.legend(handles, STATUSES, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)
    fig.tight_layout()
    fig.savefig(out / "coverage_heatmap.png", dpi=100)
    plt.close(fig)

    counts = Counter((r[1], r[2]) for r in coverage)
    fig, ax = plt.subplots(figsize=(8, 4))
    bottom = np.zeros(len(years))
    for status in STATUSES:
        values = np.array([counts.get((y, status), 0) for y in years])
        ax.bar(
            [str(y) for y in years],
            values,
            bottom=bottom,
            color=STATUS_COLORS[status],
            label=status,
        )
        bottom += values
    ax.set_title("各年度报告状态（全部机关）")
    ax.set_ylabel("机关数")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out / "coverage_by_year.png", dpi=100)
    plt.close(fig)
    shown = f"{len(agencies)} of {len(by_agency)} agencies, those with the most gaps first"
    return [
        Chart("coverage_heatmap.png", "Coverage: agency × year", shown),
        Chart("coverage_by_year.png", "Coverage status per year", "All agencies seen publishing"),
    ]


def _request_charts(plt: Any, requests: list[tuple[Any, ...]], out: Path) -> list[Chart]:
    import numpy as np

    if not requests:
        return []
    received: Counter[int] = Counter()
    handled: Counter[int] = Counter()
    outcomes: dict[int, Counter[str]] = defaultdict(Counter)
    for year, row_code, value in requests:
        value = int(value or 0)
        if row_code == "new":
            received[year] += value
        elif row_code == "handled_total":
            handled[year] += value
        elif row_code not in ("carried_over", "carried_forward"):
            outcomes[year][_outcome(row_code)] += value
    years = sorted(set(received) | set(handled) | set(outcomes))
    labels = [str(y) for y in years]
    fig, ax = plt.subplots(figsize=(8, 4))
    ax.plot(labels, [received[y] for y in years], marker="o", label="本年新收申请")
    ax.plot(labels, [handled[y] for y in years], marker="s", label="本年办理总数")
    ax.set_title("政府信息公开申请数量")
    ax.set_ylabel("件")
    ax.legend()
    fig.tight_layout()
    fig.savefig(out / "requests_by_year.png", dpi=100)
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(8, 4))
    bottom = np.zeros(len(years))
    for outcome in OUTCOMES:
        totals = [sum(outcomes[y].values()) or 1 for y in years]
        shares = np.array(
            [100.0 * outcomes[y][outcome] / t for y, t in zip(years, totals, strict=True)]
        )
        ax.bar(labels, shares, bottom=bottom, label=OUTCOME_LABELS[outcome])
        bottom += shares
    ax.set_title("办理结果构成（%）")
    ax.set_ylim(0, 100)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    fig.tight_layout()
    fig.savefig(out / "outcomes_by_year.png", dpi=100)
    plt.close(fig)
    return [
        Chart(
            "requests_by_year.png", "Requests received and handled", "Sum over all current reports"
        ),
        Chart(
            "outcomes_by_year.png",
            "Outcome shares",
            "Share of handled results per year (总计 column)",
        ),
    ]


def _findings_chart(plt: Any, findings: list[tuple[Any, ...]], out: Path) -> list[Chart]:
    if not findings:
        return []
    ranked = sorted(findings, key=lambda r: -int(r[1]))[:10]
    fig, ax = plt.subplots(figsize=(8, 0.6 + 0.45 * len(ranked)))
    ax.barh(
        [RULE_LABELS.get(str(r[0]), str(r[0])) for r in ranked][::-1],
        [int(r[1]) for r in ranked][::-1],
        color="#c62828",
    )
    ax.set_title("最常见的勾稽关系问题（报告数）")
    fig.tight_layout()
    fig.savefig(out / "findings.png", dpi=100)
    plt.close(fig)
    return [Chart("findings.png", "Most frequent findings", "Reports breaking each identity rule")]


def _page(charts: list[Chart], stats: dict[str, Any]) -> str:
    figures = "\n".join(
        f'<figure><h2>{html.escape(c.title)}</h2><img src="{c.file}" alt="{html.escape(c.title)}">'
        f"<figcaption>{html.escape(c.caption)}</figcaption></figure>"
        for c in charts
    )
    facts = "".join(
        f"<li>{html.escape(k)}: <b>{html.escape(str(v))}</b></li>" for k, v in stats.items()
    )
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>政府信息公开工作年度报告 archive summary</title>
<style>body{{font-family:"Noto Sans CJK SC",sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}}
figure{{margin:2em 0}} img{{max-width:100%;border:1px solid #ddd}}</style></head>
<body><h1>政府信息公开工作年度报告 · archive summary</h1>
<ul>{facts}</ul>
{figures or "<p>The archive holds no reports yet.</p>"}
</body></html>
"""


def build_report(url: str, out_dir: str | Path) -> Path:
    """Write ``index.html`` and its chart images into ``out_dir``; returns the page's path."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    engine = make_engine(url)
    try:
        coverage = _rows(engine, "SELECT agency, year, status FROM v_coverage")
        requests = _rows(
            engine,
            "SELECT year, row_code, SUM(value) FROM v_requests "
            "WHERE column_code = 'total' GROUP BY year, row_code",
        )
        findings = _rows(
            engine,
            "SELECT rule, COUNT(*) FROM (SELECT DISTINCT agency, year, rule "
            "FROM v_findings) f GROUP BY rule",
        )
        reports = _rows(engine, "SELECT COUNT(*), COUNT(DISTINCT agency) FROM v_reports")[0]
    finally:
        engine.dispose()
    plt = _pyplot()
    charts = (
        _coverage_charts(plt, coverage, out)
        + _request_charts(plt, requests, out)
        + _findings_chart(plt, findings, out)
    )
    status = Counter(r[2] for r in coverage)
    stats = {
        "generated": f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "reports": reports[0],
        "agencies": reports[1],
        **{f"years {s}": status[s] for s in STATUSES if status[s]},
    }
    index = out / "index.html"
    index.write_text(_page(charts, stats), "utf-8")
    return index
