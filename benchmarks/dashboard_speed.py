"""Server-side render time of every dashboard page at scale (make benchmark-dashboard).

Generates a demo world of N customers (default 100,000) with `community-roi generate`, runs one
nightly refresh with `community-roi run` (both in child processes, and both skipped when the work
folder already holds their result, so reruns only measure), then renders each page of
`streamlit_app/app_pages/` through the router with Streamlit's `AppTest`, in English and French:

- cold: the first render of the page with Streamlit's caches emptied, as after a nightly refresh
  (every query runs and the published file is attached again); median of 3;
- warm: one render to fill the cache, then `--repeats` renders; median and minimum reported.

Server-side only: the time for the script run to finish (queries, pandas, chart specs), not the
browser drawing the charts. A page passes when its warm median and its cold median are both
within `--budget-ms` (300 ms): what a reader waits for on every click, and on the first click
after a refresh. The exit code is 1 when a page fails or errors.

    python benchmarks/dashboard_speed.py [--customers 100000] [--repeats 5] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar

from community_roi.settings import PROJECT_ROOT, Settings

APP_DIR = PROJECT_ROOT / "streamlit_app"
ROUTER = APP_DIR / "streamlit_app.py"
LOCALES = ("en", "fr")
COLD_REPEATS = 3   # cold renders per page; the median is reported (one sample is too noisy)


def _cli(*args: str) -> None:
    """A `community-roi` command in a child process, so the measuring process stays clean."""
    cmd = [sys.executable, "-m", "community_roi.cli", *args]
    print(f">> community-roi {' '.join(args)}", flush=True)
    subprocess.run(cmd, check=True)


def prepare(work: Path, customers: int, seed: int) -> tuple[Settings, dict]:
    """The world and its published run, reused when already there."""
    landing, warehouse = work / "landing", work / "warehouse.duckdb"
    s = Settings.from_env(landing=landing, warehouse=warehouse, home=work)
    timings: dict = {}
    if not (landing / "truth.json").is_file():            # written last by the generator
        t = time.perf_counter()
        _cli("generate", "--out", str(landing), "--seed", str(seed),
             "--customers", str(customers))
        timings["generate_s"] = time.perf_counter() - t
        s.serving.unlink(missing_ok=True)                  # new data: publish again
    if not s.serving.is_file():
        t = time.perf_counter()
        _cli("run", "--landing", str(landing), "--warehouse", str(warehouse))
        timings["run_s"] = time.perf_counter() - t
    return s, timings


class _Timed:
    """A stand-in for a module function that adds its run time to `calls` (inclusive: a call
    made inside another counts in both). Anything else (`.clear()` of a cached function) goes to
    the function itself."""

    calls: ClassVar[dict[str, float]] = {}

    def __init__(self, name: str, fn):
        self.name, self.fn = name, fn

    def __call__(self, *args, **kwargs):
        t = time.perf_counter()
        try:
            return self.fn(*args, **kwargs)
        finally:
            _Timed.calls[self.name] = (_Timed.calls.get(self.name, 0.0)
                                       + (time.perf_counter() - t) * 1000)

    def __getattr__(self, attr):
        return getattr(self.fn, attr)


def instrument(*module_names: str) -> None:
    """Time every public function of the app's `queries` and `charts` modules."""
    import importlib
    import inspect

    for module_name in module_names:
        module = importlib.import_module(module_name)
        for name, value in list(vars(module).items()):
            own = inspect.isfunction(value) and value.__module__ == module_name
            cached = callable(value) and hasattr(value, "clear") and not inspect.isclass(value)
            if not name.startswith("_") and (own or cached):     # not what it imports
                setattr(module, name, _Timed(f"{module_name}.{name}", value))


def _top(calls: dict[str, float], n: int = 3) -> str:
    return ", ".join(f"{name} {ms:.0f}" for name, ms in
                     sorted(calls.items(), key=lambda kv: -kv[1])[:n]) or "-"


def _quiet_streamlit() -> None:
    import logging

    for name in list(logging.root.manager.loggerDict):
        if name.startswith("streamlit"):
            logging.getLogger(name).setLevel(logging.ERROR)


def _app(locale: str, timeout: float):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROUTER), default_timeout=timeout)
    at.session_state["lang"] = locale     # the language switch's key (common.language_switch)
    at.query_params["lang"] = locale      # ... which is also bound to ?lang=
    return at


def _render(at, page: str) -> float:
    t = time.perf_counter()
    at.switch_page(page).run()
    elapsed = (time.perf_counter() - t) * 1000
    if at.exception:
        raise RuntimeError(f"{page}: {at.exception[0].value.splitlines()[0]}")
    return elapsed


