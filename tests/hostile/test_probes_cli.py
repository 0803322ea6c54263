"""The issue's probes, through the installed command as a user meets them: one folder holding
every kind of bad input next to good articles, ingested in one run. The run must go on past each
bad input with one line naming it, store every good article, and never print a traceback."""
from __future__ import annotations

import json
import time

import pytest
from hostile_support import (
    GOOD,
    PROSE,
    broken_utf8,
    deep_json,
    good_line,
    huge_html,
    long_sentence,
    nested_html,
    run_cli,
)


@pytest.fixture(scope="module")
def probes(tmp_path_factory):
    d = tmp_path_factory.mktemp("probes")
    news = d / "news"
    news.mkdir()
    (news / "good-1.jsonl").write_text(good_line(0) + "\n")
    # a 20 MB-style JSONL line (scaled to the test's 30,000-character limit) and a 100k-deep one,
    # each followed by a good line
    big = json.dumps({"id": "big-1", "published": "2020-02-01", "text": PROSE * 1500})
    (news / "lines.jsonl").write_text(big + "\n" + deep_json() + "\n" + good_line(1) + "\n")
    # one id, two texts: a conflict, not a silent drop
    (news / "dup.jsonl").write_text(good_line(2) + "\n" +
                                    json.dumps({"id": "good-3", "text": PROSE + "A different report."}) + "\n")
    (news / "broken.txt").write_bytes(broken_utf8())
    (news / "nested.html").write_text(nested_html())
    (news / "huge.html").write_text(huge_html(400_000))
    (news / "long-sentence.txt").write_text(long_sentence(4000))
    (news / "big.txt").write_text(PROSE * 2000)      # 260,000 characters: cut to the limit, with a note
    (news / "README.md").write_text("# news\nThis folder holds the articles.\n")
    (news / "tool.py").write_text("import sys\nprint(sys.argv)\n")
    (news / "notes.bin").write_bytes(b"\x00\x01\x02" * 100)
    home = d / "home"
    home.mkdir()
    t = time.monotonic()
    first = run_cli(home, "ingest", news, "--db", d / "s.duckdb")
    elapsed = time.monotonic() - t
    second = run_cli(home, "ingest", news, "--db", d / "s.duckdb")
    exported = run_cli(home, "export", "--format", "csv", "--db", d / "s.duckdb")
    return {"first": first, "second": second, "elapsed": elapsed, "export": exported, "dir": news}


def _lines(proc) -> list[str]:
    return [line for line in proc.stderr.splitlines() if line.strip()]


def test_no_traceback_and_one_line_per_bad_input(probes):
    first = probes["first"]
    assert "Traceback" not in first.stderr and "Error:" not in first.stderr.replace("frontwatch:", "")
    assert first.returncode == 1, first.stderr       # there were bad inputs
    lines = _lines(first)
    bad = [line for line in lines if line.startswith("frontwatch: ")]
    # exactly the bad inputs: the deep line, the conflicting id, the broken UTF-8 file
    assert len(bad) == 3, lines
    assert any("lines.jsonl:2: bad JSON: nested too deep" in line for line in bad)
    assert any("dup.jsonl:2: id 'good-3' is already in this input with a different text" in line for line in bad)
    assert any("broken.txt: invalid UTF-8" in line for line in bad)
    # notes (not errors): the cut texts and skipped project files, each naming its input
    assert any("lines.jsonl:1: text of" in line and "cut to" in line for line in lines)
    assert any("big.txt: text of 259,999 characters cut to 29,900" in line for line in lines)
    assert any("README.md: skipped" in line for line in lines)
    assert any("tool.py: skipped" in line for line in lines)
    assert any("huge.html: page of" in line for line in lines)
    assert lines[-1].startswith("ingested 8 article(s)") and lines[-1].endswith("3 error(s)"), lines[-1]


def test_every_good_input_is_stored_once(probes):
    rows = probes["export"].stdout.splitlines()
    ids = [row.split(",")[1] for row in rows[1:]] if rows else []
    header = rows[0].split(",")
    assert header[1] == "article_id", header
    for gid, _, _ in GOOD:
        assert gid in ids, (gid, sorted(set(ids)))
    assert "big-1" in ids          # a cut text is still stored and coded


def test_second_run_adds_nothing_and_reports_the_conflict_again(probes):
    second = probes["second"]
    assert "Traceback" not in second.stderr
    last = _lines(second)[-1]
    assert last.startswith("ingested 0 article(s)") and "8 already stored" in last, last


def test_probes_are_bounded_in_time(probes):
    assert probes["elapsed"] < 240, probes["elapsed"]     # includes loading the model and gazetteer
