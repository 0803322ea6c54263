"""A `store_url` / `store` pair parametrized over both backends.

PostgreSQL needs FRONTWATCH_TEST_PG (see .ci/start-postgres.sh); each test gets
a fresh schema in that database, dropped afterwards."""
from __future__ import annotations

import os
import uuid

import pytest
from ci_need import need

from frontwatch.store import open_store

PG_URL = os.environ.get("FRONTWATCH_TEST_PG")


@pytest.fixture(params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request, tmp_path):
    if request.param == "duckdb":
        yield str(tmp_path / "store.duckdb")
        return
    if not PG_URL:
        need(False, "PostgreSQL tests need FRONTWATCH_TEST_PG=postgresql://... "
                    "(eval \"$(.ci/start-postgres.sh)\")")
    import psycopg

    schema = f"fwtest_{uuid.uuid4().hex[:12]}"
    sep = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{sep}schema={schema}"
    with psycopg.connect(PG_URL, autocommit=True) as con:
        con.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture
def store(store_url):
    with open_store(store_url) as s:
        yield s
