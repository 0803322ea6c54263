"""Print the stored events as a table, and where the exports went (`make run`'s summary)."""
from __future__ import annotations

import argparse

from rich.console import Console
from rich.table import Table

from frontwatch.store import open_store


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--db", default=None)
    ap.add_argument("--exports", default=None, help="folder the exports were written to")
    ap.add_argument("--limit", type=int, default=60)
    args = ap.parse_args(argv)
    with open_store(args.db, read_only=True) as store:
        events = store.events(limit=args.limit)
        counts = store.count()
    table = Table(title=f"frontwatch: {counts.get('events', 0)} events from {counts.get('articles', 0)} articles")
    for col in ("date", "sub-event", "actor 1", "location", "killed", "displaced", "status"):
        table.add_column(col)
    for e in events:
        table.add_row(str(e.event_date or ""), e.sub_event_type, e.actor1.name if e.actor1 else "",
                      e.place.name if e.place else "", str(e.fatalities), str(e.displaced or ""), e.status)
    console = Console()
    console.print(table)
    if args.exports:
        console.print(f"exports: {args.exports}/events.csv, events.geojson, events-acled.csv, events-hxl.csv")


if __name__ == "__main__":
    main()
