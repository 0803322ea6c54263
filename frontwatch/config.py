"""Where frontwatch keeps its data: FRONTWATCH_HOME, else the user's data directory."""
from __future__ import annotations

import os
from pathlib import Path


def home() -> Path:
    """The data directory (store, gazetteer additions, trained models), created on demand."""
    env = os.environ.get("FRONTWATCH_HOME")
    if env:
        path = Path(env).expanduser()
    else:
        base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
        path = Path(base) / "frontwatch"
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db() -> str:
    return str(home() / "frontwatch.duckdb")
