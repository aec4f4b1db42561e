"""Whether the suite runs in CI, where optional parts (browser, cross-check packages) must run."""

from __future__ import annotations

import os


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")
