"""Measure a crawler on altworld4 (world15), written by someone who had not read the spiders.

    python -m tests.crawl.altworld4.measure --out /tmp/w15            # this checkout, everything
    python -m tests.crawl.altworld4.measure --skip-generic --skip-day2 # family registry only
    python -m tests.crawl.altworld4.measure --project /path/to/other/checkout

Starts the world, writes probe_list.csv and the registries, runs
`gongkai crawl --fast` with the family registry and again with every portal forced to
generic, then day 2 (one portal moved with 301s, one new DOC report): an incremental crawl
into the family data directory and a fresh crawl of the two changed portals. Prints per
portal: reports found / published, report URLs fetched, non-reports loaded, outcome; writes
<out>/results.json. (Adapted from its author's script: the checkout measured is --project,
the Python is this one.)"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from tests.crawl import altworld4 as W

HERE = Path(__file__).resolve().parent
PY = sys.executable
BASE = str(HERE.parents[2])  # the checkout measured (--project)


def crawl(
    reg: Path, data: Path, portals: list[str] = (), timeout: int = 1500, log: str = ""
) -> tuple[float, str]:
    cmd = [
        PY,
        "-c",
        "from gongkai.cli import main; main()",
        "--data-dir",
        str(data),
        "crawl",
        "--fast",
        "--registry",
        str(reg),
    ]
    for p in portals:
        cmd += ["--portal", p]
    t = time.time()
    proc = subprocess.run(
        cmd,
        cwd="/tmp",
        env={"PYTHONPATH": BASE, "PATH": "/usr/bin:/bin", "HOME": "/tmp", "LANG": "C.UTF-8"},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    logf = data.parent / f"{log or data.name}.log"
    logf.write_text(" ".join(cmd) + "\n" + proc.stdout + "\n---stderr---\n" + proc.stderr)
    if proc.returncode != 0:
        print(f"!! crawl exited {proc.returncode}; see {logf}")
    return time.time() - t, proc.stdout


def hostport(u: str) -> str:
    sp = urlsplit(u)
    return f"{sp.hostname}:{sp.port}"


def evaluate(sites, data: Path, run: str = "last", pids: list[str] | None = None) -> dict:
    db = sqlite3.connect(data / "archive.sqlite")
    loaded = set(db.execute("SELECT agency, year FROM v_reports").fetchall())
    loaded_src = db.execute("SELECT agency, year, source_url FROM v_reports").fetchall()
    sources = {u for (u,) in db.execute("SELECT source_url FROM v_report_versions")}
    sources |= {u for (u,) in db.execute("SELECT source_url FROM report_sources")}
    run_id = db.execute("SELECT max(id) FROM crawl_runs").fetchone()[0]
    fetched_any = {u for (u,) in db.execute("SELECT url FROM fetches WHERE status = 200")}
    fetched_run = {
        u
        for (u,) in db.execute(
            "SELECT url FROM fetches WHERE status = 200 AND run_id = ?", (run_id,)
        )
    }
    nfetch = dict(
        db.execute(
            "SELECT portal_id, count(*) FROM fetches WHERE run_id = ? GROUP BY portal_id", (run_id,)
        ).fetchall()
    )
    outcomes = {
        p: (o, d)
        for p, o, d in db.execute(
            "SELECT portal_id, outcome, detail FROM crawl_run_portals WHERE run_id = ?", (run_id,)
        )
    }
    truth = {(r.agency, r.year) for s in sites for r in s.reports}
    host_of = {}
    for s in sites:
        host_of[hostport(s.base)] = s.pid
        o = getattr(s, "orig", None)
        if o:
            host_of[f"{o[0]}:{o[1]}"] = s.pid
    res = {"run_id": run_id, "portals": {}, "extra_loaded": []}
    for a, y, src in loaded_src:
        if (a, y) not in truth:
            res["extra_loaded"].append(
                {
                    "agency": a,
                    "year": y,
                    "source": src,
                    "portal": host_of.get(hostport(src or "http://x:0"), "?"),
                }
            )
    for s in sites:
        if pids and s.pid not in pids:
            continue
        found = [r for r in s.reports if (r.agency, r.year) in loaded]
        missed = [r for r in s.reports if (r.agency, r.year) not in loaded]
        fetched = [r for r in s.reports if r.url in fetched_any]
        nonrep = [u for u in s.non_reports if u in sources]
        extra = [e for e in res["extra_loaded"] if e["portal"] == s.pid]
        res["portals"][s.pid] = {
            "family": s.family,
            "found": len(found),
            "total": len(s.reports),
            "report_urls_fetched": len(fetched),
            "report_urls_fetched_this_run": sum(r.url in fetched_run for r in s.reports),
            "non_reports_loaded": nonrep,
            "extra_loaded": extra,
            "outcome": outcomes.get(s.pid, ("-", ""))[0],
            "detail": outcomes.get(s.pid, ("-", ""))[1],
            "fetches_this_run": nfetch.get(s.pid, 0),
            "missed": [
                {
                    "agency": r.agency,
                    "year": r.year,
                    "fmt": r.fmt,
                    "url": r.url,
                    "note": r.note,
                    "fetched": r.url in fetched_any,
                }
                for r in missed
            ],
        }
    return res


def show(title: str, res: dict) -> None:
    print(f"\n=== {title} (run {res['run_id']})")
    print(
        f"{'portal':10s} {'family':12s} {'found':>7s} {'urls':>5s} {'nonrep':>6s} {'fetch':>5s}  outcome / detail"
    )
    F = T = U = N = 0
    for pid, p in res["portals"].items():
        F += p["found"]
        T += p["total"]
        U += p["report_urls_fetched"]
        N += len(p["non_reports_loaded"]) + len(p["extra_loaded"])
        print(
            f"{pid:10s} {p['family']:12s} {p['found']:3d}/{p['total']:<3d} {p['report_urls_fetched']:5d} "
            f"{len(p['non_reports_loaded']) + len(p['extra_loaded']):6d} {p['fetches_this_run']:5d}  "
            f"{p['outcome']} {(p['detail'] or '')[:70]}"
        )
    print(f"{'TOTAL':10s} {'':12s} {F:3d}/{T:<3d} {U:5d} {N:6d}")
    for pid, p in res["portals"].items():
        for u in p["non_reports_loaded"]:
            print(f"   non-report loaded [{pid}]: {u}")
        for e in p["extra_loaded"]:
            print(f"   loaded, not in truth [{pid}]: {e['agency']} {e['year']} ← {e['source']}")
    for e in res["extra_loaded"]:
        if e["portal"] == "?":
            print(f"   loaded, not in truth [?]: {e['agency']} {e['year']} ← {e['source']}")


def check_probe(rows: list[dict]) -> None:
    """A reference classification of probe_list.csv (live? SiteName / SiteIDCode of the row's
    region?), to show that the world serves what the expected column claims."""
    import re
    import urllib.error
    import urllib.request

    bad = 0
    for r in rows:
        try:
            body = urllib.request.urlopen(r["url"], timeout=3).read()
            text = (
                body.decode("utf-8", "replace")
                if b"gb2312" not in body[:600]
                else body.decode("gbk", "replace")
            )
            name = (re.search(r'name="SiteName" content="([^"]*)"', text) or [None, ""])[1]
            code = (re.search(r'name="SiteIDCode" content="([^"]*)"', text) or [None, ""])[1]
            got = "ok" if (r["name"] in name or code[:6] == r["region_code"]) else "wrong_region"
        except (urllib.error.URLError, ConnectionError, OSError):
            got = "dead"
        bad += got != r["expected"]
        if got != r["expected"]:
            print(f"   probe row mismatch: {r} -> {got}")
    print(f"probe_list.csv: {len(rows)} rows, reference classifier agrees on {len(rows) - bad}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--skip-generic", action="store_true")
    ap.add_argument("--skip-day2", action="store_true")
    ap.add_argument("--out", default=str(Path("altworld4-runs") / time.strftime("%Y%m%d-%H%M%S")))
    ap.add_argument("--project", default=None, help="the checkout whose crawler is measured")
    a = ap.parse_args()
    global BASE
    BASE = str(Path(a.project).resolve()) if a.project else BASE
    out = Path(a.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    t = time.time()
    sites = W.start()
    print(
        f"world up in {time.time() - t:.1f}s: {len(sites)} portals, {sum(len(s.reports) for s in sites)} reports, "
        f"{sum(len(s.non_reports) for s in sites)} non-report URLs"
    )
    results: dict = {}
    try:
        check_probe(W.write_probe_list(sites, out / "probe_list.csv"))
        (out / "truth_day1.json").write_text(
            json.dumps(
                {
                    s.pid: {
                        "family": s.family,
                        "home": s.home,
                        "reports": [r.__dict__ for r in s.reports],
                        "non_reports": s.non_reports,
                    }
                    for s in sites
                },
                ensure_ascii=False,
                indent=1,
            )
        )
        reg_f = out / "family.toml"
        reg_f.write_text(W.registry(sites))
        reg_g = out / "generic.toml"
        reg_g.write_text(W.registry(sites, "generic"))
        dt, _ = crawl(reg_f, out / "family")
        results["family"] = evaluate(sites, out / "family")
        results["family"]["seconds"] = dt
        show(f"FAMILY registry ({dt:.0f}s)", results["family"])
        if not a.skip_generic:
            dt, _ = crawl(reg_g, out / "generic")
            results["generic"] = evaluate(sites, out / "generic")
            results["generic"]["seconds"] = dt
            show(f"ALL GENERIC ({dt:.0f}s)", results["generic"])
        if not a.skip_day2:
            change = W.set_day(sites, 2)
            results["day2_change"] = change
            print(
                f"\n=== DAY 2: {change['moved']['pid']} moved {change['moved']['old']} -> {change['moved']['new']} (301); "
                f"added {[(x[1], x[2], x[3]) for x in change['added']]}"
            )
            dt, _ = crawl(reg_f, out / "family", log="family_day2")
            r2 = evaluate(sites, out / "family")
            r2["seconds"] = dt
            results["day2_incremental"] = r2
            mv = change["moved"]["pid"]
            new_host = hostport(change["moved"]["new"])
            db = sqlite3.connect(out / "family" / "archive.sqlite")
            rows = db.execute(
                "SELECT url, status FROM fetches WHERE run_id = ? AND portal_id = ?",
                (r2["run_id"], mv),
            ).fetchall()
            on_new = [u for u, st in rows if hostport(u) == new_host]
            added = change["added"][0]
            loaded = set(db.execute("SELECT agency, year FROM v_reports").fetchall())
            src_new = [
                u
                for (u,) in db.execute("SELECT source_url FROM report_sources")
                if hostport(u) == new_host
            ]
            d2 = {
                "moved_outcome": r2["portals"][mv]["outcome"],
                "moved_detail": r2["portals"][mv]["detail"],
                "moved_fetches": len(rows),
                "moved_fetches_on_new_host": len(on_new),
                "moved_report_urls_fetched_on_new_host": r2["portals"][mv][
                    "report_urls_fetched_this_run"
                ],
                "moved_reports": r2["portals"][mv]["total"],
                "report_sources_on_new_host": len(src_new),
                "added_report_loaded": (added[1], added[2]) in loaded,
                "added_url_fetched": added[4]
                in {u for (u,) in db.execute("SELECT url FROM fetches WHERE status=200")},
            }
            results["day2_check"] = d2
            show(f"DAY 2 incremental crawl into the family archive ({dt:.0f}s)", r2)
            print("day-2 check:", json.dumps(d2, ensure_ascii=False))
            dt, _ = crawl(reg_f, out / "day2_fresh", [mv, added[0]])
            r3 = evaluate(sites, out / "day2_fresh", pids=[mv, added[0]])
            results["day2_fresh"] = r3
            show(f"DAY 2 fresh crawl of {mv} + {added[0]} ({dt:.0f}s)", r3)
    finally:
        W.stop(sites)
        (out / "results.json").write_text(
            json.dumps(results, ensure_ascii=False, indent=1, default=str)
        )
        print(f"\nresults: {out / 'results.json'}")


if __name__ == "__main__":
    main()
