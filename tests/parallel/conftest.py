"""Fixtures for the parallel tests: one FRONTWATCH_HOME for the module (the gazetteer index is built
once), the installed entry point, and a PostgreSQL schema per test."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from ci_need import need
from home_support import frontwatch_home

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "frontwatch" / "demo" / "dispatches.jsonl"
SYRIA = ROOT.parent / "shared" / "data" / "acled" / "syria_battles_2017-2019.csv"
PG_URL = os.environ.get("FRONTWATCH_TEST_PG")


def frontwatch_bin() -> str:
    exe = Path(sys.executable).parent / "frontwatch"
    return str(exe) if exe.exists() else shutil.which("frontwatch")


@pytest.fixture(scope="session")
def fw_home(tmp_path_factory) -> Path:
    with frontwatch_home(tmp_path_factory.mktemp("fwhome")) as home:
        yield home


@pytest.fixture
def run(fw_home):
    def _run(*args, input=None, check=True, timeout=900):
        env = dict(os.environ, FRONTWATCH_HOME=str(fw_home))
        proc = subprocess.run([frontwatch_bin(), *map(str, args)], input=input, capture_output=True, text=True,
                              env=env, timeout=timeout)
        if check and proc.returncode != 0:
            raise AssertionError(f"frontwatch {' '.join(map(str, args))} failed ({proc.returncode}):\n{proc.stderr}")
        return proc
    return _run


@pytest.fixture
def pg_url():
    """A fresh schema in the test database (dropped afterwards), as a frontwatch store URL."""
    if not PG_URL:
        need(False, "PostgreSQL tests need FRONTWATCH_TEST_PG=postgresql://... "
                    "(eval \"$(.ci/start-postgres.sh)\")")
    import psycopg

    made = []

    def make() -> str:
        schema = f"fwpar_{uuid.uuid4().hex[:12]}"
        made.append(schema)
        sep = "&" if "?" in PG_URL else "?"
        return f"{PG_URL}{sep}schema={schema}"

    yield make
    with psycopg.connect(PG_URL, autocommit=True) as con:
        for schema in made:
            con.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture(scope="session")
def syria_notes(tmp_path_factory) -> Path:
    """The first 400 ACLED Syria notes as articles (read by path from ../shared, never copied)."""
    if not SYRIA.exists():
        need(False, f"{SYRIA} is absent")
    out = tmp_path_factory.mktemp("syria") / "notes.jsonl"
    score = SYRIA.parents[2] / "eval" / "score.py"
    got = subprocess.run([sys.executable, str(score), "prepare", "acled", str(SYRIA)], capture_output=True,
                         text=True, check=True).stdout.splitlines()
    out.write_text("\n".join(got[:400]) + "\n", encoding="utf-8")
    return out
