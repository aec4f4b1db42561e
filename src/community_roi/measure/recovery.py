"""Recovery runs: generate data with planted truth, run the real pipeline, compare.

Used by `make accuracy` (benchmarks/accuracy.py, the full table) and by tests/accuracy (one small
size). The estimate comes from the published report, i.e. through loading, dbt and publishing,
exactly as a user would see it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from community_roi import pipeline
from community_roi.demo import generate
from community_roi.report import build_report
from community_roi.settings import Settings


@dataclass
class Recovery:
    scenario: str
    seed: int
    customers: int
    truth: float
    estimate: float | None
    low: float | None
    high: float | None
    naive: float | None
    roi: dict | None
    truth_roi: float | None
    by_channel: list[dict]

    @property
    def covered(self) -> bool:
        return self.low is not None and self.low <= self.truth <= self.high

    @property
    def error(self) -> float | None:
        if self.estimate is None or not self.truth:
            return None
        return (self.estimate - self.truth) / self.truth


def run_recovery(work: Path, scenario: str, seed: int, customers: int,
                 end_date=None) -> Recovery:
    import datetime as dt

    end_date = end_date or dt.date(2026, 10, 31)   # fixed: results do not drift with the clock
    landing = work / f"{scenario}-{seed}-{customers}" / "landing"
    truth = generate(landing, seed=seed, customers=customers, scenario=scenario,
                     end_date=end_date)
    settings = Settings.from_env(landing=landing, warehouse=landing.parent / "wh.duckdb",
                                 home=landing.parent)
    result = pipeline.run(settings)
    if not result.ok:
        raise RuntimeError(f"pipeline failed: {result.status.get('error')}")
    report = build_report(settings)
    inc = report["incrementality"]
    per = inc.get("per_engaged_customer") or {}
    channels = []
    for ch, t in sorted(truth["incrementality"]["by_channel"].items()):
        got = (inc.get("by_channel") or {}).get(ch, {})
        p = got.get("per_engaged_customer") or {}
        channels.append({"channel": ch, "truth": t["per_engaged_customer_margin"],
                         "estimate": p.get("estimate"), "low": p.get("low"),
                         "high": p.get("high"), "engaged": got.get("engaged_customers")})
    return Recovery(scenario, seed, customers,
                    truth["incrementality"]["per_engaged_customer_margin"],
                    per.get("estimate"), per.get("low"), per.get("high"),
                    inc.get("naive_per_engaged_customer"), report.get("roi"),
                    (truth.get("roi") if not isinstance(truth.get("roi"), dict)
                     else truth["roi"].get("estimate")), channels)


def format_table(rows: list[Recovery]) -> str:
    head = ("| scenario | seed | customers | truth / engaged | causal estimate [90%] | error | "
            "covered | naive | ROI [90%] | true ROI |\n|---|---|---|---|---|---|---|---|---|---|")
    lines = [head]
    for r in rows:
        est = ("n/a" if r.estimate is None
               else f"{r.estimate:.2f} [{r.low:.2f}, {r.high:.2f}]")
        err = "" if r.error is None else f"{r.error:+.1%}"
        roi = ("n/a" if not r.roi else
               f"{r.roi['estimate']:.2f} [{r.roi['low']:.2f}, {r.roi['high']:.2f}]")
        troi = "" if r.truth_roi is None else f"{r.truth_roi:.2f}"
        naive = "n/a" if r.naive is None else f"{r.naive:.2f}"
        lines.append(f"| {r.scenario} | {r.seed} | {r.customers:,} | {r.truth:.2f} | {est} | "
                     f"{err} | {'yes' if r.covered else 'NO'} | {naive} | {roi} | {troi} |")
    return "\n".join(lines)


def to_json(rows: list[Recovery]) -> str:
    return json.dumps([{**r.__dict__, "covered": r.covered, "error": r.error} for r in rows],
                      indent=2, default=str)
