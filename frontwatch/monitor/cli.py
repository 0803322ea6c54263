"""`frontwatch watch`: the click shell over monitor.watch.Watch."""
from __future__ import annotations

import signal
import sys
import threading

import click


def _err(message: str) -> None:
    click.echo(f"frontwatch: {message}", err=True)


@click.command("watch")
@click.argument("feeds", nargs=-1)
@click.option("--feeds", "feeds_file", default=None, metavar="FILE.yaml",
              help="Feed list (URLs, or mappings with url, interval, name, kind, fetch_links).")
@click.option("--interval", type=click.FloatRange(0.05, None), default=None, metavar="SECONDS",
              help="Seconds between two polls of a feed (default 300, or the file's 'interval').")
@click.option("--db", "db", default=None, metavar="URL",
              help="Store: a DuckDB path or postgresql:// URL (default: FRONTWATCH_HOME's DuckDB file).")
@click.option("--alerts", "alerts_file", default=None, metavar="FILE.yaml",
              help="Alert rules; alerts go to standard output as JSONL (and to a webhook if the file names one).")
@click.option("--allow-private", is_flag=True,
              help="Let feeds and their links reach loopback, private and link-local addresses (refused by default).")
@click.option("--workers", type=click.IntRange(1, 32), default=4, show_default=True,
              help="Threads for fetching (coding and storing stay on one).")
def watch(feeds, feeds_file, interval, db, alerts_file, allow_private, workers):
    """Keep polling feeds (RSS/Atom, or HTML pages of links) and ingest what is new, until stopped
    (SIGTERM or Ctrl-C). A restart fetches and stores nothing twice.

    Example: frontwatch watch https://example.org/feed.xml --interval 120 --alerts rules.yaml"""
    from frontwatch.monitor import feeds as feeds_mod
    from frontwatch.monitor.watch import Watch
    from frontwatch.store import StoreError

    try:
        config = feeds_mod.load(feeds, feeds_file, interval)
    except feeds_mod.ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    alerter = None
    if alerts_file:
        from frontwatch.monitor.alerts import Alerter
        from frontwatch.monitor.rules import RuleError, load_rules

        try:
            rules = load_rules(alerts_file)
        except RuleError as exc:
            raise click.ClickException(str(exc)) from None
        alerter = Alerter(rules, db, out=sys.stdout, note=_err)
    stop = threading.Event()

    def on_signal(signum, frame):
        if stop.is_set():           # a second Ctrl-C: leave now
            raise SystemExit(130)
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    _err(f"watching {len(config.feeds)} feed(s); stop with Ctrl-C or SIGTERM")
    try:
        tally = Watch(config, db, allow_private=allow_private, note=_err, alerter=alerter,
                      workers=workers).run(stop)
    except StoreError as exc:
        raise click.ClickException(str(exc).splitlines()[0]) from None
    _err(f"stopped: {tally.polls} poll(s), {tally.added} article(s) stored, {tally.skipped} already stored, "
         f"{tally.errors} feed error(s), {tally.alerts} alert(s)")
