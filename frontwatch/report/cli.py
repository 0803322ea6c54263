"""`frontwatch report`: the situation report, HTML or Markdown."""
from __future__ import annotations

from pathlib import Path

import click

from frontwatch.views.cli import _Date


@click.command("report")
@click.option("--since", type=_Date(), required=True, help="First day (YYYY-MM-DD), by event date.")
@click.option("--until", type=_Date(), default=None, help="Last day (default: today).")
@click.option("--area", default=None, metavar="NAME", help="A country code (SY), an admin1 (Idlib) or a place name.")
@click.option("--format", "fmt", type=click.Choice(["html", "md"]), required=True)
@click.option("--db", "db", default=None, metavar="URL", help="Store (default: FRONTWATCH_HOME's DuckDB file).")
@click.option("--output", default=None, metavar="PATH", help="Write here instead of standard output.")
def report(since, until, area, fmt, db, output):
    """The situation report: main events with their sources, control changes, the displacement
    ledger, fatalities per day and a map, self-contained and drawn offline.

    Example: frontwatch report --since 2020-01-25 --until 2020-02-10 --area Idlib --format html --output sitrep.html"""
    from frontwatch.basemap.svg import map_svg
    from frontwatch.store import open_for_reading

    from .chart import bars_svg
    from .data import gather
    from .html import render_html
    from .md import render_md

    if until is not None and until < since:
        raise click.BadParameter("--until is before --since", param_hint="--until")
    with open_for_reading(db) as store:
        data = gather(store, since, until, area)
    if fmt == "html":
        text = render_html(data)
    elif output:
        out = Path(output)
        map_file, chart_file = f"{out.stem}.map.svg", f"{out.stem}.chart.svg"
        (out.parent / map_file).write_text(map_svg(data.marks, title=data.title), encoding="utf-8")
        (out.parent / chart_file).write_text(bars_svg(data.per_day), encoding="utf-8")
        text = render_md(data, map_file=map_file, chart_file=chart_file)
    else:
        text = render_md(data)
    if output:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"frontwatch: wrote {output} ({data.n_events} events, {len(data.control)} control changes, "
                   f"{len(data.ledger)} displacement figures)", err=True)
    else:
        click.echo(text)
