"""Several writers and readers of one store: two ingests into one DuckDB file both complete
and store the union once; PostgreSQL's first use by several processes at once is safe; a
store that cannot be reached is one line, not a traceback."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid

import pytest
from ci_need import need
from hostile_support import GOOD, PROSE, frontwatch_bin, run_cli

from frontwatch.store import StoreError, open_store

PG_URL = os.environ.get("FRONTWATCH_TEST_PG", "")


def _articles(ids) -> str:
    return "".join(json.dumps({"id": f"c-{i}", "published": "2020-02-01",
                               "text": f"Report {i}. " + PROSE + GOOD[i % len(GOOD)][2]}) + "\n" for i in ids)


def test_two_ingests_into_one_duckdb_file_at_once(tmp_path):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text(_articles(range(0, 40)))
    b.write_text(_articles(range(20, 60)))           # 20 in common
    db = tmp_path / "s.duckdb"
    env = dict(os.environ, FRONTWATCH_HOME=str(tmp_path))
    procs = [subprocess.Popen([frontwatch_bin(), "ingest", str(f), "--db", str(db)], env=env, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for f in (a, b)]
    outs = [p.communicate(timeout=600) for p in procs]
    for p, (_, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err
        assert "Traceback" not in err
    with open_store(str(db), read_only=True) as store:
        ids = [art.id for art in store.articles()]
    assert sorted(ids) == sorted(f"c-{i}" for i in range(60))       # the union, each once
    added = [int(err.strip().splitlines()[-1].split()[1]) for _, err in outs]
    assert sum(added) == 60, outs


def test_unreachable_postgres_is_one_line(tmp_path):
    with pytest.raises(StoreError) as exc:
        open_store("postgresql://nobody:pw@127.0.0.1:1/none?connect_timeout=2")
    assert "\n" not in str(exc.value) and "pw" not in str(exc.value)
    proc = run_cli(tmp_path, "export", "--db", "postgresql://nobody:pw@127.0.0.1:1/none")
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    gid, day, text = GOOD[0]
    (tmp_path / "g.jsonl").write_text(json.dumps({"id": gid, "published": day, "text": text}) + "\n")
    proc = run_cli(tmp_path, "ingest", tmp_path / "g.jsonl", "--db", "postgresql://nobody:pw@127.0.0.1:1/none")
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr


def test_locked_duckdb_is_one_line(tmp_path):
    db = str(tmp_path / "s.duckdb")
    with open_store(db):
        code = ("from frontwatch.store import open_store, StoreError\n"
                f"from frontwatch.store.duckdb import DuckDBStore\n"
                f"try:\n    DuckDBStore({db!r}, lock_timeout=0.5)\n"
                "except StoreError as e:\n    print('ONE', e)\n")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.startswith("ONE ") and "lock" in out.stdout.lower() and out.stderr == "", out


@pytest.mark.postgres
def test_concurrent_first_use_of_postgres(tmp_path):
    need(bool(PG_URL), "PostgreSQL tests need FRONTWATCH_TEST_PG=postgresql://... (eval \"$(.ci/start-postgres.sh)\")")
    schema = f"fwrace_{uuid.uuid4().hex[:10]}"
    url = f"{PG_URL}{'&' if '?' in PG_URL else '?'}schema={schema}"
    code = ("import sys\nfrom frontwatch.store import open_store\n"
            "with open_store(sys.argv[1]) as s:\n    print(s.schema_version())\n")
    try:
        procs = [subprocess.Popen([sys.executable, "-c", code, url], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True) for _ in range(6)]
        outs = [p.communicate(timeout=120) for p in procs]
        assert all(p.returncode == 0 for p in procs), [err for _, err in outs]
        assert len({out.strip() for out, _ in outs}) == 1
    finally:
        import psycopg

        with psycopg.connect(PG_URL, autocommit=True) as con:
            con.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def test_server_keeps_answering_and_sees_an_ingest(tmp_path):
    """`serve` and `ingest` on one DuckDB file: no 5xx while the ingest writes, and the server's
    answers (cached per connection generation) show the new articles once they are stored."""
    import threading

    import httpx

    sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[1] / "api"))
    from api_support import LiveServer

    from frontwatch.api.app import create_app

    db = str(tmp_path / "s.duckdb")
    (tmp_path / "a.jsonl").write_text(_articles(range(0, 12)))
    with LiveServer(create_app(db)) as srv, httpx.Client(base_url=srv.url, timeout=30) as c:
        assert c.get("/api/events").json()["total"] == 0
        codes: list[int] = []
        stop = threading.Event()

        def poll():
            while not stop.is_set():
                codes.append(c.get("/api/events", params={"limit": 5}).status_code)

        poller = threading.Thread(target=poll, daemon=True)
        poller.start()
        proc = run_cli(tmp_path, "ingest", tmp_path / "a.jsonl", "--db", db)
        stop.set()
        poller.join(30)
        assert proc.returncode == 0, proc.stderr
        assert codes and set(codes) == {200}, sorted(set(codes))
        stats = c.get("/api/stats").json()["counts"]
        assert stats["articles"] == 12
        assert c.get("/api/events", params={"limit": 1000}).json()["total"] == stats["events"] > 0


@pytest.mark.postgres
def test_api_over_postgres_pool(tmp_path):
    """The API's pool over PostgreSQL: concurrent reads, a write, and the write seen by the next read
    (nothing is cached there: PostgreSQL data can change under an open connection)."""
    import threading

    import httpx

    need(bool(PG_URL), "PostgreSQL tests need FRONTWATCH_TEST_PG=postgresql://... (eval \"$(.ci/start-postgres.sh)\")")
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[1] / "api"))
    from api_support import LiveServer

    from frontwatch.api.app import create_app
    from frontwatch.model import Article

    schema = f"fwapi_{uuid.uuid4().hex[:10]}"
    url = f"{PG_URL}{'&' if '?' in PG_URL else '?'}schema={schema}"
    try:
        with LiveServer(create_app(url, token="t")) as srv, httpx.Client(base_url=srv.url, timeout=60) as c:
            codes: list[int] = []

            def reads():
                with httpx.Client(base_url=srv.url, timeout=60) as rc:
                    codes.extend(rc.get("/api/events", params={"limit": 5}).status_code for _ in range(10))
            threads = [threading.Thread(target=reads) for _ in range(6)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(60)
            assert codes == [200] * 60
            with open_store(url) as store:      # another writer, outside the server
                assert store.add_article(Article("pg-1", GOOD[0][2]), [])
            assert c.get("/api/stats").json()["counts"]["articles"] == 1
    finally:
        import psycopg

        with psycopg.connect(PG_URL, autocommit=True) as con:
            con.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
