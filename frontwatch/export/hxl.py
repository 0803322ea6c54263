"""HXL-tagged CSV (https://hxlstandard.org): a header row, a hashtag row, then one row per event."""
from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

from .records import EventLike, cell, flat_record

#: (header, HXL hashtag, key of the flat record), in column order.
HXL_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("event_id", "#event+id", "id"),
    ("event_date", "#date", "event_date"),
    ("event_type", "#event+type", "event_type"),
    ("sub_event_type", "#event+subtype", "sub_event_type"),
    ("actor1", "#actor+name", "actor1"),
    ("inter1", "#actor+category", "inter1"),
    ("actor2", "#actor+name+target", "actor2"),
    ("country", "#country+code", "country"),
    ("admin1", "#adm1+name", "admin1"),
    ("location", "#loc+name", "location"),
    ("latitude", "#geo+lat", "latitude"),
    ("longitude", "#geo+lon", "longitude"),
    ("fatalities", "#affected+killed", "fatalities"),
    ("displaced", "#affected+idps", "displaced"),
    ("source", "#meta+source", "source"),
    ("status", "#status", "status"),
)
HXL_HEADERS = tuple(h for h, _, _ in HXL_COLUMNS)
HXL_TAGS = tuple(t for _, t, _ in HXL_COLUMNS)


def write_hxl(events: Iterable[EventLike], out: TextIO) -> int:
    """Write header row, hashtag row and one row per event; returns the number of event rows."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HXL_HEADERS)
    writer.writerow(HXL_TAGS)
    n = 0
    for ev in events:
        rec = flat_record(ev)
        writer.writerow([cell(rec[key]) for _, _, key in HXL_COLUMNS])
        n += 1
    return n
