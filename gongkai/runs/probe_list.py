"""Probing a list of sites (``gongkai portals probe --from FILE``): rows of region code, name and
URL (CSV or TSV, a header optional), as public directories of county-level portals give them.

Politely: the rows of one host are probed one after another by one worker (one request at a
time, with the delay between them), other hosts in parallel. Resumably: every finished row goes
to ``<out>/done.tsv`` and every working site's entry to ``<out>/portals.toml`` as it finishes;
a second run skips the rows already done. Each row ends ``ok`` (an entry) or with the reason it
does not work: unreachable, blocked, robots_disallowed, no_report_column, wrong_region (the
site is another region's: its name or its ``SiteIDCode`` says so).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from crawler.redirects import netloc
from crawler.registry import load_registry, portal_toml
from gongkai.runs.probe import Fetcher, Probe, probe, unique_id

DONE_FIELDS = ("region_code", "name", "url", "status", "portal_id", "reason")
_CODE_KEYS = ("region_code", "code", "adcode", "行政区划代码", "区划代码", "代码")
_NAME_KEYS = ("name", "名称", "地区", "region", "county")
_URL_KEYS = ("url", "home", "homepage", "网址", "网站", "link")


@dataclass(frozen=True, slots=True)
class Row:
    region_code: str
    name: str
    url: str


@dataclass(frozen=True, slots=True)
class Done:
    """A finished row: its status, the id of its entry when it works, or why it does not."""

    row: Row
    status: str
    portal_id: str = ""
    reason: str = ""


def read_rows(path: Path) -> list[Row]:
    """The rows of a CSV or TSV list: with a header naming the region code, name and URL
    columns, or without one, in that order."""
    text = path.read_text(encoding="utf-8-sig")
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = "\t" if "\t" in first else ","
    records = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not records:
        return []
    header = [h.strip().lower() for h in records[0]]
    pick = [_column(header, keys) for keys in (_CODE_KEYS, _NAME_KEYS, _URL_KEYS)]
    if all(i is not None for i in pick):
        records = records[1:]
    else:
        pick = [0, 1, 2]
    rows = []
    for rec in records:
        if len(rec) < 3 or not any(c.strip() for c in rec):
            continue
        code, name, url = (rec[i].strip() for i in pick if i is not None)
        if not url.startswith(("http://", "https://")):
            url = "http://" + url
        rows.append(Row(code, name, url))
    return rows


def _column(header: list[str], keys: tuple[str, ...]) -> int | None:
    return next((i for i, h in enumerate(header) if h in keys), None)


def read_done(out: Path) -> dict[tuple[str, str], Done]:
    path = out / "done.tsv"
    if not path.exists():
        return {}
    done: dict[tuple[str, str], Done] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh, delimiter="\t"):
            row = Row(rec["region_code"], rec["name"], rec["url"])
            done[(row.url, row.region_code)] = Done(
                row, rec["status"], rec["portal_id"], rec["reason"]
            )
    return done


class _Writer:
    """done.tsv and portals.toml, appended to by the workers one at a time."""

    def __init__(self, out: Path, taken: set[str]) -> None:
        self.out = out
        self.lock = threading.Lock()
        self.taken = taken
        out.mkdir(parents=True, exist_ok=True)
        self.done_path = out / "done.tsv"
        if not self.done_path.exists():
            self.done_path.write_text("\t".join(DONE_FIELDS) + "\n", encoding="utf-8")

    def finish(self, row: Row, p: Probe) -> Done:
        with self.lock:
            pid = ""
            if p.entry is not None:
                pid = unique_id(p.entry.id, self.taken)
                p.entry = dataclasses.replace(p.entry, id=pid)
                self.taken.add(pid)
                with (self.out / "portals.toml").open("a", encoding="utf-8") as fh:
                    fh.write(f"# {row.region_code} {row.name} {row.url}\n{portal_toml(p.entry)}\n")
            reason = " ".join(p.reason.split())
            with self.done_path.open("a", encoding="utf-8", newline="") as fh:
                csv.writer(fh, delimiter="\t").writerow(
                    [row.region_code, row.name, row.url, p.status, pid, reason]
                )
            return Done(row, p.status, pid, reason)


def probe_list(
    rows: Iterable[Row],
    out: Path,
    *,
    workers: int = 4,
    delay: float = 1.0,
    timeout: float = 8.0,
    pages: int = 40,
    taken: Iterable[str] = (),
    progress: Callable[[Done], None] | None = None,
) -> list[Done]:
    """Probe every row not done before (``out/done.tsv``); every row's result, in the list's
    order."""
    rows = list(rows)
    done = read_done(out)
    entries = out / "portals.toml"
    known = {p.id for p in load_registry(entries)} if entries.exists() else set()
    writer = _Writer(out, set(taken) | known)
    todo: dict[str, list[Row]] = {}
    for row in rows:
        if (row.url, row.region_code) not in done:
            todo.setdefault(netloc(row.url), []).append(row)

    def one_host(group: list[Row]) -> None:
        with Fetcher(timeout=timeout, delay=delay) as fetcher:
            for row in group:
                try:
                    p = probe(
                        row.url,
                        name=row.name,
                        region_code=row.region_code,
                        taken=writer.taken,
                        pages=pages,
                        fetcher=fetcher,
                    )
                except Exception as exc:  # a bug on one site must not end the list
                    p = Probe(url=row.url, status="unreachable", reason=f"probe failed: {exc!r}")
                result = writer.finish(row, p)
                done[(row.url, row.region_code)] = result
                if progress is not None:
                    progress(result)

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for future in [pool.submit(one_host, group) for group in todo.values()]:
            future.result()
    return [done[(r.url, r.region_code)] for r in rows if (r.url, r.region_code) in done]
