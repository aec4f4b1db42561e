"""Speed of one nightly run at scale (make benchmark).

Generates demo landing data for N customers (default 100,000), then times `pipeline.run` step by
step: a first full load, and a second run where nothing changed (the nightly steady state without
new files). Repeats the second run and reports medians: machines are noisy.

    python benchmarks/pipeline_speed.py [--customers 100000] [--repeats 3] [--out DIR]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from community_roi import pipeline
from community_roi.demo import generate
from community_roi.settings import Settings


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--customers", type=int, default=100_000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    work = args.out or Path(tempfile.mkdtemp(prefix="croi-speed-"))
    t = time.perf_counter()
    generate(work / "landing", seed=7, customers=args.customers)
    gen = time.perf_counter() - t
    s = Settings.from_env(landing=work / "landing", warehouse=work / "wh.duckdb", home=work)
    first = pipeline.run(s)
    if not first.ok:
        print(f"run failed: {first.status.get('error')}", file=sys.stderr)
        return 1
    con = duckdb.connect(str(s.warehouse), read_only=True)
    sizes = {t: con.execute(f"SELECT count(*) FROM marts.{t}").fetchone()[0]
             for t in ("dim_customers", "fct_orders", "fct_engagements", "fct_mentions")}
    con.close()
    again = []
    for _ in range(args.repeats):
        r = pipeline.run(s)
        again.append(r.status)
    print(f"data: {sizes} (generated in {gen:.1f}s)")
    print(f"first run (load everything): {first.status['seconds']:.1f}s, steps "
          f"{first.status['steps']}")
    med = statistics.median(a["seconds"] for a in again)
    steps = {k: round(statistics.median(a["steps"][k] for a in again), 2)
             for k in again[0]["steps"]}
    print(f"nightly run, no new files: median {med:.1f}s over {args.repeats}, steps {steps}")
    print(f"dbt build alone (includes attribution and incrementality): median "
          f"{statistics.median(a['dbt']['seconds'] for a in again):.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
