"""Smoke score on a subset of LGL (gold spans given), with the reference scorer."""
import importlib.util
import json

from ci_need import need
from conftest import SHARED


def test_lgl_subset_accuracy(geo_home, tmp_path):
    gold = SHARED / "data" / "geo" / "lgl.xml"
    scorer = SHARED / "eval" / "score.py"
    if not gold.exists() or not scorer.exists():
        need(False, f"shared LGL gold or scorer absent ({gold})")
    spec = importlib.util.spec_from_file_location("fw_score", scorer)
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    from frontwatch.geo import geoparse_record

    docs = score.geo_docs(str(gold), 120)
    out = tmp_path / "out.jsonl"
    with open(out, "w") as f:
        for did, text, tops in docs:
            rec = {"id": did, "text": text, "toponyms": [{"start": s, "end": e} for s, e, _, _ in tops]}
            f.write(json.dumps(geoparse_record(rec)) + "\n")
    res = score.score_geo(str(gold), str(out), 120)
    # trivial baseline (every toponym at the United States centre) scores ~0.25 here
    assert res["acc_161km"] >= 0.75, res
    assert res["unresolved"] <= 0.08, res
