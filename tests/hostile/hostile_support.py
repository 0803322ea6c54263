"""Probes for the hostile-input suite: each bad input is made here, and good articles stand
beside it in the same run (they must be stored whatever the probes do)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

GOOD = [
    ("good-1", "2020-01-29", "Syrian government forces captured the town of Maarat al-Numan on Tuesday after "
                             "days of heavy fighting with rebels, a war monitor said."),
    ("good-2", "2020-02-08", "Syrian troops captured Saraqib on Saturday, the state news agency said. Rebels "
                             "shelled the town of Idlib on Sunday, killing three civilians."),
    ("good-3", "2020-02-10", "Turkish troops shelled Syrian government positions near Saraqib on Monday, "
                             "killing five soldiers, a monitoring group said."),
]
PROSE = ("Syrian government forces shelled villages near Idlib on Sunday and rebels attacked an army post "
         "near Saraqib, a war monitor said. ")

# small limits, so that the probes cost seconds, not minutes: the code paths are the same
LIMITS = {"FRONTWATCH_MAX_CHARS": "30000", "FRONTWATCH_MAX_HTML": "300000", "FRONTWATCH_CHUNK_CHARS": "20000"}


def frontwatch_bin() -> str:
    exe = Path(sys.executable).parent / "frontwatch"
    return str(exe) if exe.exists() else shutil.which("frontwatch")


def run_cli(home: Path, *args, timeout: float = 300, env: dict | None = None) -> subprocess.CompletedProcess:
    full = dict(os.environ, FRONTWATCH_HOME=str(home), **LIMITS, **(env or {}))
    return subprocess.run([frontwatch_bin(), *map(str, args)], capture_output=True, text=True, env=full,
                          timeout=timeout, stdin=subprocess.DEVNULL)


def good_line(i: int) -> str:
    gid, day, text = GOOD[i]
    return json.dumps({"id": gid, "published": day, "text": text})


def deep_json(depth: int = 100_000) -> str:
    return "[" * depth + "]" * depth


def nested_html(depth: int = 100_000) -> str:
    para = ("<p>Rebels attacked an army checkpoint near the town of Saraqib on Friday, killing four soldiers, "
            "a monitor said.</p>")
    return "<html><body>" + "<div>" * depth + para + "</div>" * depth + "</body></html>"


def huge_html(size: int) -> str:
    block = "<div class='nav'><a href='/x'>menu</a></div><p>" + PROSE + "</p>\n"
    return "<html><head><title>t</title></head><body>" + block * (size // len(block) + 1) + "</body></html>"


def broken_utf8() -> bytes:
    text = ("Syrian troops entered the village of Kafr Nabl on Tuesday, residents said. " * 3 +
            "The café owner and the résumé of the naïve reporter were in the news. " * 4).encode("utf-8")
    return text[:150] + b"\x81\x9d" + text[150:300] + b"\xc3" + text[300:]


def long_sentence(words: int) -> str:
    vocab = ("rebels attacked the army base near Idlib and killed soldiers while troops shelled villages "
             "around Saraqib and").split()
    return "In Syria " + " ".join(vocab[i % len(vocab)] for i in range(words)) + " fled."
