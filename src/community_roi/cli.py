"""`community-roi`: the entry points other tools call (landing contract, "Entry points").

Thin shell over the package: every command calls the same functions the Airflow DAG calls.
Progress goes to stderr, results to stdout; an error is one line and a non-zero exit, never a
traceback (set CROI_DEBUG=1 to see one).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from community_roi.formatting import LOCALES
from community_roi.settings import PROJECT_ROOT, Settings


def _say(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _settings(args) -> Settings:
    return Settings.from_env(landing=getattr(args, "landing", None),
                             warehouse=getattr(args, "warehouse", None))


def cmd_generate(args) -> int:
    from community_roi.demo import generate

    out = Path(args.out)
    _say(f"generating demo landing data in {out} (seed {args.seed}, {args.customers} customers, "
         f"scenario {args.scenario})")
    truth = generate(out, seed=args.seed, customers=args.customers, scenario=args.scenario)
    rows = truth.get("rows_written", {})
    _say(f"wrote {sum(rows.values()) if rows else '?'} rows and {out / 'truth.json'}")
    return 0


def cmd_run(args) -> int:
    from community_roi import pipeline

    settings = _settings(args)
    result = pipeline.run(settings, progress=_say)
    if not result.ok:
        st = result.status
        print(f"community-roi run failed at {st.get('failed_step')}: {st.get('error')} "
              f"(previous published data left in place)", file=sys.stderr)
        return 1
    _say(f"run {result.run_id} published in {result.status['seconds']:.1f}s -> "
         f"{settings.serving}")
    return 0


def cmd_report(args) -> int:
    from community_roi.report import build_report

    report = build_report(_settings(args))
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        _print_summary(report)
    return 0


def _print_summary(report: dict) -> None:
    cur = report["currency"]
    print(f"run {report['run_id']} published {report['published_at']}")
    p = report["period"]
    print(f"period {p.get('start')} .. {p.get('end')}" + (f"  ({p['reason']})"
                                                          if p.get("reason") else ""))
    cost = report["cost"]
    print(f"cost: {cost['total']:,.2f} {cur}" if cost.get("total") is not None
          else f"cost: n/a ({cost.get('total_reason')})")
    roi = report.get("roi")
    print(f"ROI: {roi['estimate']:.2f} [{roi['low']:.2f}, {roi['high']:.2f}]" if roi
          else f"ROI: n/a ({report.get('roi_reason')})")
    for name, s in report["sources"].items():
        print(f"  {name:18} {s['rows']:>10,} rows  {s['quarantined']:>7,} quarantined")


def cmd_export_pdf(args) -> int:
    from community_roi.board_pack import overview_pdf

    settings = _settings(args)
    pdf = overview_pdf(settings, locale=args.locale)
    out = Path(args.out)
    if out.parent != Path() and not out.parent.is_dir():
        raise FileNotFoundError(f"folder {out.parent} does not exist")
    tmp = out.with_name(f".{out.name}.tmp")
    try:
        tmp.write_bytes(pdf)
        os.replace(tmp, out)  # a reader never sees half a file
    finally:
        tmp.unlink(missing_ok=True)
    _say(f"board pack ({args.locale}, {len(pdf):,} bytes) -> {out}")
    return 0


def cmd_dashboard(args) -> int:
    settings = _settings(args)
    env = {**os.environ, "CROI_WAREHOUSE": str(settings.warehouse)}
    app = PROJECT_ROOT / "streamlit_app" / "streamlit_app.py"
    cmd = [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(args.port),
           "--server.headless", "true", "--browser.gatherUsageStats", "false",
           "--client.toolbarMode", "viewer"]  # executives get no developer menu
    if args.address:
        cmd += ["--server.address", args.address]
    _say(f"dashboard: http://localhost:{args.port}  (published data: {settings.serving})")
    os.execvpe(cmd[0], cmd, env)
    return 0  # pragma: no cover - exec does not return


def cmd_status(args) -> int:
    from community_roi import pipeline

    settings = _settings(args)
    status = pipeline.read_status(settings)
    if status is None:
        print(f"no run recorded yet for {settings.warehouse}", file=sys.stderr)
        return 1 if args.require_success else 0
    line = (f"last run {status.get('run_id')} ({status.get('orchestrator', '?')}): "
            f"{status.get('status')}")
    if status.get("status") != "success":
        line += f" at {status.get('failed_step')}: {status.get('error')}"
    print(line)
    return 1 if args.require_success and status.get("status") != "success" else 0


def cmd_sentiment(args) -> int:
    from community_roi.sentiment import score_csv

    n = score_csv(Path(args.inp), args.text_column, Path(args.out))
    _say(f"scored {n if n is not None else 'all'} rows -> {args.out}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="community-roi",
                                description="What community management earns, measured nightly.")
    sub = p.add_subparsers(dest="command", required=True)

    g = sub.add_parser("generate", help="write demo landing data and its planted truth")
    g.add_argument("--out", required=True, help="landing folder to create")
    g.add_argument("--seed", type=int, default=7)
    g.add_argument("--customers", type=int, default=5000)
    g.add_argument("--scenario", default="realistic",
                   help="realistic | null | time_varying_confounder | hidden_confounder")
    g.set_defaults(func=cmd_generate)

    r = sub.add_parser("run", help="one whole nightly run: load, validate, transform, publish")
    r.add_argument("--landing", help="landing folder (default CROI_LANDING)")
    r.add_argument("--warehouse", help="warehouse file (default CROI_WAREHOUSE)")
    r.set_defaults(func=cmd_run)

    rep = sub.add_parser("report", help="the report of the last published run")
    rep.add_argument("--json", action="store_true", help="print report contract v1 JSON")
    rep.add_argument("--warehouse", help="warehouse file (default CROI_WAREHOUSE)")
    rep.set_defaults(func=cmd_report)

    pdf = sub.add_parser("export-pdf",
                         help="the executive overview as a one-page PDF board pack")
    pdf.add_argument("--out", required=True, help="PDF file to write")
    pdf.add_argument("--locale", choices=tuple(LOCALES), default="en",
                     help="language and number format (default en)")
    pdf.add_argument("--warehouse", help="warehouse file (default CROI_WAREHOUSE)")
    pdf.set_defaults(func=cmd_export_pdf)

    d = sub.add_parser("dashboard", help="serve the Streamlit dashboard")
    d.add_argument("--warehouse", help="warehouse file (default CROI_WAREHOUSE)")
    d.add_argument("--port", type=int, default=8501)
    d.add_argument("--address", default=None, help="bind address (default: Streamlit's)")
    d.set_defaults(func=cmd_dashboard)

    st = sub.add_parser("status", help="the outcome of the last run (success or why it failed)")
    st.add_argument("--warehouse", help="warehouse file (default CROI_WAREHOUSE)")
    st.add_argument("--require-success", action="store_true",
                    help="exit 1 unless the last run succeeded")
    st.set_defaults(func=cmd_status)

    s = sub.add_parser("sentiment", help="add a sentiment column in [-1, 1] to a CSV")
    s.add_argument("--in", dest="inp", required=True)
    s.add_argument("--text-column", required=True)
    s.add_argument("--out", required=True)
    s.set_defaults(func=cmd_sentiment)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("community-roi: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        if os.environ.get("CROI_DEBUG"):
            raise
        msg = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        print(f"community-roi {args.command}: {msg}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
