"""Fixtures shared by folders: a store built by ingesting real text (the monitor's alerts, the report)."""
from __future__ import annotations

import os
import shutil
import sys
from datetime import datetime
from pathlib import Path

import pytest
from ci_need import need

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEMO = ROOT / "frontwatch" / "demo" / "dispatches.jsonl"
sys.path.insert(0, str(ROOT / "tests" / "api"))      # api_support: a live server, sample stores


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory) -> Path:
    """The demo dispatches and the seed article (../shared, read by path), ingested once per session
    into a DuckDB file; tests take a copy (`store_copy`)."""
    seed = SHARED / "seed" / "article.txt"
    if not seed.exists():
        need(False, f"{SHARED} is absent: the seed article is read by path, never copied")
    from frontwatch.ingest.job import ingest

    path = tmp_path_factory.mktemp("demo-store") / "demo.duckdb"
    old = os.environ.get("FRONTWATCH_HOME")
    os.environ.setdefault("FRONTWATCH_HOME", str(tmp_path_factory.mktemp("fwhome-demo")))
    try:
        tally = ingest([str(DEMO), str(seed)], str(path), published=datetime(2020, 1, 29))
    finally:
        if old is None:
            os.environ.pop("FRONTWATCH_HOME", None)
    assert tally.added == 39 and not tally.errors
    return path


@pytest.fixture
def store_copy(demo_store, tmp_path) -> str:
    dst = tmp_path / "store.duckdb"
    shutil.copy(demo_store, dst)
    return str(dst)
