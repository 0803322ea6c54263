"""`make bench`: speed, memory and quality figures, one JSON line each.

Speed is reported as ratios to spaCy NER alone on the same text in the same
process (the machines are shared and noisy; seconds mean little). Quality runs
the reference scorer on the gold files in ../shared where they exist, and says
so where they do not.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
PY = sys.executable


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, **kw)


def last_json(text: str) -> dict | None:
    for line in reversed(text.strip().splitlines()):
        try:
            return json.loads(line)
        except json.JSONDecodeError:
            continue
    return None


def main() -> None:
    env = dict(os.environ)
    if not SHARED.exists():
        print(json.dumps({"skipped": f"{SHARED} is absent: quality benchmarks need the shared gold files"}))
    # 1. event extraction speed against spaCy NER alone
    print(json.dumps(last_json(run([PY, "bench/extract_bench.py", "1000"], env=env).stdout)))
    # 1b. bounded work: coding time at n and 2n characters; the API under load, quiet and during an ingest
    print(json.dumps(last_json(run([PY, "bench/linearity.py", "50000"], env=env).stdout)))
    for line in run([PY, "bench/api_load.py"], env=env).stdout.splitlines():
        print(line)
    if not SHARED.exists():
        return
    # 2. geoparsing, gold spans: speed ratio, peak RSS, and accuracy
    with tempfile.TemporaryDirectory() as tmp:
        for gold in ("lgl.xml", "GeoVirus.xml"):
            src = SHARED / "data" / "geo" / gold
            inp, out = Path(tmp) / "in.jsonl", Path(tmp) / "out.jsonl"
            inp.write_text(run([PY, str(SHARED / "eval" / "score.py"), "prepare", "geo", str(src)]).stdout)
            speed = run([PY, "bench/geo_bench.py", str(inp), str(out)], env=env)
            score = run([PY, str(SHARED / "eval" / "score.py"), "score", "geo", str(src), str(out)])
            print(json.dumps({"gold": gold, "speed": last_json(speed.stderr), "score": last_json(score.stdout)}))
    # 3. event coding on ACLED notes (the reference run.sh)
    for gold, limit in (("syria_battles_2017-2019.csv", "2000"), ("kenya_2004-2019.csv", ""),
                        ("afghanistan_2020-03.csv", "")):
        cmd = [str(SHARED / "eval" / "run.sh"), "acled", str(SHARED / "data" / "acled" / gold)] + (
            [limit] if limit else [])
        print(json.dumps({"gold": gold, "limit": limit or None, "score": last_json(run(cmd, env=env).stdout)}))
    # 3b. the most any resolver could place with the packaged gazetteer: notes naming a place it knows
    #     within 25 km of ACLED's point
    ceiling = run([PY, "bench/location_ceiling.py", str(SHARED / "data" / "acled" / "syria_battles_2017-2019.csv"),
                   "25", "2000"], env=env)
    print(json.dumps({"location_ceiling": last_json(ceiling.stdout)}))
    # 4. village-level places with `gazetteer add --acled`, honestly: learn the places of the
    #    2017-2018 rows, score the 2019 rows only
    print(json.dumps(time_split(SHARED / "data" / "acled" / "syria_battles_2017-2019.csv", env)))
    # 4a. issue 13: the 2019 rows with the packaged gazetteer, then after `gazetteer add --ucdp` (UCDP GED places,
    #     CC BY 4.0), and the location ceiling with those places; `gazetteer fetch SY` at a real dump's size
    print(json.dumps(ucdp_2019(SHARED / "data" / "acled" / "syria_battles_2017-2019.csv",
                               SHARED / "data" / "geo" / "ucdp_ged_syria_places.csv", env)))
    print(json.dumps(last_json(run([PY, "bench/gazetteer_bench.py"], env=env).stdout)))
    # 4b. scale (issue 15): --workers 2 vs 1 and a Dask LocalCluster of 2 vs 1 process; the full Syria file into
    #     DuckDB and PostgreSQL (FRONTWATCH_BENCH_PG or FRONTWATCH_TEST_PG names the server); control and the API
    #     on that store
    for line in scale(env):
        print(json.dumps(line))
    # 5. territorial control the day after each gold territory change: with the packaged gazetteer,
    #    then with the export's places added (`gazetteer add --acled`, in-sample: the same rows' places)
    for extra in ([], ["--acled-places"]):
        print(json.dumps({"control": last_json(run([PY, "bench/control_bench.py", "--limit", "2000", *extra],
                                                     env=env).stdout)}))


def scale(env: dict) -> list[dict]:
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        notes = Path(tmp) / "syria.jsonl"
        notes.write_text(run([PY, str(SHARED / "eval" / "score.py"), "prepare", "acled",
                              str(SHARED / "data" / "acled" / "syria_battles_2017-2019.csv")]).stdout)
        env = dict(env, FRONTWATCH_HOME=str(Path(tmp) / "home"))
        for line in run([PY, "bench/scale_bench.py", "workers", str(notes)], env=env).stdout.splitlines():
            out.append(json.loads(line))
        stores = [str(Path(tmp) / "syria.duckdb")]
        pg = env.get("FRONTWATCH_BENCH_PG") or env.get("FRONTWATCH_TEST_PG")
        if pg:
            schema = f"fwbench_{os.getpid()}"
            stores.append(f"{pg}{'&' if '?' in pg else '?'}schema={schema}")
        for db in stores:
            out.append(last_json(run([PY, "bench/scale_bench.py", "store", str(notes), db], env=env).stdout))
            out.append(last_json(run([PY, "bench/scale_bench.py", "control", db], env=env).stdout))
            for line in run([PY, "bench/api_load.py", "--db", db], env=env).stdout.splitlines():
                out.append(json.loads(line))
        if pg:
            import psycopg

            with psycopg.connect(pg, autocommit=True) as con:
                con.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    return out


def _split(src: Path, tmp: str) -> dict[str, Path]:
    """`src`'s rows before 2019 (train.csv) and from 2019 (test.csv), written under `tmp`."""
    import csv

    with open(src, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
    out = {}
    for name, keep in (("train", lambda r: r["event_date"] < "2019"), ("test", lambda r: r["event_date"] >= "2019")):
        out[name] = Path(tmp) / f"{name}.csv"
        with open(out[name], "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=reader.fieldnames)
            w.writeheader()
            w.writerows(r for r in rows if keep(r))
    return out


def time_split(src: Path, env: dict) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        parts = _split(src, tmp)
        home = dict(env, FRONTWATCH_HOME=str(Path(tmp) / "home"))
        fw = str(Path(sys.executable).parent / "frontwatch")
        added = run([fw, "gazetteer", "add", "--acled", str(parts["train"])], env=home)
        score = run([str(SHARED / "eval" / "run.sh"), "acled", str(parts["test"])], env=home)
        ceiling = run([PY, "bench/location_ceiling.py", str(parts["test"]), "10"], env=home)
        return {"time_split": "places of 2017-2018 rows added; 2019 rows scored", "add": added.stderr.strip()[-200:],
                "score": last_json(score.stdout), "location_ceiling": last_json(ceiling.stdout)}


def ucdp_2019(src: Path, ucdp: Path, env: dict) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        test = _split(src, tmp)["test"]
        home = dict(env, FRONTWATCH_HOME=str(Path(tmp) / "home"))
        fw = str(Path(sys.executable).parent / "frontwatch")
        packaged = last_json(run([str(SHARED / "eval" / "run.sh"), "acled", str(test)], env=home).stdout)
        added = run([fw, "gazetteer", "add", "--ucdp", str(ucdp)], env=home)
        score = last_json(run([str(SHARED / "eval" / "run.sh"), "acled", str(test)], env=home).stdout)
        ceiling = {km: last_json(run([PY, "bench/location_ceiling.py", str(test), km], env=home).stdout)
                   for km in ("25", "10")}
        return {"ucdp_2019": "2019 rows; packaged gazetteer, then UCDP GED places added",
                "add": added.stdout.strip()[-80:], "packaged": packaged, "with_ucdp": score,
                "location_ceiling_with_ucdp": ceiling}


if __name__ == "__main__":
    main()
