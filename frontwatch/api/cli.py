"""`frontwatch serve`: the API and the map dashboard under uvicorn.

The lead's CLI adds it with `from .api.cli import serve; main.add_command(serve)`."""
from __future__ import annotations

import click


@click.command("serve")
@click.option("--db", "db", default=None, metavar="URL",
              help="Store: a DuckDB path or postgresql:// URL (default: FRONTWATCH_HOME's DuckDB file).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="TCP port.")
@click.option("--token", default=None, envvar="FRONTWATCH_TOKEN", show_envvar=True,
              help="Bearer token that POST /api/articles requires; writes are disabled without one.")
@click.option("--closed-reads", is_flag=True, help="Require the token for reads too.")
@click.option("--tiles", default=None, envvar="FRONTWATCH_TILES", show_envvar=True, metavar="URL",
              help="Online map tiles over the offline basemap, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png "
                   "(mind the tile server's usage policy). Without it the dashboard fetches nothing else.")
def serve(db: str | None, host: str, port: int, token: str | None, closed_reads: bool, tiles: str | None) -> None:
    """The API (/api, docs at /docs) and the map dashboard (/)."""
    import uvicorn

    from .app import create_app

    app = create_app(db, token=token, open_reads=not closed_reads, tiles=tiles)
    click.echo(f"frontwatch: serving on http://{host}:{port}/ (API docs at /docs)", err=True)
    # a stop (SIGTERM, Ctrl-C) waits at most 5 s for requests in flight: a posted article being coded
    # runs on a daemon thread and never holds the process up
    uvicorn.run(app, host=host, port=port, log_level="info", timeout_graceful_shutdown=5)
