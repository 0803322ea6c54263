"""`--workers N` on real text: the same output and the same store as one worker, and Ctrl-C stores
every finished article and nothing half."""
from __future__ import annotations

import os
import signal
import subprocess
import time

from conftest import DEMO, frontwatch_bin

from frontwatch.store import open_store


def _tables(db: str) -> dict:
    with open_store(db, read_only=True) as store:
        out = {}
        for table in ("articles", "events", "evidence", "places", "view_control", "view_fusion", "view_fused"):
            rows = store._execute(f"SELECT * FROM {table}").fetchall()
            if table == "articles":
                rows = [r[:6] for r in rows]      # not ingested_at
            out[table] = sorted(tuple(map(repr, r)) for r in rows)
        return out


def test_extract_two_workers_same_output(run):
    one = run("extract", DEMO, "--workers", "1").stdout
    two = run("extract", DEMO, "--workers", "2").stdout
    assert one.count("\n") > 38
    assert two == one                               # same events, same ids, same order


def test_ingest_two_workers_same_store(run, tmp_path):
    a, b = str(tmp_path / "one.duckdb"), str(tmp_path / "two.duckdb")
    run("ingest", DEMO, "--db", a, "--workers", "1")
    got = run("ingest", DEMO, "--db", b, "--workers", "2")
    assert "ingested 38 article(s)" in got.stderr
    assert _tables(b) == _tables(a)
    csv_a = run("export", "--format", "csv", "--db", a).stdout
    assert run("export", "--format", "csv", "--db", b).stdout == csv_a


def test_ctrl_c_stores_every_finished_article(run, fw_home, tmp_path, syria_notes):
    db = str(tmp_path / "stop.duckdb")
    env = dict(os.environ, FRONTWATCH_HOME=str(fw_home))
    proc = subprocess.Popen([frontwatch_bin(), "ingest", str(syria_notes), "--db", db, "--workers", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            start_new_session=True)
    deadline = time.monotonic() + 600
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.5)
        try:
            with open_store(db, read_only=True) as store:
                stored = store.count()["articles"]
        except Exception:  # noqa: BLE001 - not created yet, or a write holds it
            continue
        if stored:
            break
    assert stored and proc.poll() is None, "the ingest ended before it could be interrupted"
    os.killpg(proc.pid, signal.SIGINT)              # Ctrl-C reaches the whole process group
    _out, err = proc.communicate(timeout=300)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    with open_store(db, read_only=True) as store:
        kept = store.count()
        assert stored <= kept["articles"] < 400
        # no half article: every stored article has all its events (as a fresh run codes them)
        ids = [a.id for a in store.articles()]
    full = str(tmp_path / "full.duckdb")
    run("ingest", str(syria_notes), "--db", full, "--workers", "2")
    with open_store(full, read_only=True) as store:
        want = {i: sorted(e.id for e in store.events(article_id=i)) for i in ids}
    with open_store(db, read_only=True) as store:
        assert {i: sorted(e.id for e in store.events(article_id=i)) for i in ids} == want
    # the same command again goes on where it stopped: the union, once
    again = run("ingest", str(syria_notes), "--db", db, "--workers", "2")
    assert f"{kept['articles']} already stored" in again.stderr
    assert _tables(db) == _tables(full)


def test_one_worker_is_one_core():
    """`--workers 1` codes in this process with the type model embedding on one thread; the library alone uses
    the spare core."""
    from frontwatch.events import embed
    from frontwatch.model import Article
    from frontwatch.parallel import code_stream

    try:
        embed.use_threads(2)
        assert embed.embedder().session.get_session_options().intra_op_num_threads == 2
        arts = [Article("one-core", "Rebels shelled army posts near Saraqib on Monday, killing two soldiers.")]
        assert len(list(code_stream(iter(arts), workers=1))) == 1
        assert embed.embedder().session.get_session_options().intra_op_num_threads == 1
    finally:
        embed.use_threads(None)
