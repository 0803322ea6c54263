"""`frontwatch control` and `frontwatch displacement`: thin shells over views.control / views.displacement.

The main CLI adds them with `for cmd in commands: main.add_command(cmd)`."""
from __future__ import annotations

import csv
import json
import sys
from datetime import date

import click

FORMATS = click.Choice(["table", "jsonl", "csv"])


class _Date(click.ParamType):
    name = "DATE"

    def convert(self, value, param, ctx):
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip()[:10])
        except ValueError:
            self.fail(f"{value!r} is not a date (use YYYY-MM-DD)", param, ctx)


def _open(db: str | None):
    from frontwatch.store import StoreError, open_store

    try:
        return open_store(db, read_only=True)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    except Exception as exc:  # noqa: BLE001 - e.g. a missing DuckDB file: one line, not a traceback
        raise click.ClickException(f"{db or 'default store'}: cannot open store ({exc})".splitlines()[0]) from None


def _emit(rows: list[dict], columns: list[str], fmt: str, title: str) -> None:
    if fmt == "jsonl":
        for r in rows:
            click.echo(json.dumps(r, ensure_ascii=False))
        return
    if fmt == "csv":
        w = csv.DictWriter(sys.stdout, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({k: (";".join("" if x is None else str(x) for x in v) if isinstance(v, list) else v)
                        for k, v in r.items()})
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title)
    for c in columns:
        table.add_column(c, overflow="fold")
    for r in rows:
        table.add_row(*["" if r.get(c) is None else (", ".join(r[c]) if isinstance(r[c], list) else str(r[c]))
                        for c in columns])
    Console().print(table)


@click.command("control")
@click.option("--at", "at", type=_Date(), required=True, help="The day (YYYY-MM-DD).")
@click.option("--db", default=None, help="Store URL (default: FRONTWATCH_HOME's DuckDB file).")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
def control(at: date, db: str | None, fmt: str) -> None:
    """Who controls each place known to the store on a day."""
    from .control import control_at

    with _open(db) as store:
        rows = [r.to_json() for r in control_at(store, at)]
    _emit(rows, ["place", "latitude", "longitude", "controller", "inter", "since", "event_ids"], fmt,
          f"Control on {at.isoformat()}")


@click.command("displacement")
@click.option("--db", default=None, help="Store URL (default: FRONTWATCH_HOME's DuckDB file).")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
def displacement(db: str | None, fmt: str) -> None:
    """Displacement figures: area, period, cumulative or increment, source."""
    from .displacement import ledger

    with _open(db) as store:
        figs = ledger(store)
    rows = []
    for f in figs:
        d = f.to_json()
        d["period"] = [d["period_start"], d["period_end"]]
        rows.append(d)
    cols = ["area", "figure", "kind", "period_start", "period_end", "qualifier", "source", "consistent_with",
            "article_id"]
    if fmt == "jsonl":
        cols = [*cols, "period", "sentence", "published"]
    _emit(rows, cols, fmt, "Displacement figures")


commands = [control, displacement]
