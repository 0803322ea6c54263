"""The editable YAML data of the event coder, loaded once."""
from __future__ import annotations

from functools import cache
from importlib import resources

import yaml


@cache
def load(name: str) -> dict:
    """`name` is a file in frontwatch/events/data (actors.yaml, cues.yaml)."""
    text = resources.files("frontwatch.events").joinpath("data", name).read_text(encoding="utf-8")
    return yaml.safe_load(text)
