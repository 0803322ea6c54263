"""`frontwatch gazetteer ...` commands (the lead registers: main.add_command(gazetteer))."""
from __future__ import annotations

import click


@click.group()
def gazetteer():
    """The place-name index used by geoparse and extract."""


@gazetteer.command("add")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--acled", is_flag=True, help="FILE is an ACLED export CSV (location, admin1, country, "
                                           "latitude, longitude).")
@click.option("--ucdp", is_flag=True, help="FILE is a UCDP GED export CSV (where_coordinates, where_prec, "
                                          "adm_1, adm_2, latitude, longitude, country).")
def add(file: str, acled: bool, ucdp: bool):
    """Add a GeoNames dump (allCountries.zip, cities500.zip, SY.zip or .txt) or, with --acled,
    the places of an ACLED export, or with --ucdp those of a UCDP GED export (UCDP GED, CC BY 4.0:
    credit the Uppsala Conflict Data Program). Additions persist in FRONTWATCH_HOME."""
    from .additions import AdditionError, add_acled, add_geonames
    from .ucdp import CREDIT, add_ucdp

    if acled and ucdp:
        raise click.UsageError("--acled and --ucdp are two kinds of file: give one")
    try:
        n = add_acled(file) if acled else add_ucdp(file) if ucdp else add_geonames(file)
    except AdditionError as e:
        raise click.ClickException(str(e)) from None
    _forget_cached()
    click.echo(f"added {n} place(s) from {file}")
    if ucdp:
        click.echo(f"source: {CREDIT}", err=True)


@gazetteer.command("fetch")
@click.argument("countries", nargs=-1, required=True)
@click.option("--url", "base", default=None, metavar="BASE",
              help="Server with GeoNames' layout (BASE/CC.zip); default download.geonames.org/export/dump.")
@click.option("--force", is_flag=True, help="Download again even when a valid file is already there.")
def fetch_cmd(countries: tuple[str, ...], base: str | None, force: bool):
    """Download the GeoNames dumps of COUNTRIES (ISO alpha-2: SY IQ ...) and add them: every
    feature class (towns, villages, divisions, water, terrain, spots, roads). Resumes an
    interrupted download and validates each file. Data: GeoNames, CC BY 4.0."""
    import sys

    from .fetch import CREDIT, DEFAULT_BASE, FetchError, fetch_country

    bar = _bar() if sys.stderr.isatty() else None
    failed = 0
    try:
        for cc in countries:
            task = bar.add_task(f"{cc.upper()}.zip", total=None) if bar else None

            def progress(name, done, total, task=task):
                if bar is not None:
                    bar.update(task, completed=done, total=total)
            try:
                path, n = fetch_country(cc, base or DEFAULT_BASE, progress=progress, force=force)
            except FetchError as e:
                failed += 1
                click.echo(f"frontwatch: {e}", err=True)
                continue
            click.echo(f"added {n} place(s) from {path}")
    finally:
        if bar is not None:
            bar.stop()
    _forget_cached()
    click.echo(f"source: {CREDIT}", err=True)
    if failed:
        raise click.ClickException(f"{failed} of {len(countries)} country file(s) failed; see above")


def _bar():
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

    bar = Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
                   console=Console(stderr=True), transient=True)
    bar.start()
    return bar


@gazetteer.command("build")
def build_cmd():
    """Build (or rebuild) the packaged index now."""
    from .gazetteer import ensure_index

    click.echo(str(ensure_index()))


@gazetteer.command("lookup")
@click.argument("name")
@click.option("--country", default=None, help="ISO alpha-2 code to restrict to.")
def lookup_cmd(name: str, country: str | None):
    """Show the best place for NAME."""
    import json
    from dataclasses import asdict

    from . import get_geoparser

    p = get_geoparser().lookup(name, country=country)
    if p is None:
        raise click.ClickException(f"no place named {name!r}")
    click.echo(json.dumps(asdict(p), ensure_ascii=False))


def _forget_cached():
    from . import _instances, _lock

    with _lock:
        for gp in _instances.values():
            gp.gaz.close()
        _instances.clear()
    from frontwatch import pipeline

    pipeline.geoparser.cache_clear()    # it holds one of the geoparsers just closed
