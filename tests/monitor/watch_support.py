"""Helpers the monitor tests import by name (a module of its own: `conftest` is ambiguous when
several folders' conftest files are loaded)."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path


def frontwatch_bin() -> str:
    """The installed `frontwatch` entry point beside this interpreter."""
    exe = Path(sys.executable).parent / "frontwatch"
    return str(exe) if exe.exists() else shutil.which("frontwatch")
