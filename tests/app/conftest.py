"""Fixtures for the dashboard tests: the app's modules on the path, the published serving files of
the session's real pipeline runs (the small hand-written landing, and the demo world), and copies
for tests that change the data or the status."""

from __future__ import annotations

import shutil
import sys

import pytest

from community_roi.settings import PROJECT_ROOT, Settings

APP_DIR = PROJECT_ROOT / "streamlit_app"
if str(APP_DIR) not in sys.path:
    sys.path.insert(0, str(APP_DIR))   # formatting, queries... as the app itself imports them


@pytest.fixture(autouse=True)
def validated_charts(monkeypatch):
    """The pages skip Altair's schema validation for speed; under test every chart they draw is
    validated against the Vega-Lite schema."""
    import charts

    monkeypatch.setattr(charts, "VALIDATE", True)


@pytest.fixture(scope="session")
def served(fixture_run) -> Settings:
    """The hand-written landing run once through the real pipeline (tests/conftest.py); its
    serving file is only read here. Too short for an analysis period: the causal figures are
    missing, with their reasons."""
    assert fixture_run.serving.is_file()
    return fixture_run


@pytest.fixture(scope="session")
def demo(world) -> Settings:
    """The demo world (tests/conftest.py: realistic scenario, 4,000 customers) through the real
    pipeline: every page has real figures."""
    settings, _truth = world
    return settings


@pytest.fixture
def serving_copy(served, tmp_path) -> Settings:
    """A private copy of the published file under a fresh warehouse path, free to change."""
    s = Settings.from_env(warehouse=tmp_path / "wh.duckdb", home=tmp_path)
    shutil.copyfile(served.serving, s.serving)
    return s


@pytest.fixture
def demo_copy(demo, tmp_path) -> Settings:
    """A private copy of the demo world's published file, free to change."""
    s = Settings.from_env(warehouse=tmp_path / "wh.duckdb", home=tmp_path)
    shutil.copyfile(demo.serving, s.serving)
    return s
