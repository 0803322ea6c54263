"""The views kept up to date at write time: control timelines and fusion clusters, in the store's
view tables (migration 003), so that `control --at`, `events list --fused` and the API read rows
instead of recomputing from every article.

Each write (`Store.add_articles`) calls `maintain` inside its transaction, with the articles it
added. Both views are recomputed only where the new articles can change them:

- control: the claims of the new articles are stored (`view_control_claims`); the places whose
  name (key1) they touch are recomputed from every claim about those names, and their intervals
  replace the old ones (`view_control`). A place known by name only joins a located one of the same
  name (`ControlIndex._merge_named`), which is why the unit of recomputation is the name.
- fusion: the new events are linked with the stored events of their fusion window; the blocks
  (connected groups of linked events) they join are clustered again and replace their old rows
  (`view_fusion`, `view_fused`). A block's id is its smallest member event id.

Both equal what `rebuild` computes from scratch, whatever order the articles came in (tested).
A store made before the views existed is marked stale; readers then compute the views as before,
until `frontwatch views rebuild`."""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from frontwatch.model import Article, Event

if TYPE_CHECKING:
    from frontwatch.views.control import ControlRow, TextClaims
    from frontwatch.views.fusion import FusedEvent

    from .base import Store

_SEP = "\x01"          # sorts before every printable character: a prefix ranks first, as in a tuple


def _in(column: str, values: Sequence) -> str:
    return f"{column} IN ({', '.join('?' * len(values))})"


def _chunks(values: Sequence, size: int = 500) -> Iterable[list]:
    values = list(values)
    for i in range(0, len(values), size):
        yield values[i:i + size]


def _rows(store: Store, sql: str, column: str, values: Iterable, params: Sequence = ()) -> list:
    """`sql` (with `{in}` where `column IN (...)` goes) run over `values` in chunks."""
    out: list = []
    for part in _chunks(sorted(set(values))):
        out += store._execute(sql.replace("{in}", _in(column, part)), [*params, *part]).fetchall()
    return out


def _delete(store: Store, table: str, column: str, values: Iterable) -> None:
    for part in _chunks(sorted(set(values))):
        store._execute(f"DELETE FROM {table} WHERE {_in(column, part)}", part)


