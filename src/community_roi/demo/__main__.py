"""python -m community_roi.demo --out DIR [--seed N] [--customers N] [--scenario S]"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

from . import SCENARIOS, generate


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m community_roi.demo",
                                description="Write demo landing files with planted truth.")
    p.add_argument("--out", required=True, type=Path, help="landing folder to write")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--customers", type=int, default=5000)
    p.add_argument("--scenario", choices=SCENARIOS, default="realistic")
    p.add_argument("--end-date", type=dt.date.fromisoformat, default=None,
                   help="last day of data, YYYY-MM-DD (default: yesterday, Europe/Paris)")
    p.add_argument("--months", type=int, default=20)
    a = p.parse_args(argv)
    t0 = time.perf_counter()
    truth = generate(a.out, seed=a.seed, customers=a.customers, scenario=a.scenario,
                     end_date=a.end_date, months=a.months)
    inc = truth["incrementality"]
    print(f"wrote {a.out} ({truth['start_date']} .. {truth['end_date']}, scenario {a.scenario}) "
          f"in {time.perf_counter() - t0:.1f}s: "
          + ", ".join(f"{k} {v}" for k, v in truth["rows_written"].items()))
    print(f"truth: period {truth['period']['start']} .. {truth['period']['end']}, "
          f"{inc['engaged_customers']} engaged customers, "
          f"{inc['per_engaged_customer_margin']} EUR incremental margin each; "
          f"see {a.out / 'truth.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
