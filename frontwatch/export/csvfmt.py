"""Plain CSV: a header row, then one row per event with the columns of :data:`CSV_COLUMNS`."""
from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

from .records import CSV_COLUMNS, EventLike, cell, flat_record


def write_csv(events: Iterable[EventLike], out: TextIO) -> int:
    """Write the header and one row per event; returns the number of rows written (header excluded)."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    n = 0
    for ev in events:
        rec = flat_record(ev)
        writer.writerow([cell(rec[c]) for c in CSV_COLUMNS])
        n += 1
    return n
