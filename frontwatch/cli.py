"""The `frontwatch` command: thin click shells over the library (see CONTRACT.md)."""
from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import click

from .model import InputError


def _err(message: str) -> None:
    click.echo(f"frontwatch: {message}", err=True)


def _set_max_chars(value: int | None) -> None:
    if value:
        import os

        os.environ["FRONTWATCH_MAX_CHARS"] = str(value)


_MAX_CHARS = click.option("--max-chars", type=click.IntRange(1000, None), default=None,
                          help="Cut an article's text at this many characters, with a note "
                               "(default 200000; env FRONTWATCH_MAX_CHARS).")


@contextmanager
def _progress(total: int | None, label: str):
    """A progress bar on a terminal (stderr), silence in pipes and CI logs."""
    if not sys.stderr.isatty():
        yield lambda n=1: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n=1: bar.advance(task, n)


def _jsonl_lines(file: str):
    """(source name, line number, line) of a JSONL file or stdin; unreadable input is one error line."""
    if file in ("-", None):
        for i, line in enumerate(sys.stdin, 1):
            yield "<stdin>", i, line
        return
    path = Path(file)
    try:
        with open(path, "rb") as f:
            for i, raw in enumerate(f, 1):
                try:
                    yield file, i, raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    yield file, i, InputError(file, f"not UTF-8 text ({exc.reason} at byte {exc.start})", i)
    except OSError as exc:
        raise click.ClickException(f"{file}: cannot read ({exc.strerror})") from None


def _count_lines(file: str | None) -> int | None:
    if file in ("-", None):
        return None
    try:
        with open(file, "rb") as f:
            return sum(1 for _ in f)
    except OSError:
        return None


def _articles(file: str | None, errors: list[InputError]):
    from .ingest import read_jsonl_line

    for source, lineno, line in _jsonl_lines(file):
        if isinstance(line, InputError):
            errors.append(line)
            _err(str(line))
            continue
        if not line.strip():
            continue
        item = read_jsonl_line(line, source, lineno)
        if isinstance(item, InputError):
            errors.append(item)
            _err(str(item))
        else:
            yield item


def _record_id(rec) -> str:
    return f" id {rec.get('id')!r}:" if isinstance(rec, dict) and rec.get("id") is not None else ""


def _reason(exc: Exception) -> str:
    """One line: what went wrong, without a traceback (ValueError's message is enough; anything
    else is named by its type, as it is a fault of frontwatch's rather than of the input)."""
    msg = " ".join(str(exc).split())
    kind = getattr(exc, "kind", type(exc).__name__)      # a worker's exception keeps its type's name
    if kind in ("ValueError", "TypeError", "KeyError") or isinstance(exc, (ValueError, TypeError, KeyError)):
        return msg or kind
    return f"internal error ({kind}: {msg})" if msg else f"internal error ({kind})"


class _Main(click.Group):
    """Any store error, in any command, is one line (`Error: ...`), never a traceback."""

    def invoke(self, ctx):
        from .store import StoreError

        try:
            return super().invoke(ctx)
        except StoreError as exc:
            raise click.ClickException(str(exc).splitlines()[0] if str(exc) else "store error") from None


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="frontwatch")
def main():
    """frontwatch: conflict events, territorial control and displacement from news, offline.

    Every command honours FRONTWATCH_HOME (the data directory: store, gazetteer
    additions, trained models)."""


_WORKERS = click.option("--workers", type=click.IntRange(1, None), default=None,
                        help="Coding processes on this machine (default: its cores). Each loads the pipeline "
                             "once; the output is the same as with one.")
_CLUSTER = click.option("--cluster", default=None, metavar="ADDRESS",
                        help="Code on the workers of a Dask distributed scheduler (tcp://host:8786) instead.")


def _interrupted(what: str) -> None:
    _err(f"interrupted: {what}")
    raise SystemExit(130)


@main.command()
@click.argument("file", required=False, default="-")
@_MAX_CHARS
@_WORKERS
@_CLUSTER
def extract(file, max_chars, workers, cluster):
    """Code the events of JSONL articles (FILE or - for stdin) as JSONL events on stdout.

    Input lines: {"id", "published", "text", "title", "source", "url"}.
    Example: frontwatch extract articles.jsonl > events.jsonl"""
    from .parallel import code_stream
    from .parallel.cluster import ClusterError

    _set_max_chars(max_chars)
    errors: list[InputError] = []
    n = 0

    def failed(article, exc: Exception) -> None:
        errors.append(InputError(article.id, _reason(exc)))
        _err(f"article {article.id!r}: {_reason(exc)}; skipped")

    try:
        with _progress(_count_lines(file), "extract") as advance:
            for coded in code_stream(_articles(file, errors), workers=workers, cluster=cluster, on_error=failed,
                                     progress=advance):
                for e in coded.events:
                    sys.stdout.write(json.dumps(e.to_json(), ensure_ascii=False) + "\n")
                n += 1
    except KeyboardInterrupt:
        sys.stdout.flush()
        _interrupted(f"the events of the first {n} article(s) were written")
    except ClusterError as exc:
        raise click.ClickException(str(exc)) from None
    sys.stdout.flush()
    if n == 0 and not errors:
        raise click.ClickException(f"{'<stdin>' if file in ('-', None) else file}: no articles (empty input)")
    if errors:
        raise click.ClickException(f"{len(errors)} bad input line(s) skipped; see above")


