"""Debian's chromium under Playwright, for the browser tests (skip locally without it, fail in CI)."""
from __future__ import annotations

import os

import pytest
from ci_need import need

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    need(os.path.exists(CHROMIUM), f"{CHROMIUM} is absent (apt-get install -y chromium); Playwright's own "
                                   "browsers are not used")
    from playwright import sync_api
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()
