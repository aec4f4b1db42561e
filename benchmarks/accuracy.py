"""Recovery benchmark (make accuracy): planted truth vs the pipeline's causal and naive estimates.

Runs the project's generator under several seeds and scenarios, the real pipeline on each (load,
dbt, estimator, publish), and prints a Markdown table: truth, causal estimate with its 90%
interval, error, coverage, naive estimate, ROI. Targets (issue 3): realistic scenarios within
±15% of truth, coverage >= 80% of runs, null interval containing 0 and ROI near -1.

    python benchmarks/accuracy.py [--customers 10000] [--seeds 5] [--out DIR]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from community_roi.measure.recovery import format_table, run_recovery, to_json

SCENARIOS = ("realistic", "time_varying_confounder", "null")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--customers", type=int, default=10000)
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--out", type=Path, default=None, help="keep the runs here (default: temp)")
    args = ap.parse_args()
    work = args.out or Path(tempfile.mkdtemp(prefix="croi-accuracy-"))
    rows = []
    started = time.perf_counter()
    for scenario in SCENARIOS:
        for seed in range(1, args.seeds + 1):
            t = time.perf_counter()
            r = run_recovery(work, scenario, seed, args.customers)
            rows.append(r)
            print(f"{scenario} seed {seed}: truth {r.truth:.2f}, estimate {r.estimate}, "
                  f"[{r.low}, {r.high}] ({time.perf_counter() - t:.0f}s)", file=sys.stderr)
    print(format_table(rows))
    real = [r for r in rows if r.scenario != "null"]
    null = [r for r in rows if r.scenario == "null"]
    within = sum(1 for r in real if r.error is not None and abs(r.error) <= 0.15)
    covered = sum(1 for r in real if r.covered)
    null_ok = sum(1 for r in null if r.low is not None and r.low <= 0 <= r.high)
    mean_err = sum(r.error for r in real if r.error is not None) / max(len(real), 1)
    print(f"\nrealistic scenarios: {within}/{len(real)} within ±15%, mean error {mean_err:+.1%}, "
          f"coverage {covered}/{len(real)}; null: {null_ok}/{len(null)} intervals contain 0; "
          f"{time.perf_counter() - started:.0f}s in all")
    (work / "accuracy.json").write_text(to_json(rows))
    print(f"details: {work / 'accuracy.json'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
