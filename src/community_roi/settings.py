"""Every path and knob in one place.

Defaults live here; each can be overridden by a `CROI_*` environment variable. The CLI, the
Airflow DAG, dbt (through `env_var()` in profiles.yml / dbt_project.yml, fed by `dbt_env()`) and the
Streamlit app all read this module, so one setting never has two values.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"


def _env(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


@dataclass(frozen=True)
class Settings:
    # -- contract settings (landing-contract.md, "Configuration a user can change without code")
    currency: str = "EUR"                 # CROI_CURRENCY: reporting currency
    timezone: str = "Europe/Paris"        # CROI_TIMEZONE: for timestamps without an offset
    margin_rate: float = 0.40             # CROI_MARGIN_RATE: when gross_margin is absent
    staff_hourly_cost: float = 45.00      # CROI_STAFF_HOURLY_COST: loaded cost of a staff hour
    lookback_days: int = 30               # CROI_LOOKBACK_DAYS: attribution look-back window
    horizon_days: int = 90                # CROI_HORIZON_DAYS: incrementality horizon
    period_start: str | None = None       # CROI_PERIOD_START (YYYY-MM-DD); None = from the data
    period_end: str | None = None         # CROI_PERIOD_END
    # -- paths
    home: Path = PROJECT_ROOT / "data"    # CROI_HOME: where generated data and warehouses live
    landing: Path = PROJECT_ROOT / "data" / "landing"           # CROI_LANDING
    warehouse: Path = PROJECT_ROOT / "data" / "warehouse.duckdb"  # CROI_WAREHOUSE
    # -- operations
    alert_webhook: str | None = None      # CROI_ALERT_WEBHOOK: where rumour alerts are posted
    stale_after_hours: int = 36           # CROI_STALE_AFTER_HOURS: dashboard "stale" banner

    @classmethod
    def from_env(cls, **overrides) -> Settings:
        home = Path(_env("CROI_HOME", str(PROJECT_ROOT / "data"))).resolve()
        s = cls(
            currency=_env("CROI_CURRENCY", "EUR").upper(),
            timezone=_env("CROI_TIMEZONE", "Europe/Paris"),
            margin_rate=float(_env("CROI_MARGIN_RATE", "0.40")),
            staff_hourly_cost=float(_env("CROI_STAFF_HOURLY_COST", "45.00")),
            lookback_days=int(_env("CROI_LOOKBACK_DAYS", "30")),
            horizon_days=int(_env("CROI_HORIZON_DAYS", "90")),
            period_start=os.environ.get("CROI_PERIOD_START") or None,
            period_end=os.environ.get("CROI_PERIOD_END") or None,
            home=home,
            landing=Path(_env("CROI_LANDING", str(home / "landing"))).resolve(),
            warehouse=Path(_env("CROI_WAREHOUSE", str(home / "warehouse.duckdb"))).resolve(),
            alert_webhook=os.environ.get("CROI_ALERT_WEBHOOK") or None,
            stale_after_hours=int(_env("CROI_STALE_AFTER_HOURS", "36")),
        )
        overrides = {k: v for k, v in overrides.items() if v is not None}
        for key in ("landing", "warehouse", "home"):
            if key in overrides:
                overrides[key] = Path(overrides[key]).resolve()
        s = replace(s, **overrides)
        s.validate()
        return s

    def validate(self) -> None:
        if not (0 <= self.margin_rate <= 1):
            raise ValueError(f"CROI_MARGIN_RATE must be within [0, 1], got {self.margin_rate}")
        if self.staff_hourly_cost < 0:
            raise ValueError("CROI_STAFF_HOURLY_COST must be >= 0")
        if not (1 <= self.lookback_days <= 365):
            raise ValueError("CROI_LOOKBACK_DAYS must be within [1, 365]")
        if not (7 <= self.horizon_days <= 730):
            raise ValueError("CROI_HORIZON_DAYS must be within [7, 730]")
        if len(self.currency) != 3 or not self.currency.isalpha():
            raise ValueError(f"CROI_CURRENCY must be an ISO-4217 code, got {self.currency!r}")
        from zoneinfo import ZoneInfo

        ZoneInfo(self.timezone)  # raises on an unknown zone

    # -- derived paths ---------------------------------------------------------------------
    @property
    def serving(self) -> Path:
        """The published, read-only copy the dashboard and `report` read."""
        return self.warehouse.with_name(self.warehouse.stem + ".serving.duckdb")

    @property
    def run_status_file(self) -> Path:
        """Last run's outcome (also written when a run fails and nothing is published)."""
        return self.warehouse.with_name(self.warehouse.stem + ".last_run.json")

    def dbt_env(self) -> dict[str, str]:
        """Environment variables dbt reads through env_var() in profiles.yml and vars."""
        env = {
            "CROI_WAREHOUSE": str(self.warehouse),
            "CROI_CURRENCY": self.currency,
            "CROI_TIMEZONE": self.timezone,
            "CROI_MARGIN_RATE": repr(self.margin_rate),
            "CROI_STAFF_HOURLY_COST": repr(self.staff_hourly_cost),
            "CROI_LOOKBACK_DAYS": str(self.lookback_days),
            "CROI_HORIZON_DAYS": str(self.horizon_days),
            "CROI_PERIOD_START": self.period_start or "",
            "CROI_PERIOD_END": self.period_end or "",
        }
        return env

    def as_dict(self) -> dict:
        d = asdict(self)
        return {k: (str(v) if isinstance(v, Path) else v) for k, v in d.items()}

