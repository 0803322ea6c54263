"""Issue 14's probes at full size, each run as its own `frontwatch ingest` with a good article
beside it: exit code, the lines printed, whether the good article was stored, wall time and
peak RSS. One JSON line per probe.

    python bench/probes.py [PROBE ...]      (default: all)

Sizes are the issue's: a 50 MB text, a 20 MB JSONL line, a 1.5 MB and a 44 MB HTML page, a
340 KB text, one 20,000-word sentence, a 100k-deep JSON line, a folder of 100 good files plus a
1.2 MB text. Goals: one line per bad input, every good input stored, no traceback, peak RSS
under 1.5 GB, no input over 60 s."""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "hostile"))
from hostile_support import (  # noqa: E402
    GOOD,
    PROSE,
    broken_utf8,
    deep_json,
    good_line,
    huge_html,
    long_sentence,
    nested_html,
)

FW = str(Path(sys.executable).parent / "frontwatch")


def write_probes(d: Path) -> dict[str, list[Path]]:
    p: dict[str, list[Path]] = {}

    def probe(name: str, files: dict[str, str | bytes]) -> None:
        sub = d / name
        sub.mkdir()
        for fname, content in files.items():
            f = sub / fname
            f.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        p[name] = [sub]

    good = {"good.jsonl": good_line(0) + "\n"}
    probe("text_50MB", {**good, "big.txt": PROSE * (50_000_000 // len(PROSE))})
    probe("jsonl_line_20MB", {"lines.jsonl": json.dumps({"id": "big", "text": PROSE * (20_000_000 // len(PROSE))})
                              + "\n" + good_line(1) + "\n"})
    probe("html_1.5MB", {**good, "page.html": huge_html(1_500_000)})
    probe("html_44MB", {**good, "page.html": huge_html(44_000_000)})
    probe("text_340KB", {**good, "long.txt": PROSE * (340_000 // len(PROSE))})
    probe("sentence_20000_words", {**good, "sentence.txt": long_sentence(20_000)})
    probe("json_100k_deep", {"lines.jsonl": deep_json() + "\n" + good_line(1) + "\n"})
    probe("html_100k_nested_divs", {**good, "nested.html": nested_html()})
    probe("utf8_sparse_invalid", {**good, "broken.txt": broken_utf8()})
    probe("same_id_other_text", {"a.jsonl": good_line(2) + "\n" + json.dumps(
        {"id": GOOD[2][0], "text": PROSE}) + "\n"})
    folder = {f"good-{i:03d}.txt": f"Report {i}. " + PROSE + GOOD[i % 3][2] for i in range(100)}
    probe("folder_100_good_plus_1.2MB", {**folder, "big.txt": PROSE * (1_200_000 // len(PROSE)),
                                         "README.md": "# readme\n", "tool.py": "import os\n"})
    return p


def run(name: str, paths: list[Path], home: Path) -> dict:
    db = home / f"{name}.duckdb"
    cmd = ["/usr/bin/time", "-f", "%M %e", FW, "ingest", *map(str, paths), "--db", str(db)]
    t = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=dict(os.environ, FRONTWATCH_HOME=str(home)),
                          timeout=1800)
    wall = time.monotonic() - t
    lines = [x for x in proc.stderr.splitlines() if x.strip()]
    rss_kb, _ = lines[-1].split() if lines and lines[-1][0].isdigit() else ("0", "0")
    lines = lines[:-1]
    counts = subprocess.run([FW, "export", "--format", "csv", "--db", str(db)], capture_output=True, text=True,
                            env=dict(os.environ, FRONTWATCH_HOME=str(home)))
    ids = {row.split(",")[1] for row in counts.stdout.splitlines()[1:]}
    return {"probe": name, "exit": proc.returncode, "wall_s": round(wall, 1), "peak_rss_mb": int(rss_kb) // 1024,
            "traceback": "Traceback" in proc.stderr, "lines": lines[-6:], "n_lines": len(lines),
            "good_stored": sorted(i for i in ids if i.startswith("good"))}


def main() -> None:
    want = set(sys.argv[1:])
    with tempfile.TemporaryDirectory(prefix="fw-probes-") as tmp:
        d = Path(tmp)
        home = d / "home"
        home.mkdir()
        for name, paths in write_probes(d).items():
            if want and name not in want:
                continue
            print(json.dumps(run(name, paths, home)), flush=True)
    print(json.dumps({"bench": "probes", "self_peak_rss_mb":
                      resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}))


if __name__ == "__main__":
    main()
