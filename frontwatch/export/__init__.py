"""Export events to files: csv, geojson, acled (ACLED-compatible CSV) and hxl (HXL-tagged CSV).

Pure functions: events in (``frontwatch.model.Event`` objects, or dicts shaped like
``Event.to_json()``), text out to a file-like object; nothing else is read or written.

    >>> import io
    >>> from frontwatch.export import write
    >>> buf = io.StringIO(); write([], "csv", buf)
    0
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TextIO

from .acled import ACLED_COLUMNS, CIVILIAN_TARGETING, acled_record, write_acled
from .csvfmt import write_csv
from .geojson import feature_collection, write_geojson
from .hxl import HXL_COLUMNS, HXL_HEADERS, HXL_TAGS, write_hxl
from .records import CSV_COLUMNS, EventLike, flat_record

WRITERS: dict[str, Callable[[Iterable[EventLike], TextIO], int]] = {
    "csv": write_csv,
    "geojson": write_geojson,
    "acled": write_acled,
    "hxl": write_hxl,
}
FORMATS: tuple[str, ...] = tuple(WRITERS)


def write(events: Iterable[EventLike], fmt: str, out: TextIO) -> int:
    """Write ``events`` to ``out`` in format ``fmt`` (one of :data:`FORMATS`).

    Returns the number of events written (ACLED leaves out Displacement events; GeoJSON leaves
    out events without coordinates). Raises ValueError for an unknown format.
    """
    try:
        writer = WRITERS[fmt]
    except (KeyError, TypeError):
        raise ValueError(f"unknown export format {fmt!r}; expected one of: {', '.join(FORMATS)}") from None
    return writer(events, out)


__all__ = [
    "ACLED_COLUMNS", "CIVILIAN_TARGETING", "CSV_COLUMNS", "FORMATS", "HXL_COLUMNS", "HXL_HEADERS",
    "HXL_TAGS", "WRITERS", "acled_record", "feature_collection", "flat_record", "write", "write_acled",
    "write_csv", "write_geojson", "write_hxl",
]
