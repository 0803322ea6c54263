"""Geo test fixtures: one gazetteer index per test session, in a temporary FRONTWATCH_HOME."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from ci_need import need

SHARED = Path(__file__).resolve().parents[3] / "shared"      # ../shared beside the checkout
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def geo_home(tmp_path_factory) -> Path:
    """A FRONTWATCH_HOME with the index built once (about a minute, first time only)."""
    home = tmp_path_factory.mktemp("fwhome")
    old = os.environ.get("FRONTWATCH_HOME")
    os.environ["FRONTWATCH_HOME"] = str(home)
    from frontwatch.geo.gazetteer import ensure_index

    ensure_index(home)
    yield home
    if old is None:
        os.environ.pop("FRONTWATCH_HOME", None)
    else:
        os.environ["FRONTWATCH_HOME"] = old


@pytest.fixture(scope="session")
def gp(geo_home):
    from frontwatch.geo import Geoparser

    return Geoparser(geo_home)


@pytest.fixture()
def fresh_home(geo_home, tmp_path, monkeypatch) -> Path:
    """An empty FRONTWATCH_HOME that shares the session's index (symlinked), for additions."""
    from frontwatch.geo.gazetteer import index_path

    home = tmp_path / "home"
    (home / "gazetteer").mkdir(parents=True)
    src = index_path(geo_home)
    (home / "gazetteer" / src.name).symlink_to(src)
    monkeypatch.setenv("FRONTWATCH_HOME", str(home))
    from frontwatch.geo.cli import _forget_cached

    _forget_cached()
    yield home
    _forget_cached()


@pytest.fixture(scope="session")
def seed_text() -> str:
    p = SHARED / "seed" / "article.txt"
    if not p.exists():
        need(False, f"shared seed article absent ({p})")
    return p.read_text(encoding="utf-8")
