"""End to end on the story frontwatch was born from (../shared/seed)."""
import json
import math
import subprocess
import sys


def km(a, b, c, d):
    p1, p2 = math.radians(a), math.radians(c)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(d - b) / 2) ** 2
    return 6371 * 2 * math.asin(min(1.0, math.sqrt(h)))


def test_seed_article(run, shared):
    gold = json.loads((shared / "seed" / "gold.json").read_text())
    art = dict(gold["article"], text=(shared / "seed" / "article.txt").read_text())
    proc = run("extract", "-", input=json.dumps(art) + "\n", check=True)
    events = [json.loads(x) for x in proc.stdout.splitlines()]
    gold_n = len(gold["events"])
    # every required event, at most the optional ones besides: no duplicates, no stray events
    assert gold_n <= len(events) <= gold_n + len(gold.get("optional", [])), [e["sub_event_type"] for e in events]
    main = events[0]
    assert main["sub_event_type"] == "Government regains territory"
    assert main["event_date"] in ("2020-01-28", "2020-01-29")
    assert km(main["latitude"], main["longitude"], 35.6483, 36.67693) <= 10
    assert main["inter1"] == "State forces" and main["status"] == "current"
    assert "captured" in main["evidence"]["text"] or "take" in main["evidence"]["text"]
    text = art["text"]
    assert text[main["evidence"]["start"]:main["evidence"]["end"]] == main["evidence"]["text"]
    saraqeb = [e for e in events if "Saraqeb" in e["evidence"]["text"] and e["status"] == "current"]
    assert saraqeb == [], "a forecast came out as an event"
    background = [e for e in events if e["status"] == "background" and e["location"] and "Shayk" in e["location"]]
    assert background and background[0]["event_date"].startswith("2019-08")
    displaced = [e for e in events if e["sub_event_type"] == "Displacement" and e.get("displaced") == 383000]
    assert displaced and displaced[0]["status"] == "current"


def test_seed_check_script(shared, fw_home):
    import os
    from pathlib import Path

    exe = Path(sys.executable).parent / "frontwatch"
    proc = subprocess.run([sys.executable, str(shared / "eval" / "seed_check.py"), str(exe)], capture_output=True,
                          text=True, env=dict(os.environ, FRONTWATCH_HOME=str(fw_home)), timeout=600)
    summary = json.loads(proc.stdout.splitlines()[-1])
    assert summary["required_found"] == summary["required_total"], proc.stdout
    assert summary["extra_current"] == 0, proc.stdout