@main.command()
@click.argument("file", required=False, default="-")
def geoparse(file):
    """Find and resolve place names in JSONL {"id", "text"} (FILE or - for stdin).

    With "toponyms": [{"start", "end"}] in a record, resolves exactly those spans."""
    from .geo import geoparse_record

    bad = 0
    with _progress(_count_lines(file), "geoparse") as advance:
        for source, lineno, line in _jsonl_lines(file):
            advance()
            if isinstance(line, InputError) or not line.strip():
                bad += isinstance(line, InputError)
                if isinstance(line, InputError):
                    _err(str(line))
                continue
            rec = None
            try:
                rec = json.loads(line)
                if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
                    raise ValueError('expected an object with a "text" string')
                out = geoparse_record(rec)
            except RecursionError:
                bad += 1
                _err(f"{source}:{lineno}: bad JSON: nested too deep")
                continue
            except Exception as exc:  # noqa: BLE001 - one bad record never ends the run
                bad += 1
                _err(f"{source}:{lineno}:{_record_id(rec)} {_reason(exc)}")
                continue
            sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    if bad:
        raise click.ClickException(f"{bad} bad input line(s) skipped; see above")


@main.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--db", "db", default=None, help="Store: a DuckDB path (default in FRONTWATCH_HOME) or postgresql:// URL.")
@click.option("--published", default=None, help="Date for articles that carry none (YYYY-MM-DD).")
@click.option("--allow-private", is_flag=True,
              help="Let URLs and feed links reach loopback, private and link-local addresses (refused by default).")
@_MAX_CHARS
@_WORKERS
@_CLUSTER
def ingest(sources, db, published, allow_private, max_chars, workers, cluster):
    """Read articles (files, directories, URLs, RSS/Atom feeds, JSONL, - for stdin),
    code their events and store them. Re-ingesting an article adds nothing; a known id
    with a different text is a conflict (an error; the stored text stays).

    Example: frontwatch ingest news/ https://example.org/feed.xml --db team.duckdb"""
    from .ingest.job import ingest as run
    from .store import StoreError

    default = None
    if published:
        try:
            default = datetime.fromisoformat(published)
        except ValueError:
            raise click.BadParameter(f"{published!r} is not a date (YYYY-MM-DD)", param_hint="--published") from None
    _set_max_chars(max_chars)
    from .ingest.job import Tally
    from .parallel.cluster import ClusterError

    tally = Tally()
    try:
        with _progress(None, "ingest") as advance:
            tally = run(sources, db, published=default, note=_err, progress=advance, allow_private=allow_private,
                        workers=workers, cluster=cluster)
    except KeyboardInterrupt:
        _interrupted("every article coded so far is stored; run the same command again to go on")
    except (StoreError, ClusterError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"ingested {tally.added} article(s) with {tally.events} event(s); {tally.skipped} already stored; "
               f"{len(tally.errors)} error(s)", err=True)
    if tally.errors:
        raise SystemExit(1)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["csv", "geojson", "acled", "hxl"]), default="csv",
              show_default=True)
@click.option("--db", default=None, help="Store URL or DuckDB path.")
@click.option("--output", "-o", default=None, help="File to write (default: stdout).")
def export(fmt, db, output):
    """Export stored events: csv, geojson (QGIS), acled (ACLED columns), hxl (HXL-tagged CSV)."""
    from .export import write
    from .store import StoreError, open_for_reading

    try:
        with open_for_reading(db) as store:
            events = store.events()
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    if output:
        tmp = Path(output).with_name(Path(output).name + ".part")
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            n = write(events, fmt, f)
        tmp.replace(output)
        click.echo(f"wrote {n} event(s) to {output}", err=True)
    else:
        write(events, fmt, sys.stdout)


@main.command()
@click.option("--acled", "acled", required=True, type=click.Path(dir_okay=False),
              help="An ACLED export (CSV with notes and sub_event_type).")
def train(acled):
    """Learn the type model from an ACLED export (plus the shipped examples); `extract` uses it from then on."""
    from . import pipeline
    from .events import classifier as clf
    from .model import Article

    def _published(day: str):
        try:
            return datetime.fromisoformat(day)
        except ValueError:
            return None

    try:
        texts, labels, dates = clf.read_acled(acled)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise click.ClickException(str(exc) if isinstance(exc, ValueError) else f"{acled}: {exc}") from None
    click.echo(f"training on {len(texts)} notes, {len(set(labels))} sub-event types ...", err=True)

    def code(held: list[int], typer) -> list[str | None]:
        articles = [Article(f"note-{i}", texts[i], _published(dates[i])) for i in held]
        how = "the rules and the shipped model" if typer else "the rules"
        with _progress(len(articles), f"coding held-out notes with {how}") as advance:
            return pipeline.main_sub_events(articles, typer, advance)

    model, scores = clf.fit_calibrated(texts, labels, dates, code, lambda s: click.echo(s, err=True))
    click.echo(f"held-out notes: rules alone {scores['rules']:.3f}, with the shipped model {scores['shipped']:.3f}, "
               f"with the trained model {scores['trained']:.3f}", err=True)
    path = clf.save(model)
    click.echo(f"saved {path}", err=True)


def _register_stage_commands():
    """Stage-owned commands (gazetteer, views, serve, watch, report) join the CLI here."""
    from .api.cli import serve
    from .geo.cli import gazetteer
    from .monitor.cli import watch
    from .report.cli import report
    from .views.cli import commands as view_commands

    for cmd in (gazetteer, *view_commands, serve, watch, report):
        main.add_command(cmd)


_register_stage_commands()


if __name__ == "__main__":
    main()

