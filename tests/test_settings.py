"""Every GONGKAI_* setting the product reads is declared once, with a default and help."""

from __future__ import annotations

import re
from pathlib import Path

from gongkai.core import settings

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = ("gongkai", "crawler", "pipelines", "db", "migrations")
NAME = re.compile(r"\bGONGKAI_[A-Z0-9_]*[A-Z0-9]\b")


def _names_in_product() -> set[str]:
    names: set[str] = set()
    for package in PRODUCT:
        for path in (ROOT / package).rglob("*.py"):
            names |= set(NAME.findall(path.read_text("utf-8")))
    return names


def test_every_setting_the_product_names_is_declared() -> None:
    used = _names_in_product()
    assert len(used) >= 20, used
    undeclared = used - set(settings.DECLARED)
    assert not undeclared, f"declare these in gongkai/core/settings.py: {sorted(undeclared)}"


def test_declarations_have_help_and_a_kind() -> None:
    for s in settings.DECLARED.values():
        assert s.help.strip(), s.name
        assert s.kind in ("process", "crawl"), s.name


def test_crawl_settings_reach_scrapy_with_their_defaults(monkeypatch) -> None:
    monkeypatch.setenv("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    from scrapy.utils.project import get_project_settings

    project = get_project_settings()
    for name, value in settings.crawl_defaults().items():
        if name == "GONGKAI_FAST":
            continue  # the environment may switch it on for a whole test run
        assert project.get(name) == value, name


def test_environment_overrides_a_process_default(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GONGKAI_HOME", str(tmp_path / "elsewhere"))
    monkeypatch.delenv("GONGKAI_DB", raising=False)
    resolved = settings.resolve()
    assert resolved.data_dir == (tmp_path / "elsewhere").resolve()
    assert resolved.db_url.endswith("elsewhere/archive.sqlite")
    monkeypatch.setenv("GONGKAI_HOME", "")
    assert settings.env("GONGKAI_HOME") == "data"


def test_the_settings_page_lists_every_declared_setting() -> None:
    page = (ROOT / "docs" / "settings.md").read_text("utf-8")
    for s in settings.DECLARED.values():
        assert f"| `{s.name}` | {s.kind} |" in page, s.name
