"""The demo corpus is valid JSONL in the CONTRACT's article shape."""
from __future__ import annotations

import json
from datetime import date

from frontwatch.demo import path


def records() -> list[dict]:
    with path().open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def test_file_is_valid_jsonl_every_line():
    with path().open(encoding="utf-8") as f:
        lines = f.read().splitlines()
    assert lines and all(line.strip() for line in lines)
    for line in lines:
        assert isinstance(json.loads(line), dict)


def test_enough_records_with_unique_ids():
    recs = records()
    assert len(recs) >= 30
    ids = [r["id"] for r in recs]
    assert len(set(ids)) == len(ids)
    assert all(i.startswith("demo-") for i in ids)


def test_fields_and_dates():
    for r in records():
        assert set(r) >= {"id", "published", "title", "source", "url", "text"}
        assert date(2019, 12, 1) <= date.fromisoformat(r["published"]) <= date(2020, 3, 31)
        assert isinstance(r["text"], str) and r["text"].strip()
        assert r["title"] and r["source"] and r["url"] is None
        assert 80 <= len(r["text"].split()) <= 250