def _insert(store: Store, table: str, columns: str, rows: list[list]) -> None:
    if not rows:
        return
    width = len(rows[0])
    step = max(1, 20000 // width)
    for i in range(0, len(rows), step):
        part = rows[i:i + step]
        store._execute(f"INSERT INTO {table} ({columns}) VALUES "
                       + ", ".join(["(" + ", ".join("?" * width) + ")"] * len(part)),
                       [x for row in part for x in row])


def stale(store: Store) -> bool:
    row = store._execute("SELECT value FROM view_state WHERE name = 'views'").fetchone()
    return row is not None and row[0] == "stale"


# -- maintenance -----------------------------------------------------------------------------


def maintain(store: Store, added: list[tuple[Article, TextClaims | None]]) -> None:
    """Inside the write's transaction: bring both views up to date with the articles just added
    (their events are stored already). `TextClaims` None: found here (the geoparser parses the text)."""
    if not added:
        return
    store._lock_views()
    if stale(store):
        return
    ids = [a.id for a, _ in added]
    events = _stored_events(store, ids)
    _control_add(store, added, events)
    _fusion_add(store, [e for evs in events.values() for e in evs])


def _stored_events(store: Store, article_ids: Sequence[str]) -> dict[str, list[Event]]:
    """The articles' events as stored (places as the places table has them), in store order."""
    from .base import _EVENT_ORDER, _EVENT_SELECT

    out: dict[str, list[Event]] = {a: [] for a in article_ids}
    rows = _rows(store, _EVENT_SELECT + " WHERE {in}" + _EVENT_ORDER, "e.article_id", article_ids)
    for r in rows:
        ev = store._event_from_row(r)
        out[ev.article_id].append(ev)
    return out


def _published(a: Article) -> str:
    from .base import _naive_utc

    p = _naive_utc(a.published)
    return p.isoformat() if p is not None else "\x7f"


def _claim_rows(article: Article, events: list[Event], text: TextClaims) -> list[list]:
    """view_control_claims rows of one article: its events' claims ranked as the store orders
    events (date, article, position), then its text's claims ranked as it orders articles."""
    from frontwatch.geo.normalize import key1
    from frontwatch.views.control import TERRITORY, claims_from_events, place_key
    from frontwatch.views.records import claim_json

    out, seq = [], 0
    for k, ev in enumerate(events):
        if ev.sub_event_type not in TERRITORY:
            continue
        from frontwatch.views.control import _in_country

        for j, c in enumerate(claims_from_events([ev])):
            c = _in_country(c, text.main_country)
            ord_ = _SEP.join(["0", ev.event_date.isoformat(), article.id, f"{k:06d}", f"{j:04d}"])
            out.append([article.id, seq, place_key(c.place), key1(c.place.name), ord_, json.dumps(claim_json(c))])
            seq += 1
    for j, c in enumerate(text.claims):
        ord_ = _SEP.join(["1", _published(article), article.id, f"{j:06d}"])
        out.append([article.id, seq, place_key(c.place), key1(c.place.name), ord_, json.dumps(claim_json(c))])
        seq += 1
    return out


def _text_claims(article: Article, text: TextClaims | None, finder: Callable) -> TextClaims:
    from frontwatch.views.control import text_claims

    return text if text is not None else text_claims(article, finder)


def _finder(store: Store) -> Callable:
    """The geoparser (or, without it, the names of the stored places), as `ControlIndex.build` takes it."""
    from frontwatch.views.control import default_finder

    return default_finder(store.places())


def _control_add(store: Store, added: list[tuple[Article, TextClaims | None]],
                 events: dict[str, list[Event]]) -> None:
    rows: list[list] = []
    finder = _finder(store) if any(text is None for _, text in added) else None
    for article, text in added:
        rows += _claim_rows(article, events.get(article.id, []), _text_claims(article, text, finder))
    if not rows:
        return
    _delete(store, "view_control_claims", "article_id", [a.id for a, _ in added])
    _insert(store, "view_control_claims", "article_id, seq, place_key, name_key, ord, claim", rows)
    _control_refresh(store, {r[3] for r in rows})


def _control_refresh(store: Store, names: set[str] | None) -> None:
    """Recompute the intervals of every place whose claims name one of `names` (None: all)."""
    from frontwatch.views.control import ControlIndex
    from frontwatch.views.records import claim_from

    sql = "SELECT article_id, seq, place_key, name_key, ord, claim FROM view_control_claims"
    if names is None:
        got = {(r[0], r[1]): r for r in store._execute(sql).fetchall()}
    else:
        got, todo_names, todo_keys = {}, set(names), set()
        seen_names, seen_keys = set(), set()
        while todo_names or todo_keys:       # every claim of those names and of the places they share
            new = []
            if todo_names:
                new += _rows(store, sql + " WHERE {in}", "name_key", todo_names)
                seen_names |= todo_names
            if todo_keys:
                new += _rows(store, sql + " WHERE {in}", "place_key", todo_keys)
                seen_keys |= todo_keys
            todo_names, todo_keys = set(), set()
            for r in new:
                if (r[0], r[1]) in got:
                    continue
                got[(r[0], r[1])] = r
                if r[3] not in seen_names:
                    todo_names.add(r[3])
                if r[2] not in seen_keys:
                    todo_keys.add(r[2])
    ranked = sorted(got.values(), key=lambda r: r[4])
    index = ControlIndex([claim_from(json.loads(r[5])) for r in ranked])
    keys = {r[2] for r in ranked}
    if names is None:
        store._execute("DELETE FROM view_control")
    else:
        _delete(store, "view_control", "place_key", keys)
    _insert(store, "view_control", _CONTROL_COLS, [row for key in index.by_place for row in _interval_rows(index, key)])


_CONTROL_COLS = ("place_key, valid_from, valid_to, k1, k2, place, latitude, longitude, country, admin1, geonameid, "
                 "located, controller, inter, since, event_ids, evidence")


def _interval_rows(index, key: str) -> list[list]:
    from frontwatch.geo.normalize import key1, key3

    out = []
    for start, end, r in index.intervals(key):
        out.append([key, start, end, key1(r.place), key3(r.place), r.place, r.latitude, r.longitude, r.country,
                    r.admin1, r.geonameid, r.located, r.controller, r.inter, r.since,
                    json.dumps(list(r.event_ids)), json.dumps(list(r.evidence), ensure_ascii=False)])
    return out


def _fusion_add(store: Store, new: list[Event]) -> None:
    from frontwatch.views.fusion import MAX_DAYS, TERRITORY, block_key, link

    if not new:
        return
    new_ids = {e.id for e in new}
    parent = {e.id: e.id for e in new}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    by_key: dict[tuple[str, str], list[Event]] = {}
    for e in new:
        k = block_key(e)
        if k is not None:
            by_key.setdefault(k, []).append(e)
    for (kind, status), evs in by_key.items():
        days = sorted({e.event_date + timedelta(days=d) for e in evs for d in range(-MAX_DAYS, MAX_DAYS + 1)})
        types = sorted(TERRITORY) if kind == "territory" else [kind]
        near = _events_on(store, days, types, status)
        blocks = _blocks_of(store, [e.id for e in near if e.id not in new_ids])
        for e in evs:
            for o in near:
                if o.id == e.id or abs((o.event_date - e.event_date).days) > MAX_DAYS or link(o, e) is None:
                    continue
                other = o.id if o.id in new_ids else "B:" + blocks[o.id]
                parent.setdefault(other, other)
                union(e.id, other)
    comps: dict[str, set[str]] = {}
    for x in list(parent):
        comps.setdefault(root(x), set()).add(x)
    old_blocks = {x[2:] for xs in comps.values() for x in xs if x.startswith("B:")}
    members = _block_members(store, old_blocks)
    old_events = _events_by_id(store, [m for ms in members.values() for m in ms])
    by_id = {e.id: e for e in new}
    groups = []
    for xs in comps.values():
        group = [by_id[x] for x in xs if not x.startswith("B:")]
        group += [old_events[m] for x in xs if x.startswith("B:") for m in members.get(x[2:], ())]
        groups.append(group)
    _fusion_write(store, groups, old_blocks)


def _fusion_write(store: Store, groups: list[list[Event]], old_blocks: set[str]) -> None:
    from frontwatch.views.fusion import fuse_component
    from frontwatch.views.records import fused_json

    articles = _outlets(store, {e.article_id for g in groups for e in g})
    fusion_rows, fused_rows = [], []
    for group in groups:
        bid = min(e.id for e in group)
        for f in fuse_component(group, articles):
            fused_rows.append([f.id, bid, f.event_date, json.dumps(fused_json(f), ensure_ascii=False)])
            fusion_rows += [[m, f.id, bid] for m in f.member_ids]
    _delete(store, "view_fused", "block_id", old_blocks)
    _delete(store, "view_fusion", "block_id", old_blocks)
    _insert(store, "view_fusion", "event_id, fused_id, block_id", fusion_rows)
    _insert(store, "view_fused", "id, block_id, event_date, payload", fused_rows)


def _events_on(store: Store, days: list[date], types: list[str], status: str) -> list[Event]:
    from .base import _EVENT_ORDER, _EVENT_SELECT

    sql = (_EVENT_SELECT + " WHERE {in} AND " + _in("e.sub_event_type", types) + " AND e.status = ?"
           + " AND e.place_id IS NOT NULL" + _EVENT_ORDER)
    out: list[Event] = []
    for part in _chunks(days):
        out += [store._event_from_row(r) for r in store._execute(
            sql.replace("{in}", _in("e.event_date", part)), [*part, *types, status]).fetchall()]
    return [e for e in out if e.place is not None]


def _blocks_of(store: Store, event_ids: list[str]) -> dict[str, str]:
    return {r[0]: r[1] for r in _rows(store, "SELECT event_id, block_id FROM view_fusion WHERE {in}", "event_id",
                                      event_ids)}


def _block_members(store: Store, blocks: set[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for eid, bid in _rows(store, "SELECT event_id, block_id FROM view_fusion WHERE {in}", "block_id", blocks):
        out.setdefault(bid, []).append(eid)
    return out


def _events_by_id(store: Store, ids: list[str]) -> dict[str, Event]:
    from .base import _EVENT_SELECT

    return {r[0]: store._event_from_row(r) for r in _rows(store, _EVENT_SELECT + " WHERE {in}", "e.id", ids)}


def _outlets(store: Store, article_ids: set[str]) -> dict[str, Article]:
    """Articles with only what a fused claim shows of them (the outlet)."""
    return {r[0]: Article(id=r[0], text="", outlet=r[1])
            for r in _rows(store, "SELECT id, outlet FROM articles WHERE {in}", "id", article_ids)}


# -- rebuild ---------------------------------------------------------------------------------


def rebuild(store: Store, finder: Callable | None = None, progress: Callable[..., None] = lambda n=1: None,
            batch: int = 64) -> dict[str, int]:
    """Recompute both views from the articles and events (inside a transaction). The text's claims
    need the geoparser: `finder` (default: the geoparser, which parses each text again)."""
    from frontwatch.views.fusion import fuse_blocks
    from frontwatch.views.records import fused_json

    from .base import _ARTICLE_COLS

    finder = finder or _finder(store)
    for table in ("view_control_claims", "view_control", "view_fusion", "view_fused"):
        store._execute(f"DELETE FROM {table}")
    ids = [r[0] for r in store._execute("SELECT id FROM articles").fetchall()]
    all_events: list[Event] = []
    rows: list[list] = []
    for part in _chunks(ids, batch):
        arts = [Article(*r) for r in _rows(store, f"SELECT {_ARTICLE_COLS} FROM articles WHERE {{in}}", "id", part)]
        events = _stored_events(store, [a.id for a in arts])
        for a in arts:
            rows += _claim_rows(a, events[a.id], _text_claims(a, None, finder))
            all_events += events[a.id]
            progress()
    _insert(store, "view_control_claims", "article_id, seq, place_key, name_key, ord, claim", rows)
    _control_refresh(store, None)
    articles = _outlets(store, {e.article_id for e in all_events})
    fusion_rows, fused_rows = [], []
    for bid, f in fuse_blocks(all_events, articles):
        fused_rows.append([f.id, bid, f.event_date, json.dumps(fused_json(f), ensure_ascii=False)])
        fusion_rows += [[m, f.id, bid] for m in f.member_ids]
    _insert(store, "view_fusion", "event_id, fused_id, block_id", fusion_rows)
    _insert(store, "view_fused", "id, block_id, event_date, payload", fused_rows)
    store._execute("DELETE FROM view_state WHERE name = 'views'")
    n = store._execute("SELECT count(*) FROM view_control").fetchone()[0]
    return {"articles": len(ids), "claims": len(rows), "intervals": int(n), "fused": len(fused_rows)}


# -- reading ---------------------------------------------------------------------------------


def control_rows(store: Store, at: date, place: str | None = None) -> list[ControlRow]:
    """Who holds each place on `at`, from the intervals; `place`: only places of that name."""
    from frontwatch.geo.normalize import key1, key3, same_place_name
    from frontwatch.views.control import row_order
    from frontwatch.views.records import row_from

    sql = ("SELECT place, latitude, longitude, controller, inter, since, event_ids, evidence, country, geonameid, "
           "admin1, located FROM view_control " + _HELD_ON)
    params: list = [at, at]
    if place is not None:
        sql += " AND (k1 = ? OR k2 = ?)"
        params += [key1(place), key3(place)]
    rows = []
    for r in store._execute(sql, params).fetchall():
        if place is not None and not same_place_name(r[0], place):
            continue
        rows.append(row_from(r[0], r[1], r[2], r[3], r[4], r[5], json.loads(r[6]), json.loads(r[7]), r[8], r[9],
                             r[10], r[11]))
    rows.sort(key=row_order)
    return rows


# The intervals that hold on a day (the day twice as parameters).
_HELD_ON = "WHERE valid_from <= ? AND (valid_to IS NULL OR valid_to > ?)"
# ControlRow.to_json's keys, each built by the database: the API's answer for a day is joined from
# these strings without a Python object per row (a day of a 15,000-note store holds ~1,500 rows)
_ROW_JSON = ", ".join(f"'{key}', {expr}" for key, expr in (
    ("place", "place"), ("latitude", "latitude"), ("longitude", "longitude"), ("controller", "controller"),
    ("inter", "inter"), ("since", "CAST(since AS TEXT)"), ("event_ids", "CAST(event_ids AS JSON)"),
    ("country", "country"), ("admin1", "admin1"), ("located", "located")))
_JSON_OBJECT = {"duckdb": "json_object", "postgres": "json_build_object"}


def control_json(store: Store, at: date) -> list[str]:
    """The rows of `control_rows(store, at)` as JSON objects (ControlRow.to_json), in the same order."""
    from frontwatch.views.control import order_key

    sql = (f"SELECT CAST({_JSON_OBJECT[store.dialect]}({_ROW_JSON}) AS TEXT), place, latitude FROM view_control "
           + _HELD_ON)
    rows = store._execute(sql, [at, at]).fetchall()
    rows.sort(key=lambda r: order_key(r[1], r[2]))
    return [r[0] for r in rows]


def fused_events(store: Store) -> list[FusedEvent]:
    from frontwatch.views.fusion import order
    from frontwatch.views.records import fused_from

    return sorted((fused_from(json.loads(r[0])) for r in store._execute("SELECT payload FROM view_fused").fetchall()),
                  key=order)


def fused_event(store: Store, ident: str) -> FusedEvent | None:
    """By fused id or member event id; else a unique prefix of either (6 characters or more)."""
    from frontwatch.views.records import fused_from

    row = store._execute("SELECT payload FROM view_fused WHERE id = ? OR id = (SELECT fused_id FROM view_fusion "
                         "WHERE event_id = ?)", [ident, ident]).fetchone()
    if row is None and len(ident) >= 6:
        like = ident.replace("\\", "").replace("%", "").replace("_", "\\_") + "%"
        hits = store._execute("SELECT DISTINCT f.id, f.payload FROM view_fused f JOIN view_fusion m ON m.fused_id = f.id "
                              "WHERE f.id LIKE ? ESCAPE '\\' OR m.event_id LIKE ? ESCAPE '\\'", [like, like]).fetchall()
        row = (hits[0][1],) if len(hits) == 1 else None
    return fused_from(json.loads(row[0])) if row else None
