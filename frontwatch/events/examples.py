"""The team's own training text for the type model: example items and codebook definitions.

`data/examples/*.yaml` each hold one sub-event type (or `none`, text that tells no event) and
a list of short news items written by the frontwatch team; `data/codebook.yaml` holds one
definition per type. Nothing here comes from ACLED rows or CASE snippets.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import yaml

from . import taxonomy

DATA = Path(__file__).parent / "data"
NONE = "none"


def _files() -> list[Path]:
    return sorted((DATA / "examples").glob("*.yaml")) + [DATA / "codebook.yaml"]


@lru_cache(maxsize=1)
def load_grouped() -> tuple[tuple[str, str, str], ...]:
    """(text, label, batch) triples; label is a sub-event type or NONE; batch names the round of writing
    (`agreement.yaml` is round 1, `agreement_2.yaml` round 2), so that calibration can hold out a whole round,
    written by other hands in another style. Raises ValueError naming a bad file."""
    rows: list[tuple[str, str, str]] = []
    allowed = set(taxonomy.SUB_EVENT_TYPES) | {NONE}
    for path in (DATA / "examples").glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        label = data.get("sub_event_type")
        if label not in allowed:
            raise ValueError(f"{path.name}: unknown sub_event_type {label!r}")
        suffix = path.stem.rsplit("_", 1)[-1]
        batch = suffix if suffix.isdigit() else "1"
        rows.extend((str(t).strip(), label, batch) for t in data.get("examples") or [] if str(t).strip())
    for label, text in (yaml.safe_load((DATA / "codebook.yaml").read_text(encoding="utf-8")) or {}).items():
        if label not in allowed:
            raise ValueError(f"codebook.yaml: unknown sub_event_type {label!r}")
        rows.append((str(text).strip(), label, "1"))
    return tuple(sorted(set(rows), key=lambda r: (r[1], r[0], r[2])))


def load() -> tuple[tuple[str, str], ...]:
    """(text, label) pairs of every example and definition."""
    return tuple((t, lab) for t, lab, _ in load_grouped())


def digest() -> str:
    """A hash of all training text, recorded in the shipped model so a stale model is noticed."""
    h = hashlib.sha256()
    for text, label in load():
        h.update(f"{label}\t{text}\n".encode())
    return h.hexdigest()[:16]
