"""Rumour alerts: the Python side of e-reputation (the analytics themselves are dbt models).

`marts.rpt_reputation_events` (dbt, docs/ereputation.md) lists every detected buzz and rumour with
the day it first became detectable (`detected_date`). A day's detection threshold uses earlier
days only, so that date does not move when new data arrives: alerting on "rumours detected on or
after the day after the previous run's data" raises each rumour exactly once.

* `new_rumours(con, since_date)` reads them from a DuckDB connection to the published serving copy
  (or the warehouse: both have `marts.rpt_reputation_events`).
* `alert_rumours(settings, events, webhook=None)` logs one WARNING line per rumour on the
  `community_roi.alerts` logger and, when a webhook is configured (`CROI_ALERT_WEBHOOK`), POSTs one
  JSON document listing them. A webhook failure is logged, never raised: alerting must not fail
  the nightly run.
* `run_rumour_alerts(settings, since_date)` does both on the published copy;
  `airflow_rumour_notifier()` wraps it as an Airflow `on_success_callback`.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from typing import Any

from community_roi.settings import Settings

ALERT_LOGGER = "community_roi.alerts"
WEBHOOK_TIMEOUT_SECONDS = 10
EVENTS_TABLE = "marts.rpt_reputation_events"

_COLUMNS = ("event_key", "kind", "start_date", "peak_date", "end_date", "detected_date", "days",
            "mentions", "excess_mentions", "net_sentiment", "share_negative", "reach",
            "top_text_1", "top_text_2", "top_text_3", "is_ongoing", "sales_effect_margin",
            "sales_effect_low", "sales_effect_high", "sales_effect_is_provisional")

log = logging.getLogger(ALERT_LOGGER)


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 4)
    return value


def new_rumours(con, since_date) -> list[dict]:
    """Rumours (kind 'rumor') first detectable on or after `since_date`, oldest first.

    `con` is a DuckDB connection to the serving copy or the warehouse. Returns [] when the table
    does not exist yet (a warehouse built before these models), so a first run never fails here.
    Each rumour is a dict of the columns of `rpt_reputation_events` (dates as ISO strings).
    """
    since = _as_date(since_date)
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables "
        "WHERE table_schema = 'marts' AND table_name = 'rpt_reputation_events'").fetchone()[0]
    if not exists:
        return []
    rows = con.execute(
        f"SELECT {', '.join(_COLUMNS)} FROM {EVENTS_TABLE} "
        "WHERE kind = 'rumor' AND detected_date >= ? ORDER BY detected_date, start_date",
        [since]).fetchall()
    return [{c: _jsonable(v) for c, v in zip(_COLUMNS, row)} for row in rows]


def _line(ev: dict) -> str:
    texts = [t for t in (ev.get("top_text_1"), ev.get("top_text_2")) if t]
    sample = f' e.g. "{texts[0][:120]}"' if texts else ""
    sentiment = ev.get("net_sentiment")
    sentiment_txt = f"{sentiment:+.2f}" if isinstance(sentiment, (int, float)) else "n/a"
    status = "ongoing" if ev.get("is_ongoing") else f"ended {ev.get('end_date')}"
    return (f"RUMOUR started {ev.get('start_date')} (peak {ev.get('peak_date')}, {status}): "
            f"{ev.get('mentions')} mentions, net sentiment {sentiment_txt}{sample}")


def alert_rumours(settings: Settings, events: Iterable[dict], webhook: str | None = None) -> dict:
    """Log one WARNING per rumour and POST them as JSON to the webhook, if any.

    The webhook is `webhook` when given, else `settings.alert_webhook` (`CROI_ALERT_WEBHOOK`).
    The POST body is `{"text": <one line per rumour>, "source": "community-roi",
    "kind": "rumour_alert", "rumours": [...]}` (Slack/Teams-style incoming webhooks show `text`).
    Never raises on a webhook failure: it is logged and reported in the returned dict
    `{"rumours": n, "posted": bool, "webhook_error": str | None}`.
    """
    rumours = [e for e in events if e.get("kind", "rumor") == "rumor"]
    lines = [_line(e) for e in rumours]
    for line in lines:
        log.warning(line)
    result: dict = {"rumours": len(rumours), "posted": False, "webhook_error": None}
    url = webhook or settings.alert_webhook
    if not rumours or not url:
        return result
    body = json.dumps({"text": "\n".join(lines), "source": "community-roi",
                       "kind": "rumour_alert", "rumours": rumours},
                      ensure_ascii=False, default=str).encode("utf-8")
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT_SECONDS) as response:
            response.read()
        result["posted"] = True
    except (urllib.error.URLError, OSError, ValueError) as exc:  # HTTPError is a URLError
        result["webhook_error"] = f"{type(exc).__name__}: {exc}"[:300]
        log.error("rumour alert webhook failed (%s); the run continues",
                  result["webhook_error"])
    return result


def run_rumour_alerts(settings: Settings, since_date=None, webhook: str | None = None) -> dict:
    """Alert on rumours detected on or after `since_date` in the published copy.

    `since_date` defaults to the newest day of listening data in that copy (what a daily run has
    just added). Returns `alert_rumours`' dict plus `since_date`. Does nothing (and says so) when
    nothing is published yet.
    """
    from community_roi.publish import serving_connection

    try:
        with serving_connection(settings) as con:
            if since_date is None:
                row = con.execute(
                    "SELECT last_mention_date FROM marts.rpt_ereputation_summary").fetchone()
                since_date = row[0] if row and row[0] is not None else dt.date.today()
            events = new_rumours(con, since_date)
    except FileNotFoundError as exc:
        log.info("no rumour alerts: %s", exc)
        return {"rumours": 0, "posted": False, "webhook_error": None, "since_date": None}
    result = alert_rumours(settings, events, webhook=webhook)
    result["since_date"] = _as_date(since_date).isoformat()
    return result


def airflow_rumour_notifier(settings: Settings | None = None) -> Callable[[dict], dict]:
    """A callable for a task's `on_success_callback` (after publish): alerts on the rumours first
    detected since the start of the run's data interval, in the reporting time zone.

    A run at 02:00 on day N holds data up to day N-1; the previous run held data up to N-2, so
    rumours detected on or after the local date of `data_interval_start` (N-1) are new. Catch-up
    runs widen the interval and so the look-back. Falls back to the newest data day.
    """

    def _notify(context: dict) -> dict:
        s = settings or Settings.from_env()
        since = None
        start = (context or {}).get("data_interval_start")
        if start is not None:
            try:
                from zoneinfo import ZoneInfo
                since = start.astimezone(ZoneInfo(s.timezone)).date()
            except (AttributeError, ValueError, TypeError):
                since = _as_date(start)
        try:
            return run_rumour_alerts(s, since_date=since)
        except Exception as exc:  # noqa: BLE001 - a callback must never fail the DAG run
            log.error("rumour alerting failed: %s", exc)
            return {"rumours": 0, "posted": False, "webhook_error": str(exc)[:300]}

    return _notify
