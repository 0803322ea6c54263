"""`gazetteer fetch SY` at a real dump's size: download, validate and index time, and peak memory.

    python bench/gazetteer_bench.py [ROWS]

No network: a GeoNames-format `SY.zip` of ROWS places (default 20,000; GeoNames' own SY.zip holds
about 14,000) is written with made-up names (syllables), several alternate names each and every
feature class, served by an `http.server` on 127.0.0.1, and fetched by `frontwatch gazetteer fetch SY
--url` in a fresh FRONTWATCH_HOME (the packaged index is built beforehand, outside the timing, as it is
on any machine that has run frontwatch once). Prints one JSON line: seconds from the command's start
to its end and the command's peak RSS. Issue 13's goal: under 30 s, under 500 MB.
"""
from __future__ import annotations

import functools
import http.server
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

SYLLABLES = ["kaf", "ra", "tal", "mar", "shu", "ja", "bal", "deir", "ain", "ha", "zu", "qa", "sar", "min",
             "nab", "lu", "ti", "ba", "dur", "sha", "wa", "di", "um", "ka", "hir", "bu", "ri", "ya"]
KINDS = [("P", "PPL")] * 12 + [("H", "STM"), ("H", "WLL"), ("T", "HLL"), ("T", "MT"), ("T", "WAD"), ("S", "FRM"),
                               ("S", "SCH"), ("S", "CMTY"), ("R", "RD"), ("L", "AREA"), ("A", "ADM2"), ("V", "FRST")]


def _name(rng: random.Random) -> str:
    words = ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
             for _ in range(rng.randint(1, 3))]
    return " ".join(words)


def write_dump(path: Path, rows: int, seed: int = 13) -> str:
    """Write the dump; returns the first place's name."""
    rng = random.Random(seed)
    lines = []
    for i in range(rows):
        name = _name(rng)
        alts = ",".join(_name(rng) for _ in range(rng.randint(0, 5)))
        fclass, fcode = rng.choice(KINDS)
        lat, lon = round(rng.uniform(32.4, 37.2), 5), round(rng.uniform(35.8, 42.2), 5)
        pop = rng.choice([0, 0, 0, rng.randint(100, 50_000)]) if fclass == "P" else 0
        lines.append("\t".join(map(str, [8_000_000 + i, name, name, alts, lat, lon, fclass, fcode, "SY", "",
                                         f"{rng.randint(1, 14):02d}", "", "", "", pop, "", rng.randint(0, 1500),
                                         "Asia/Damascus", "2024-01-01"])))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("SY.txt", "\n".join(lines) + "\n")
    return lines[0].split("\t")[1]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _run(cmd: list[str], env: dict) -> tuple[int, str, float, float]:
    """(exit code, stdout, seconds, peak RSS in MB) of one command."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, out, time.perf_counter() - t0, usage.ru_maxrss / 1024


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    fw = str(Path(sys.executable).parent / "frontwatch")
    with tempfile.TemporaryDirectory() as tmp:
        www = Path(tmp) / "www"
        www.mkdir()
        first = write_dump(www / "SY.zip", rows)
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(www)))
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        env = {**os.environ, "FRONTWATCH_HOME": str(Path(tmp) / "home")}
        _run([fw, "gazetteer", "lookup", "Aleppo"], env)         # the packaged index, outside the timing
        code, out, took, rss = _run([fw, "gazetteer", "fetch", "SY", "--url",
                                     f"http://127.0.0.1:{httpd.server_address[1]}/"], env)
        httpd.shutdown()
        found = _run([fw, "gazetteer", "lookup", first, "--country", "SY"], env)[1]
    print(json.dumps({"benchmark": "gazetteer_fetch", "rows": rows, "exit": code, "seconds": round(took, 1),
                      "peak_rss_mb": round(rss), "output": out.strip()[-120:],
                      "lookup_after": found.strip()[:100]}))


if __name__ == "__main__":
    main()
