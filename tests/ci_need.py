"""Skip locally, fail in CI: a test whose PostgreSQL, chromium or ../shared is missing must not
pass CI by skipping (CI provides all three; `.ci/run` sets CI=true)."""
from __future__ import annotations

import os

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def need(ok: bool, reason: str) -> None:
    """Go on if `ok`; else skip with `reason`, or fail with it when CI is set."""
    if ok:
        return
    if in_ci():
        pytest.fail(f"CI is set but {reason}", pytrace=False)
    pytest.skip(reason)
