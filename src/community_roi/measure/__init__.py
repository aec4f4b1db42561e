"""Causal measurement: the incrementality of engaging (method: docs/methodology.md)."""

from community_roi.measure.incrementality import (
    COLUMNS,
    IncrementalityResult,
    estimate_incrementality,
    roi_interval,
    run_incrementality,
)

__all__ = [
    "COLUMNS", "IncrementalityResult", "estimate_incrementality", "roi_interval",
    "run_incrementality",
]
