"""Shared fixtures: a small landing folder with known answers, and pipelines run on it for real."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

import pytest

# Nothing in the suite may phone home; these are set before any of the tools is imported.
os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "False")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
os.environ.setdefault("DO_NOT_TRACK", "1")
for _var in [k for k in os.environ if k.startswith("CROI_")]:
    del os.environ[_var]  # a developer's own settings must not leak into the tests

TESTS = Path(__file__).resolve().parent
sys.path.insert(0, str(TESTS))

from landing_fixture import make_landing

from community_roi.settings import Settings


@pytest.fixture
def landing(tmp_path) -> Path:
    return make_landing(tmp_path / "landing")


@pytest.fixture
def settings(tmp_path, landing) -> Settings:
    return Settings.from_env(landing=landing, warehouse=tmp_path / "wh" / "warehouse.duckdb",
                             home=tmp_path)


@pytest.fixture(scope="session")
def fixture_run(tmp_path_factory):
    """The hand-written landing run once through the whole pipeline (load, dbt, check, publish)."""
    from community_roi import pipeline

    root = tmp_path_factory.mktemp("fixture_run")
    s = Settings.from_env(landing=make_landing(root / "landing"),
                          warehouse=root / "warehouse.duckdb", home=root)
    result = pipeline.run(s)
    assert result.ok, result.status
    return s


# The e-reputation tests (tests/dbt, tests/accuracy) share one realistic demo world.
EREPUTATION_WORLD = {"scenario": "realistic", "seed": 7, "customers": 4000,
                     "end_date": date(2026, 11, 23)}


@pytest.fixture(scope="session")
def world(tmp_path_factory):
    """Generate the demo world once per session and run the whole pipeline on it."""
    import json

    from community_roi import pipeline
    from community_roi.demo import generate

    root = tmp_path_factory.getbasetemp() / "ereputation_world"
    s = Settings.from_env(landing=root / "landing", warehouse=root / "warehouse.duckdb", home=root)
    generate(root / "landing", **EREPUTATION_WORLD)
    result = pipeline.run(s)
    assert result.ok, result.status
    return s, json.loads((root / "landing" / "truth.json").read_text())
