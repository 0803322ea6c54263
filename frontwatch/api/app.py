"""The HTTP API and the map dashboard: a thin FastAPI shell over the store and the views.

    from frontwatch.api.app import create_app
    app = create_app("events.duckdb", token="s3cret")      # uvicorn.run(app)

Store connections come from a small pool (api/pool.py): reads run side by side on
read-only connections, with no global lock; `POST /api/articles` writes as this process's
one writer. A DuckDB pool lets go of the file whenever `frontwatch ingest` (another process)
announces a write batch, so ingest and server share one store file; readers wait for the
batch instead of failing. The store is created and migrated once, read-write, when the app is
created.

Limits: a POSTed body over MAX_BODY bytes is refused (413) before it is read; coding a posted
article runs off the event loop, one or two at a time, and answers 503 after CODE_SECONDS;
every parameter is validated (422, never 500). Every response carries a Content-Security-Policy,
X-Content-Type-Options: nosniff and frame-ancestors 'none' (api/security.py); /docs is Swagger UI
served from an installed package, not a CDN.

Writes need `Authorization: Bearer <token>`; the token is `token=` or else the
environment variable FRONTWATCH_TOKEN. With no token configured, writes answer
503. `open_reads=False` makes the GET endpoints need the token too.
"""
from __future__ import annotations

import asyncio
import dataclasses
import hmac
import json
import logging
import os
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles

from frontwatch.export import feature_collection
from frontwatch.model import Article, Event
from frontwatch.store import Store, StoreError, open_store

from . import security
from .pool import StorePool

log = logging.getLogger("frontwatch.api")

WEB_DIR = Path(__file__).with_name("web")
MAX_LIMIT = 1000
MAX_OFFSET = 1_000_000_000      # far past any store; keeps SQL integers in range
MAX_BODY = security.MAX_BODY    # bytes of one POSTed article
CODE_SECONDS = 60.0             # coding one posted article
CODING = threading.BoundedSemaphore(2)  # posted articles coded at once
STREAM_SECONDS = 1.0                    # how often /api/stream looks at the store


