"""A demo corpus: wire-style dispatches on the Syrian government's Idlib offensive, Dec 2019 - Mar 2020.

The texts were written by the frontwatch team (see README.md); they are JSONL in the CONTRACT's
article shape: ``{"id", "published", "title", "source", "url", "text"}``.
"""
from __future__ import annotations

from pathlib import Path

FILENAME = "dispatches.jsonl"


def path() -> Path:
    """The path of the demo corpus file (``dispatches.jsonl``), shipped as package data."""
    return Path(__file__).with_name(FILENAME)
