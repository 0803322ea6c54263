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
def add(file: str, acled: bool):
    """Add a GeoNames dump (allCountries.zip, cities500.zip, SY.zip or .txt) or, with --acled,
    the places of an ACLED export. Additions persist in FRONTWATCH_HOME."""
    from .additions import AdditionError, add_acled, add_geonames

    try:
        n = add_acled(file) if acled else add_geonames(file)
    except AdditionError as e:
        raise click.ClickException(str(e)) from None
    _forget_cached()
    click.echo(f"added {n} place(s) from {file}")


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