@lru_cache(maxsize=1)
def _basemap_bytes() -> bytes:
    from frontwatch.basemap import geojson

    return json.dumps(geojson(), separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _jsonable(value: Any) -> Any:
    """Dataclasses, dicts, lists, dates -> JSON values (for the views' records)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if hasattr(value, "to_json"):
            return _jsonable(value.to_json())
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if hasattr(value, "_asdict"):
        return _jsonable(value._asdict())
    return value


class _Views:
    """The control timeline and the displacement ledger (frontwatch.views), computed from a
    snapshot of the store taken under the store lock and cached until the store's counts
    change. Building the control index runs the geoparser over every article (slow on a
    cold gazetteer cache), so it happens outside the store lock."""

    def __init__(self):
        self.lock = threading.Lock()        # guards the fields below, held briefly
        self.build_lock = threading.Lock()  # one build at a time
        self.key: tuple | None = None
        self.snapshot: tuple[list, list] = ([], [])
        self.control_index: Any = None
        self.ledger: list[dict] | None = None

    def refresh(self, store: Store) -> None:
        """Called under the store lock: take a new snapshot if the store changed."""
        key = tuple(sorted(store.count().items()))
        if key != self.key:
            snapshot = (store.events(), store.articles())
            with self.lock:
                self.key, self.snapshot = key, snapshot
                self.control_index, self.ledger = None, None

    def _cached(self, attr: str, make: Callable[[tuple[list, list]], Any]) -> Any:
        """The value of `attr` for the current snapshot, made (outside the state lock) if missing."""
        with self.build_lock:
            with self.lock:
                value, snapshot, key = getattr(self, attr), self.snapshot, self.key
            if value is None:
                value = make(snapshot)
                with self.lock:
                    if self.key == key:
                        setattr(self, attr, value)
            return value

    def control(self, at: date) -> list[dict]:
        from frontwatch.views import control as control_view

        index = self._cached("control_index", control_view.ControlIndex.build)
        return _jsonable(list(control_view.control_at(index, at)))

    def displacement(self) -> list[dict]:
        from frontwatch.views.displacement import ledger

        return self._cached("ledger", lambda snap: _jsonable(list(ledger(snap))))


def _parse_bbox(bbox: str | None) -> tuple[float, float, float, float] | None:
    if bbox is None or not bbox.strip():
        return None
    try:
        parts = tuple(float(x) for x in bbox.split(","))
    except ValueError:
        parts = ()
    if len(parts) != 4 or not (-90 <= parts[1] <= 90 and -90 <= parts[3] <= 90):
        raise HTTPException(422, "bbox must be minlon,minlat,maxlon,maxlat (decimal degrees)")
    return parts  # type: ignore[return-value]


def filters(start: date | None = None, end: date | None = None,
            bbox: Annotated[str | None, Query(description="minlon,minlat,maxlon,maxlat")] = None,
            event_type: str | None = None, sub_event_type: str | None = None,
            actor: str | None = None, admin1: str | None = None,
            q: Annotated[str | None, Query(description="text search (evidence, place, actors)")] = None,
            status: str | None = None, country: str | None = None) -> dict:
    """The event filters shared by /api/events and /api/events.geojson."""
    return {"start": start, "end": end, "bbox": _parse_bbox(bbox), "event_type": event_type,
            "sub_event_type": sub_event_type, "actor": actor or None, "admin1": admin1 or None,
            "text": q or None, "status": status or None, "country": country or None}


def _event_detail(store: Store, ev: Event) -> dict:
    out = ev.to_json()
    art = store.article(ev.article_id)
    out["actor1_surface"] = ev.actor1.surface if ev.actor1 else None
    out["actor2_surface"] = ev.actor2.surface if ev.actor2 else None
    out["article"] = None if art is None else {
        "id": art.id, "title": art.title, "outlet": art.outlet, "url": art.url,
        "published": art.published.isoformat() if art.published else None,
    }
    out["fused"] = _fused_with(store, ev)
    return out


def _fused_with(store: Store, ev: Event) -> dict | None:
    """The fused event this report belongs to, with every outlet's claim (reports within the fusion
    window only: fusion never links events more than two days apart)."""
    from datetime import timedelta

    from frontwatch.views.fusion import fuse

    if store.views_ready():     # the fusion kept at write time
        f = store.fused_lookup(ev.id)
        return _jsonable(f.to_json()) if f is not None else None
    if ev.event_date is None:
        return None
    near = store.events(start=ev.event_date - timedelta(days=3), end=ev.event_date + timedelta(days=3))
    articles = {a: store.article(a) for a in {e.article_id for e in near}}
    for f in fuse(near, {k: v for k, v in articles.items() if v is not None}):
        if ev.id in f.member_ids:
            return _jsonable(f.to_json())
    return None


class _StoreAccess:
    """Store connections from the pool (see the module docstring and api/pool.py)."""

    def __init__(self, db: str | None):
        self.db = db
        self.init_error: str | None = None
        try:
            with open_store(db):   # create and migrate once, read-write
                pass
        except Exception as exc:  # noqa: BLE001 - reported on every request instead
            self.init_error = f"cannot open store: {exc}".splitlines()[0]
            log.error("%s", self.init_error)
        self.pool = StorePool(db)

    @contextmanager
    def open(self, *, write: bool = False) -> Iterator[Store]:
        try:
            ctx = self.pool.write() if write else self.pool.read()
            store = ctx.__enter__()
        except Exception as exc:  # noqa: BLE001 - DuckDB lock conflicts, missing file, PG down
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise HTTPException(503, f"store busy or unavailable: {first}") from None
        try:
            yield store
        except BaseException as exc:
            if not ctx.__exit__(type(exc), exc, exc.__traceback__):
                raise
        else:
            ctx.__exit__(None, None, None)


def create_app(db: str | None = None, *, token: str | None = None, open_reads: bool = True,
               tiles: str | None = None, tiles_attribution: str | None = None) -> FastAPI:
    """The API (`/api/...`), its docs (`/docs`) and the dashboard (`/`) over the store `db`
    (a path or URL as for `open_store`; None is FRONTWATCH_HOME's DuckDB file).

    `tiles`: a tile URL template (`https://tile.example.org/{z}/{x}/{y}.png`, else the environment
    variable FRONTWATCH_TILES) that the dashboard draws over its offline basemap; without one the
    dashboard fetches nothing but this server."""
    if token is None:
        token = os.environ.get("FRONTWATCH_TOKEN") or None
    if tiles is None:
        tiles = os.environ.get("FRONTWATCH_TILES") or None
    if tiles and not security.tile_origin(tiles):
        log.warning("tile URL %r is not an http(s) URL: ignored", tiles)
        tiles = None
    access = _StoreAccess(db)
    app = FastAPI(title="frontwatch", version="1", docs_url=None, redoc_url=None,
                  description="ACLED-style conflict events found in news, with their evidence.")
    security.install(app, WEB_DIR, tile_url=tiles)
    views = _Views()
    app.state.access, app.state.views = access, views

    def _check_token(request: Request) -> None:
        if not token:
            raise HTTPException(503, "writes are disabled: no API token configured (FRONTWATCH_TOKEN)")
        got = request.headers.get("authorization", "")
        scheme, _, value = got.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(), token.encode()):
            raise HTTPException(401, "missing or wrong bearer token",
                                headers={"WWW-Authenticate": "Bearer"})

    def require_read(request: Request) -> None:
        if not open_reads:
            _check_token(request)

    reads = [Depends(require_read)]

    @app.exception_handler(StoreError)
    async def _store_error(request: Request, exc: StoreError):
        return JSONResponse({"detail": str(exc).splitlines()[0]}, status_code=503)

    @app.get("/api/events", dependencies=reads)
    def list_events(f: Annotated[dict, Depends(filters)],
                    limit: Annotated[int, Query(ge=0, le=MAX_LIMIT)] = 100,
                    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0) -> Response:
        """Events matching every filter, by event date; `total` counts all matches."""
        def make() -> bytes:
            items = store.events(**f, limit=limit, offset=offset)
            total = offset + len(items) if len(items) < limit and (items or not offset) else \
                store.count_events(**f)
            # plain JSON values already: no need for FastAPI's (slow) jsonable_encoder
            return json.dumps({"total": total, "items": [e.to_json() for e in items], "limit": limit,
                               "offset": offset}, ensure_ascii=False).encode("utf-8")

        with access.open() as store:
            body = access.pool.cached(store, ("events", tuple(sorted(f.items())), limit, offset), make)
        return Response(body, media_type="application/json")

    @app.get("/api/events.geojson", dependencies=reads)
    def events_geojson(f: Annotated[dict, Depends(filters)],
                       limit: Annotated[int | None, Query(ge=0, le=MAX_OFFSET)] = None,
                       offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0) -> Response:
        """The matching events as a GeoJSON FeatureCollection (events without coordinates left out)."""
        def make() -> bytes:
            events = store.events(**f, limit=limit, offset=offset)
            return json.dumps(feature_collection(events), ensure_ascii=False).encode("utf-8")

        with access.open() as store:
            body = access.pool.cached(store, ("geojson", tuple(sorted(f.items())), limit, offset), make)
        return Response(body, media_type="application/geo+json")

    @app.get("/api/events/{event_id}", dependencies=reads)
    def get_event(event_id: str) -> dict:
        """One event with its evidence sentence and its article's title, outlet, url and date."""
        with access.open() as store:
            ev = store.event(event_id)
            if ev is None:
                raise HTTPException(404, f"no event {event_id}")
            return _event_detail(store, ev)

    @app.get("/api/control", dependencies=reads)
    def control(at: date) -> Response:
        """Who controls each known place on `at` (empty while the control view is unavailable)."""
        with access.open() as store:
            if store.views_ready():     # the timelines kept at write time, serialized once per day asked
                body = access.pool.cached(store, ("control", at.isoformat()), lambda: (
                    f'{{"at": "{at.isoformat()}", "items": [' + ", ".join(store.control_json(at)) + "]}"
                ).encode("utf-8"))
                return Response(body, media_type="application/json")
            views.refresh(store)
        return Response(json.dumps({"at": at.isoformat(), "items": views.control(at)}, ensure_ascii=False),
                        media_type="application/json")

    @app.get("/api/displacement", dependencies=reads)
    def displacement() -> dict:
        """The displacement ledger (empty while the displacement view is unavailable)."""
        with access.open() as store:
            views.refresh(store)
        return {"items": views.displacement()}

    @app.get("/api/stats", dependencies=reads)
    def stats() -> dict:
        """Counts, the event date range, events per day and per type."""
        with access.open() as store:
            counts, events = access.pool.cached(store, ("stats",), lambda: (store.count(), store.events()))
        per_day = Counter(e.event_date.isoformat() for e in events if e.event_date)
        days = sorted(per_day)
        return {
            "counts": counts,
            "first_date": days[0] if days else None,
            "last_date": days[-1] if days else None,
            "undated": sum(1 for e in events if e.event_date is None),
            "per_day": [{"date": d, "count": per_day[d]} for d in days],
            "event_types": dict(Counter(e.event_type for e in events).most_common()),
        }

    @app.get("/api/config", dependencies=reads)
    def config() -> dict:
        """What the dashboard needs to know: the tile URL (null: offline basemap only)."""
        return {"tiles": tiles, "tiles_attribution": tiles_attribution or (tiles and "map tiles: " +
                                                                             security.tile_origin(tiles)),
                "stream_seconds": STREAM_SECONDS}

    @app.get("/api/basemap.geojson", dependencies=reads)
    def basemap() -> Response:
        """The packaged offline basemap (Natural Earth coasts, lakes, borders, admin-1 lines; country
        and city labels) as GeoJSON."""
        return Response(_basemap_bytes(), media_type="application/geo+json",
                        headers={"Cache-Control": "public, max-age=86400"})

    def _counts() -> dict:
        with access.open() as store:
            def make():
                newest = store.alerts(limit=1)
                return {**store.count(), "alerts_newest": newest[0].id if newest else None}
            return access.pool.cached(store, ("counts",), make)

    @app.get("/api/stream", dependencies=reads)
    async def stream(request: Request) -> StreamingResponse:
        """Server-sent events: `counts` (articles, events, the newest alert) whenever they change, so
        the dashboard shows what `frontwatch watch` stores without a reload."""
        async def events():
            yield f"retry: {int(STREAM_SECONDS * 2000)}\n\n"
            last, quiet = None, 0.0
            while not await request.is_disconnected():
                try:
                    counts = await security.off_loop(_counts)
                except Exception as exc:  # noqa: BLE001 - the store busy or gone: say so, keep going
                    counts = {"error": str(exc).splitlines()[0] if str(exc) else type(exc).__name__}
                if counts != last:
                    yield f"event: counts\ndata: {json.dumps(counts)}\n\n"
                    last, quiet = counts, 0.0
                elif quiet >= 15:
                    yield ": keep-alive\n\n"
                    quiet = 0.0
                await asyncio.sleep(STREAM_SECONDS)
                quiet += STREAM_SECONDS

        return StreamingResponse(events(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})

    @app.get("/api/alerts", dependencies=reads)
    def alerts(limit: Annotated[int, Query(ge=0, le=MAX_LIMIT)] = 100) -> dict:
        """The alerts `frontwatch watch --alerts` raised, newest first, each with its evidence."""
        with access.open() as store:
            items = access.pool.cached(store, ("alerts", limit), lambda: store.alerts(limit=limit))
        return {"items": [a.to_json() for a in items]}

    @app.get("/api/alerts.atom", dependencies=reads)
    def alerts_atom(request: Request, limit: Annotated[int, Query(ge=0, le=MAX_LIMIT)] = 100) -> Response:
        """The same alerts as an Atom feed, for any feed reader."""
        from frontwatch.monitor.atom import render

        with access.open() as store:
            items = access.pool.cached(store, ("alerts", limit), lambda: store.alerts(limit=limit))
        return Response(render(items, str(request.url)), media_type="application/atom+xml")

    @app.post("/api/articles", dependencies=[Depends(_check_token)], status_code=200)
    async def post_article(request: Request) -> dict:
        """Ingest one article (a JSON object as CONTRACT's `extract` input): its events are
        extracted and stored. `added` is false when the article was already stored."""
        from frontwatch.ingest.readers import read_jsonl_line

        body = await security.read_body(request, MAX_BODY)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise HTTPException(422, f"body is not UTF-8 ({exc.reason} at byte {exc.start})") from None
        art = read_jsonl_line(text, "request", 1)
        if not hasattr(art, "text"):   # an InputError
            raise HTTPException(422, getattr(art, "message", str(art)))
        with access.open() as store:
            stored = store.article(art.id)
        if stored is not None:
            if Article.content_id(stored.text) != Article.content_id(art.text):
                raise HTTPException(409, f"id {art.id!r} is already stored with a different text (conflict; "
                                         "give the new text its own id)")
            return {"article_id": art.id, "added": False, "events": 0}
        if not CODING.acquire(blocking=False):
            raise HTTPException(503, "busy coding other articles; try again", headers={"Retry-After": "5"})
        try:
            coded = await asyncio.wait_for(asyncio.shield(security.off_loop(_code, art)), CODE_SECONDS)
        except TimeoutError:
            raise HTTPException(503, f"coding the article took over {CODE_SECONDS:g} s") from None
        return await security.off_loop(_store, art, coded)

    def _code(art):
        from frontwatch.pipeline import code_many

        try:
            return next(iter(code_many([art])))
        finally:
            CODING.release()    # when the work ends, not when the request gives up on it

    def _store(art, coded) -> dict:
        with access.open(write=True) as store:
            added = store.add_article(art, coded.events, coded.control)
        return {"article_id": art.id, "added": added, "events": len(coded.events) if added else 0}

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(WEB_DIR / "index.html", media_type="text/html")

    app.mount("/static/web", StaticFiles(directory=WEB_DIR), name="web")
    try:
        import xstatic.pkg.leaflet as xleaflet

        app.mount("/static/leaflet", StaticFiles(directory=xleaflet.BASE_DIR), name="leaflet")
    except ImportError:
        log.warning("XStatic-Leaflet is not installed: the dashboard map will not load")
    return app
