"""Recovery benchmark (make accuracy): planted truth vs the pipeline's causal and naive estimates.

Runs the project's generator under several seeds and scenarios, the real pipeline on each (load,
dbt, estimator, publish), and prints a Markdown table: truth, causal estimate with its 90%
interval, error, coverage, naive estimate, ROI. Targets (issue 3): realistic scenarios within
±15% of truth, coverage >= 80% of runs, null interval containing 0 and ROI near -1.
`hidden_confounder` is a stress test, not a target: confounders the data does not record, which
no method on this data can remove; the table shows how far off the estimate then is.

    python benchmarks/accuracy.py [--customers 40000] [--seeds 5] [--scenarios ...] [--out DIR]

40,000 customers by default: at 10,000 a single run's standard error is about 18% of the truth, so
a run cannot show whether it is within +-15%; at 40,000 it is about 8% (about 12 minutes for the
four scenarios on 2 cores; the pipeline's fixed cost dominates).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from community_roi.measure.recovery import format_table, run_recovery, to_json

SCENARIOS = ("realistic", "time_varying_confounder", "null", "hidden_confounder")
STRESS = ("hidden_confounder",)   # reported, not held to the targets


def summary(rows) -> str:
    """One line per scenario against issue 3's targets: per engaged customer within +-15% (the
    mean error over seeds measures bias; single runs add sampling noise), 90% coverage in >= 80%
    of runs, null intervals containing 0 with ROI near -1, the naive estimate visibly off."""
    lines = []
    for scenario in SCENARIOS:
        rs = [r for r in rows if r.scenario == scenario]
        if not rs:
            continue
        naive = [r.naive / r.truth for r in rs if r.naive is not None and r.truth]
        naive_txt = (f"naive {min(naive):.1f}-{max(naive):.1f} x truth" if naive else
                     "naive " + ", ".join(f"{r.naive:.1f}" for r in rs if r.naive is not None))
        if scenario == "null":
            contain = sum(1 for r in rs if r.low is not None and r.low <= 0 <= r.high)
            rois = [r.roi["estimate"] for r in rs if r.roi and r.roi.get("estimate") is not None]
            roi_txt = (f"ROI {min(rois):+.2f} to {max(rois):+.2f} (mean "
                       f"{sum(rois) / len(rois):+.2f})") if rois else "ROI n/a"
            lines.append(f"{scenario}: {contain}/{len(rs)} intervals contain 0; {roi_txt}; "
                         f"{naive_txt}")
            continue
        errs = [r.error for r in rs if r.error is not None]
        within = sum(1 for e in errs if abs(e) <= 0.15)
        covered = sum(1 for r in rs if r.covered)
        mean = sum(errs) / len(errs) if errs else float("nan")
        verdict = ("stress test, no target" if scenario in STRESS else
                   f"{'within' if abs(mean) <= 0.15 else 'OUTSIDE'} +-15%")
        lines.append(f"{scenario}: mean error {mean:+.1%} ({verdict}), single runs within "
                     f"+-15% {within}/{len(rs)}, coverage "
                     f"{covered}/{len(rs)}; {naive_txt}")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--customers", type=int, default=40000)
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--out", type=Path, default=None, help="keep the runs here (default: temp)")
    ap.add_argument("--scenarios", nargs="+", choices=SCENARIOS, default=list(SCENARIOS),
                    help="a subset, e.g. --scenarios realistic for a larger world")
    args = ap.parse_args()
    work = args.out or Path(tempfile.mkdtemp(prefix="croi-accuracy-"))
    rows = []
    started = time.perf_counter()
    for scenario in args.scenarios:
        for seed in range(1, args.seeds + 1):
            t = time.perf_counter()
            r = run_recovery(work, scenario, seed, args.customers)
            rows.append(r)
            print(f"{scenario} seed {seed}: truth {r.truth:.2f}, estimate {r.estimate}, "
                  f"[{r.low}, {r.high}] ({time.perf_counter() - t:.0f}s)", file=sys.stderr)
    print(format_table(rows))
    print()
    print(summary(rows))
    print(f"\n{time.perf_counter() - started:.0f}s in all")
    (work / "accuracy.json").write_text(to_json(rows))
    print(f"details: {work / 'accuracy.json'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
