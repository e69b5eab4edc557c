"""Test documents for the OCR route, made from the official 2021 template.

``random_truth`` draws a report whose identities hold; ``fill_template`` writes it into
``template_2021.docx`` (title, statistics-period sentence, tables, signature) and
``docx_to_pdf`` renders it with LibreOffice. ``grid_truth`` gives, for each template table,
the expected text at every value position, so OCR output can be compared at grid level
without the interpreter.
"""

from __future__ import annotations

import copy
import random
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import docx

from gongkai import vocabulary as v

TEMPLATE = Path(__file__).resolve().parents[3] / "shared" / "format" / "template_2021.docx"

AGENCIES = ["绥中县人民政府", "武汉市硚口区融媒体中心", "淮安市生态环境局", "青岛市市南区教育局",
            "昆明市五华区人民政府办公室", "广州市天河区市场监督管理局", "成都市金牛区卫生健康局"]


def _count(rng: random.Random, big: bool) -> int:
    roll = rng.random()
    if roll < 0.45:
        return 0
    if roll < 0.8 or not big:
        return rng.randint(1, 30)
    return rng.randint(31, 2500)


def random_truth(rng: random.Random) -> dict[str, Any]:
    """A canonical report (REPORT_FORMAT.md) with random figures that satisfy identities 1-4."""
    year = rng.randint(2021, 2025)
    proactive = {
        "rules": {m: rng.randint(0, 12) for m in ("issued", "repealed", "in_force")},
        "normative_documents": {m: rng.randint(0, 60) for m in ("issued", "repealed", "in_force")},
        "licensing": {"decisions": _count(rng, True)},
        "penalties": {"decisions": _count(rng, True)},
        "coercion": {"decisions": _count(rng, False)},
        "fees": {"amount_10k_yuan": rng.choice(["0", f"{rng.randint(1, 999)}.{rng.randint(0, 99):02d}",
                                                 str(rng.randint(1, 5000))])},
    }
    requests: dict[str, dict[str, int]] = {row: {} for row in v.REQUEST_ROWS}
    for col in v.APPLICANT_COLUMNS:
        busy = col in ("natural_person", "commercial") or rng.random() < 0.3
        for row in v.RESULT_ROWS:
            requests[row][col] = _count(rng, row == "granted") if busy else 0
        handled = sum(requests[row][col] for row in v.RESULT_ROWS)
        requests["handled_total"][col] = handled
        carried_over = rng.randint(0, 9) if busy else 0
        carried_forward = rng.randint(0, 9) if busy else 0
        requests["carried_over"][col] = carried_over
        requests["carried_forward"][col] = carried_forward
        requests["new"][col] = handled + carried_forward - carried_over
        if requests["new"][col] < 0:
            requests["carried_over"][col] += requests["new"][col]
            requests["new"][col] = 0
    for row in requests.values():
        row["total"] = sum(row[c] for c in v.APPLICANT_COLUMNS)
    appeals = {}
    for group in v.APPEAL_GROUPS:
        cells = {m: (rng.randint(0, 12) if rng.random() < 0.5 else 0)
                 for m in ("upheld", "corrected", "other", "pending")}
        cells["total"] = sum(cells.values())
        appeals[group] = cells
    return {"agency": rng.choice(AGENCIES), "year": year, "format": "2021", "published": None,
            "proactive": proactive, "requests": requests, "appeals": appeals}


# Template geometry: (table index, row, column) of each value, in canonical order.
def _positions(truth: dict[str, Any]) -> list[tuple[int, int, int, str]]:
    out: list[tuple[int, int, int, str]] = []
    p = truth["proactive"]
    for r, item in ((2, "rules"), (3, "normative_documents")):
        for c, m in enumerate(("issued", "repealed", "in_force"), start=1):
            out.append((0, r, c, str(p[item][m])))
    for r, item in ((6, "licensing"), (9, "penalties"), (10, "coercion")):
        out.append((0, r, 1, str(p[item]["decisions"])))
    out.append((0, 13, 1, str(p["fees"]["amount_10k_yuan"])))
    for r, row in enumerate(v.REQUEST_ROWS, start=3):
        for c, col in enumerate(v.REQUEST_COLUMNS, start=3):
            out.append((1, r, c, str(truth["requests"][row][col])))
    for g, group in enumerate(v.APPEAL_GROUPS):
        for m, measure in enumerate(("upheld", "corrected", "other", "pending", "total")):
            out.append((2, 3, g * 5 + m, str(truth["appeals"][group][measure])))
    return out


def grid_truth(truth: dict[str, Any]) -> dict[int, dict[tuple[int, int], str]]:
    """Expected value text per template table, keyed by (row, column) in the template grid."""
    out: dict[int, dict[tuple[int, int], str]] = {0: {}, 1: {}, 2: {}}
    for t, r, c, text in _positions(truth):
        out[t][(r, c)] = text
    return out


def _set_text(paragraph: Any, text: str) -> None:
    for run in paragraph.runs[1:]:
        run._r.getparent().remove(run._r)
    if paragraph.runs:
        paragraph.runs[0].text = text
    else:
        paragraph.add_run(text)


def fill_template(truth: dict[str, Any], out: Path) -> Path:
    """Write ``truth`` into a copy of the template: title, period sentence, tables, signature."""
    d = docx.Document(str(TEMPLATE))
    paras = d.paragraphs
    year = truth["year"]
    _set_text(paras[1], f"{truth['agency']}{year}年政府信息公开工作年度报告")
    _set_text(paras[4], f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
                        f"{year}年，{truth['agency']}深入贯彻落实《中华人民共和国政府信息公开条例》。")
    _set_text(paras[29], "（一）存在问题：公开内容的规范性有待提高。（二）改进措施：加强业务培训。")
    _set_text(paras[31], "本年度未收取信息处理费。")
    sign = copy.deepcopy(paras[31]._p)
    paras[31]._p.addnext(sign)
    date = copy.deepcopy(paras[31]._p)
    sign.addnext(date)
    _set_text(docx.text.paragraph.Paragraph(sign, paras[31]._parent), truth["agency"])
    _set_text(docx.text.paragraph.Paragraph(date, paras[31]._parent), f"{year + 1}年1月20日")
    for t, r, c, text in _positions(truth):
        cell = d.tables[t].rows[r].cells[c]
        _set_text(cell.paragraphs[0], text)
    d.save(str(out))
    return out


def docx_to_pdf(path: Path) -> bytes:
    """Render with headless LibreOffice (a private profile so parallel runs do not collide)."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless",
             "--convert-to", "pdf", "--outdir", tmp, str(path)],
            check=True, capture_output=True, timeout=180,
        )
        return (Path(tmp) / (path.stem + ".pdf")).read_bytes()
