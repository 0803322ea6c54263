"""`frontwatch control`, `frontwatch displacement` and `frontwatch events`: thin shells over views.control,
views.displacement and views.fusion.

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
    from frontwatch.store import StoreError, open_for_reading

    try:
        return open_for_reading(db)
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
@click.option("--place", "place", default=None,
              help="Only the places of this name, in any spelling (also those known by name only, "
                   "without coordinates).")
def control(at: date, db: str | None, fmt: str, place: str | None) -> None:
    """Who controls each place known to the store on a day."""
    from .control import control_at

    with _open(db) as store:
        rows = [r.to_json() for r in control_at(store, at, place=place)]
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


@click.group("events")
def events() -> None:
    """Stored events, fused across articles (views.fusion): list them, show one with its claims."""


def _figures(f) -> str:
    if f.fatalities_low == f.fatalities_high:
        return str(f.fatalities_best)
    return f"{f.fatalities_best} (low {f.fatalities_low}, high {f.fatalities_high})"


def _show_text(f) -> None:
    p = f.place
    where = p.name if p else "?"
    if p is not None and p.latitude is not None and p.longitude is not None:
        where += f" ({p.latitude:.4f}, {p.longitude:.4f}; geo_precision {p.precision})"
    day = f.event_date.isoformat() if f.event_date else "undated"
    click.echo(f"{f.id}  {day}  {f.event_type} / {f.sub_event_type}")
    click.echo(f"  place:       {where}")
    click.echo(f"  actor1:      {f.actor1.name + ' (' + f.actor1.inter + ')' if f.actor1 else '-'}")
    click.echo(f"  actor2:      {f.actor2.name + ' (' + f.actor2.inter + ')' if f.actor2 else '-'}")
    click.echo(f"  fatalities:  best {f.fatalities_best}, low {f.fatalities_low}, high {f.fatalities_high}")
    if f.fatalities_low != f.fatalities_high:
        click.echo(f"    best from: {'; '.join(f.best_sources)}")
        click.echo(f"    low from:  {'; '.join(f.low_sources)}")
        click.echo(f"    high from: {'; '.join(f.high_sources)}")
    if f.displaced is not None:
        click.echo(f"  displaced:   {f.displaced}")
    click.echo(f"  status:      {f.status}")
    click.echo(f"  claims:      {len(f.claims)}")
    for line in f.why:
        click.echo(f"  why: {line}")
    for i, c in enumerate(f.claims, 1):
        click.echo("")
        click.echo(f"  [{i}] {c.event_id}  article {c.article_id}")
        click.echo(f"      outlet:     {c.outlet or '-'}")
        click.echo(f"      source:     {c.source or '-'}")
        click.echo(f"      date:       {c.event_date.isoformat() if c.event_date else '-'}")
        click.echo(f"      place:      {c.location or '-'}")
        click.echo(f"      actors:     {c.actor1 or '-'} / {c.actor2 or '-'}")
        figs = f"fatalities {c.fatalities}"
        if c.fatalities_high is not None:
            figs += f"-{c.fatalities_high}"
        if c.displaced is not None:
            figs += f", displaced {c.displaced}"
        click.echo(f"      figures:    {figs}")
        typed = {"rules": "the rules", "model": "the type model", "rules+model": "the rules and the type model",
                 "trained model": "the type model trained with `frontwatch train`"}
        how = f"{c.sub_event_type}, chosen by {typed.get(c.type_by, c.type_by)}"
        if c.type_confidence is not None:
            how += f" (model p={c.type_confidence:.2f})"
        click.echo(f"      type:       {how}")
        click.echo(f"      sentence:   {' '.join(c.sentence.split())}")


@events.command("show")
@click.argument("ident", metavar="ID")
@click.option("--db", default=None, help="Store URL (default: FRONTWATCH_HOME's DuckDB file).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def events_show(ident: str, db: str | None, fmt: str) -> None:
    """One fused event (by fused id or any member event id) and every source claim behind it."""
    from .fusion import find

    with _open(db) as store:
        f = find(store, ident)
    if f is None:
        raise click.ClickException(f"{ident}: no such event (neither a fused id nor a member event id)")
    if fmt == "json":
        click.echo(json.dumps(f.to_json(), ensure_ascii=False, indent=2))
    else:
        _show_text(f)


@events.command("list")
@click.option("--db", default=None, help="Store URL (default: FRONTWATCH_HOME's DuckDB file).")
@click.option("--fused/--raw", default=True, show_default=True,
              help="Fused events (one per occurrence) or the raw per-article events.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
def events_list(db: str | None, fused: bool, fmt: str) -> None:
    """Events of the store, fused across articles or raw."""
    from .fusion import fused_for

    with _open(db) as store:
        if fused:
            rows = []
            for f in fused_for(store):
                d = f.to_json(claims=fmt == "jsonl")
                d["fatalities"] = _figures(f)
                rows.append(d)
            cols = ["id", "event_date", "sub_event_type", "location", "actor1", "actor2", "fatalities",
                    "n_claims"]
            title = "Fused events"
        else:
            rows = [e.to_json() for e in store.events()]
            cols = ["id", "article_id", "event_date", "sub_event_type", "location", "actor1", "actor2",
                    "fatalities", "source"]
            title = "Events (raw)"
    _emit(rows, cols, fmt, title)


@click.group("views")
def views() -> None:
    """The views the store keeps up to date as articles arrive (control timelines, fused events)."""


@views.command("rebuild")
@click.option("--db", default=None, help="Store URL (default: FRONTWATCH_HOME's DuckDB file).")
def views_rebuild(db: str | None) -> None:
    """Recompute the control timelines and the fused events from every stored article, from scratch
    (after an upgrade that added them, or to check them). The geoparser reads every text again."""
    from frontwatch.store import StoreError, open_store

    try:
        with open_store(db) as store:
            n = store.count()["articles"]
            from rich.progress import Progress

            with Progress(transient=True, disable=not sys.stderr.isatty()) as bar:
                task = bar.add_task("rebuilding views", total=n)
                got = store.rebuild_views(progress=lambda k=1: bar.advance(task, k))
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"views rebuilt: {got['articles']} articles, {got['claims']} control claims, "
               f"{got['intervals']} control intervals, {got['fused']} fused events")


commands = [control, displacement, events, views]
