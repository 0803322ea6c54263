"""Bounded work per input, at the library level: chunked parsing keeps offsets, a sentence cap
keeps the coder's work per sentence bounded, texts over the limit are cut with a note."""
from __future__ import annotations

import json
import logging
from datetime import datetime

import pytest
from hostile_support import PROSE, deep_json, long_sentence

from frontwatch import limits, nlp
from frontwatch.ingest import read, read_jsonl_line
from frontwatch.ingest.readers import read_jsonl_bytes
from frontwatch.model import Article, InputError


def test_chunks_join_back_exactly():
    text = ("Para one. " * 30 + "\n\n") * 20 + "x" * 900 + " tail"
    parts = nlp.chunks(text, 400)
    assert "".join(parts) == text and all(len(p) <= 400 for p in parts)
    assert all(p.endswith("\n") for p in parts[:5])       # cut at paragraph breaks where there are some


def test_chunked_parse_keeps_offsets(monkeypatch):
    monkeypatch.setenv("FRONTWATCH_CHUNK_CHARS", "2000")
    text = "\n\n".join(f"Report {i}. " + PROSE for i in range(60))
    doc = nlp.parse(text)
    assert doc.text == text and len(text) > 2000
    for ent in doc.ents:
        assert text[ent.start_char:ent.end_char] == ent.text
    assert [d.text for d in nlp.parse_many(["short one.", text, "another."])] == ["short one.", text, "another."]


def test_over_spacy_max_length_parses_in_chunks(monkeypatch):
    # spaCy refuses a text over its max_length (E088); scaled down here so that the test is quick
    monkeypatch.setattr(nlp.load(), "max_length", 20_000)
    monkeypatch.setenv("FRONTWATCH_CHUNK_CHARS", "8000")
    text = "Rebels attacked. " * 2000        # 34,000 characters
    with pytest.raises(ValueError, match="E088"):
        nlp.load()(text)
    assert nlp.parse(text).text == text


def test_sentence_cap():
    doc = nlp.parse(long_sentence(3000))
    cap = limits.max_sent_tokens()
    assert max(len(s) for s in doc.sents) <= cap
    normal = nlp.parse(PROSE * 3)
    assert len(list(normal.sents)) == 3     # ordinary prose never meets the cap


def test_long_text_events_point_into_the_text(monkeypatch):
    from frontwatch.pipeline import extract

    monkeypatch.setenv("FRONTWATCH_CHUNK_CHARS", "3000")
    text = "\n\n".join(f"On day {i} government forces shelled the town of Saraqib, killing {i + 2} civilians."
                       for i in range(80))
    events = extract(Article("long", text, datetime(2020, 2, 1)))
    assert events
    for e in events:
        assert text[e.evidence.start:e.evidence.end] == e.evidence.text
    assert {e.place.name for e in events if e.place} <= {"Saraqeb", "Saraqib"}


def test_cut_with_a_note_naming_the_input(monkeypatch, caplog):
    monkeypatch.setenv("FRONTWATCH_MAX_CHARS", "5000")
    line = json.dumps({"id": "big", "text": PROSE * 100})
    with caplog.at_level(logging.WARNING, logger="frontwatch.ingest"):
        art = read_jsonl_line(line, "in.jsonl", 7)
    assert isinstance(art, Article) and len(art.text) <= 5000 and art.text.endswith("said.")
    assert PROSE.startswith(art.text[:100])
    assert [r.getMessage() for r in caplog.records] == [
        f"in.jsonl:7: text of {len(PROSE * 100):,} characters cut to {len(art.text) + 1:,} "
        "(limit 5,000, FRONTWATCH_MAX_CHARS or --max-chars)"]


def test_deep_json_costs_one_line():
    good = json.dumps({"id": "g", "text": PROSE})
    data = (deep_json() + "\n" + good + "\n").encode()
    out = list(read_jsonl_bytes(data, "deep.jsonl"))
    assert isinstance(out[0], InputError) and str(out[0]) == "deep.jsonl:1: bad JSON: nested too deep"
    assert isinstance(out[1], Article) and out[1].id == "g"
    whole = list(read_jsonl_bytes(("[" + deep_json(50_000) + "]").encode(), "arr.json"))
    assert len(whole) == 1 and isinstance(whole[0], InputError)


@pytest.mark.parametrize("name,keep", [("README.md", False), ("LICENSE", False), ("setup.py", False),
                                       ("app.js", False), ("notes.txt", True), ("story.html", True),
                                       ("feed.xml", True), ("a.jsonl", True), ("CHANGELOG.txt", False)])
def test_folder_takes_article_files_only(tmp_path, name, keep):
    (tmp_path / name).write_text(PROSE)
    got = list(read(str(tmp_path)))
    skipped = len(got) == 1 and isinstance(got[0], InputError) and "no article files" in got[0].message
    assert skipped != keep, got


def test_code_with_a_text_extension_is_skipped(tmp_path):
    (tmp_path / "script.txt").write_text("#!/bin/sh\necho hello\n")
    (tmp_path / "story.txt").write_text(PROSE)
    got = list(read(str(tmp_path)))
    assert len(got) == 1 and isinstance(got[0], Article)


def test_a_named_file_is_read_whatever_its_name(tmp_path):
    p = tmp_path / "README.md"
    p.write_text(PROSE)
    assert isinstance(next(read(str(p))), Article)


def test_html_over_its_time_budget_falls_back_to_plain_text(monkeypatch, caplog):
    import time as _time

    import trafilatura

    from frontwatch.ingest.readers import extract_html

    def slow(*args, **kwargs):
        _time.sleep(5)
        raise AssertionError("the budget should have stopped this")
    monkeypatch.setattr(trafilatura, "bare_extraction", slow)
    monkeypatch.setenv("FRONTWATCH_HTML_SECONDS", "1")
    html = f"<html><body><nav>menu</nav><p>{PROSE}</p></body></html>"
    start = _time.monotonic()
    with caplog.at_level(logging.WARNING, logger="frontwatch.ingest"):
        got = extract_html(html, None, "slow.html")
    assert _time.monotonic() - start < 3
    assert got is not None and PROSE.strip() in got["text"]
    assert any("slow.html: extraction took over 1 s" in r.getMessage() for r in caplog.records)