def measure(pages: list[str], repeats: int, timeout: float) -> list[dict]:
    import streamlit as st
    from streamlit.testing.v1 import AppTest  # noqa: F401 - loads streamlit's loggers

    _quiet_streamlit()
    rows = []
    for locale in LOCALES:
        at = _app(locale, timeout)
        at.run()                                   # imports, router, default page
        _quiet_streamlit()
        instrument("queries", "charts")
        for page in pages:                         # every code path once, outside the timings
            _render(at, page)
        for page in pages:
            row = {"page": Path(page).stem, "locale": locale}
            try:
                cold = []
                for _ in range(COLD_REPEATS):
                    st.cache_data.clear()          # as after a refresh: new version, so
                    st.cache_resource.clear()      # no cached query and no open reader
                    _Timed.calls = {}
                    cold.append(_render(at, page))
                row["cold"] = statistics.median(cold)
                row["cold_calls"] = dict(_Timed.calls)
                _render(at, page)                  # fills what the cold render did not
                warm = []
                for _ in range(repeats):
                    _Timed.calls = {}
                    warm.append(_render(at, page))
                row.update(median=statistics.median(warm), min=min(warm),
                           warm_calls=dict(_Timed.calls))
                try:
                    shown = at.session_state["lang"]
                except KeyError:                   # no language switch on the page
                    shown = locale
                if shown != locale:
                    row["error"] = f"rendered in {shown!r}, not {locale!r}"
            except Exception as exc:               # noqa: BLE001 - reported in the table
                row["error"] = str(exc)[:120]
            rows.append(row)
    return rows


def _git() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT_ROOT,
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "streamlit_app"],
                               cwd=PROJECT_ROOT, capture_output=True, text=True,
                               check=False).stdout.strip()
        return head + (" + uncommitted changes in streamlit_app/" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def board_pack_times(s: Settings) -> list[str]:
    from community_roi.board_pack import overview_pdf

    out = []
    for locale in LOCALES:
        overview_pdf(s, locale)
        times, size = [], 0
        for _ in range(3):
            t = time.perf_counter()
            size = len(overview_pdf(s, locale))
            times.append((time.perf_counter() - t) * 1000)
        out.append(f"{locale} {size / 1024:.1f} KB, median {statistics.median(times):.0f} ms")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--customers", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--budget-ms", type=float, default=300.0)
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds per page render")
    ap.add_argument("--workdir", type=Path, default=None,
                    help="where the world is generated and kept (default: a folder per size "
                         "and seed under the temp dir, reused by the next run)")
    args = ap.parse_args()
    work = (args.workdir or Path(tempfile.gettempdir())
            / f"croi-dashboard-bench-{args.customers}-seed{args.seed}").resolve()
    work.mkdir(parents=True, exist_ok=True)
    s, prep = prepare(work, args.customers, args.seed)
    os.environ["CROI_WAREHOUSE"] = str(s.warehouse)    # the app finds the serving copy from it
    os.environ.setdefault("STREAMLIT_BROWSER_GATHER_USAGE_STATS", "false")
    sys.path.insert(0, str(APP_DIR))

    pages = sorted(str(p.relative_to(APP_DIR)) for p in (APP_DIR / "app_pages").glob("*.py")
                   if not p.name.startswith("_"))
    rows = measure(pages, args.repeats, args.timeout)

    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\ndashboard render time (server side, AppTest): {args.customers:,} customers, "
          f"serving file {s.serving.stat().st_size / 2**20:.1f} MB, {when}, git {_git()}, "
          f"{os.cpu_count()} CPUs, load average {load}")
    if prep:
        print("prepared: " + ", ".join(f"{k} {v:.1f}" for k, v in prep.items()))
    print(f"warm = median and min of {args.repeats} renders with the cache filled; "
          f"budget {args.budget_ms:.0f} ms on the warm and the cold median\n")
    print(f"{'page':<14}{'lang':<6}{'cold ms':>9}{'median ms':>11}{'min ms':>9}  result")
    failed = False
    for r in rows:
        if "error" in r and "median" not in r:
            print(f"{r['page']:<14}{r['locale']:<6}{'':>9}{'':>11}{'':>9}  ERROR {r['error']}")
            failed = True
            continue
        ok = r["median"] <= args.budget_ms and r["cold"] <= args.budget_ms and "error" not in r
        failed |= not ok
        note = "" if r["cold"] <= args.budget_ms else "  (cold over budget)"
        print(f"{r['page']:<14}{r['locale']:<6}{r['cold']:>9.0f}{r['median']:>11.0f}"
              f"{r['min']:>9.0f}  {'PASS' if ok else 'FAIL'}{note}"
              + (f"  {r['error']}" if "error" in r else ""))
    print("\nwhere the time goes: the 3 slowest calls into the app's queries and charts "
          "modules, inclusive ms (cold render | last warm render)")
    for r in rows:
        if "cold_calls" in r:
            print(f"{r['page']:<14}{r['locale']:<6}{_top(r['cold_calls'])}  |  "
                  f"{_top(r.get('warm_calls', {}))}")
    print(f"\nboard pack PDF (community-roi export-pdf): {'; '.join(board_pack_times(s))}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
