"""The flat record every export format starts from.

An input event is either a :class:`frontwatch.model.Event` or a dict shaped like
``Event.to_json()`` (the CONTRACT's extract record, as the store may hand it back).
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from frontwatch.model import Event

#: Columns of the csv export: CONTRACT's extract record, evidence flattened to its sentence.
CSV_COLUMNS: tuple[str, ...] = (
    "id", "article_id", "event_date", "time_precision", "event_type", "sub_event_type",
    "actor1", "actor2", "inter1", "inter2", "location", "admin1", "country",
    "latitude", "longitude", "geo_precision", "fatalities", "fatalities_high", "displaced",
    "source", "status", "confidence", "evidence_text",
)

EventLike = Event | Mapping[str, Any]


def flat_record(event: EventLike) -> dict[str, Any]:
    """One event as a flat dict with exactly the keys of :data:`CSV_COLUMNS`, in that order."""
    rec = event.to_json() if isinstance(event, Event) else dict(event)
    evidence = rec.get("evidence")
    if "evidence_text" in rec:
        text = rec["evidence_text"]
    elif isinstance(evidence, Mapping):
        text = evidence.get("text")
    else:
        text = evidence
    out = {col: rec.get(col) for col in CSV_COLUMNS}
    out["evidence_text"] = text
    return out


def extra_of(event: EventLike) -> Mapping[str, Any]:
    """The free-form extras (``Event.extra``, or a dict's ``extra`` key); empty when absent."""
    extra = event.extra if isinstance(event, Event) else event.get("extra")
    return extra if isinstance(extra, Mapping) else {}


def cell(value: Any) -> Any:
    """A CSV cell: None becomes the empty string, everything else is left to the csv module."""
    return "" if value is None else value
