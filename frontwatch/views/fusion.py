"""Fusion: events from different articles that describe one occurrence become one FusedEvent.

    from frontwatch.views.fusion import fuse, fused_for, find, FusionIndex
    fused = fuse(events, {a.id: a for a in articles})     # list[FusedEvent]
    fused = fused_for(store)
    fx = find(store, "fx-...")                             # or a member event id "ev-..."

Every member event stays visible as a Claim (outlet, attributed source, sentence,
date, figures), and every merge is explained in `FusedEvent.why`.

Rules (all explicit, all deterministic):

Two events are *linked* when
  - they come from different articles (the coder already merged within an article);
  - both are dated and |date difference| <= MAX_DAYS (2);
  - their status is equal (current / background);
  - same sub_event_type, or both territory types (regains / overtakes / transfer) of the
    same place (same GeoNames id or place name, or <= SAME_PLACE_KM apart);
  - places: both with coordinates and <= MAX_KM (10) apart, else the same place name; an event
    known only at region level (geo_precision 3) links only to another region-level event of
    the same place and day (a province centroid says nothing about "a few km apart");
  - actors compatible: actor1 vs actor1 and actor2 vs actor2 are each either missing on one
    side, the same name, or the same inter category (also tried with the two actors swapped);
    at MAX_DAYS apart at least one slot must carry the same name on both sides (a day's lag is
    common in reporting, two days is weaker evidence and needs more than "same category").

Clustering: the linked events form connected *blocks*. Inside a block, events are taken in
the order (event_date, article_id, evidence.start, id); each one joins the existing cluster
holding its nearest linked member (nearest by days, then km, then the cluster's age) provided
the cluster has no event of the same article and stays within MAX_DAYS and 2 * MAX_KM from
end to end (no unbounded chaining); else it starts a new cluster. The result depends only on
the set of events of the block, never on input order, which makes the incremental FusionIndex
(recompute only the blocks new events touch) equal to fusing everything at once.

Fused fields:
  - id: "fx-" + hash of the sorted member event ids (stable for a given membership; it
    changes when a new report joins: `find` also accepts any member event id);
  - event_date: the most attested date, tie -> the earliest. Outliers are usually a report that
    dated "yesterday" from its own publication day; a majority overrides them, and on a tie
    the earliest is kept because later reports drift later, not earlier;
  - time_precision: the most precise among the claims of that date;
  - place: the most precise claim's place (geo_precision, then settlement over region), tie
    -> the most attested place name, then the first claim;
  - actor1 / actor2: the most attested names, tie -> the first claim's;
  - sub_event_type: the most attested, tie -> ACLED's higher tactic;
  - fatalities (UCDP best/low/high): each article's figure is its `fatalities` (its own low),
    with `fatalities_high` when the article itself gives a range. A 0 is read as "no figure"
    when another claim gives one. low = the smallest figure, high = the largest (including
    the articles' own highs), best = the median of the per-article figures (the lower median
    for an even count): with a majority it is the majority's figure, and one outlier cannot
    move it. ACLED's own conservative column is `fatalities_low`;
  - displaced: the lower median of the figures given.
"""
from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date

from frontwatch.events.taxonomy import distance_km, event_type_of, place_rank, rank
from frontwatch.model import Actor, Article, Event, Place

MAX_DAYS = 2
MAX_KM = 10.0
SAME_PLACE_KM = 2.0
TERRITORY = frozenset({"Government regains territory", "Non-state actor overtakes territory",
                       "Non-violent transfer of territory"})


@dataclass(frozen=True)
class Claim:
    """What one article says about the occurrence."""

    event_id: str
    article_id: str
    outlet: str | None
    source: str | None
    sentence: str
    event_date: date | None
    fatalities: int
    fatalities_high: int | None
    displaced: int | None
    location: str | None
    latitude: float | None
    longitude: float | None
    actor1: str | None
    actor2: str | None
    sub_event_type: str = ""
    type_by: str = "rules"                  # who chose the sub-event: "rules", "model", "rules+model", "trained model"
    type_confidence: float | None = None    # the type model's probability of it, when it weighed in
    confidence: float | None = None

    @property
    def label(self) -> str:
        """Who says it: the outlet, with the attributed source when there is one."""
        who = self.outlet or self.article_id
        return f"{who} citing {self.source}" if self.source else who

    def to_json(self) -> dict:
        d = asdict(self)
        d["event_date"] = self.event_date.isoformat() if self.event_date else None
        return d


@dataclass
class FusedEvent:
    id: str
    sub_event_type: str
    event_type: str
    event_date: date | None
    time_precision: int
    place: Place | None
    actor1: Actor | None
    actor2: Actor | None
    fatalities_best: int
    fatalities_low: int
    fatalities_high: int
    displaced: int | None
    claims: list[Claim]
    why: list[str] = field(default_factory=list)
    status: str = "current"
    best_sources: list[str] = field(default_factory=list)
    low_sources: list[str] = field(default_factory=list)
    high_sources: list[str] = field(default_factory=list)

    @property
    def member_ids(self) -> list[str]:
        return [c.event_id for c in self.claims]

    def to_json(self, claims: bool = True) -> dict:
        p = self.place
        d = {
            "id": self.id, "event_date": self.event_date.isoformat() if self.event_date else None,
            "time_precision": self.time_precision, "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "actor1": self.actor1.name if self.actor1 else None,
            "actor2": self.actor2.name if self.actor2 else None,
            "inter1": self.actor1.inter if self.actor1 else None,
            "inter2": self.actor2.inter if self.actor2 else None,
            "location": p.name if p else None, "admin1": p.admin1 if p else None,
            "country": p.country if p else None,
            "latitude": p.latitude if p else None, "longitude": p.longitude if p else None,
            "geo_precision": p.precision if p else None,
            "fatalities_best": self.fatalities_best, "fatalities_low": self.fatalities_low,
            "fatalities_high": self.fatalities_high, "displaced": self.displaced,
            "best_sources": list(self.best_sources), "low_sources": list(self.low_sources),
            "high_sources": list(self.high_sources), "status": self.status,
            "n_claims": len(self.claims), "event_ids": self.member_ids, "why": list(self.why),
        }
        if claims:
            d["claims"] = [c.to_json() for c in self.claims]
        return d


# -- linking rules -------------------------------------------------------


def sort_key(e: Event) -> tuple:
    return (e.event_date or date.max, e.article_id, e.evidence.start, e.id)


def _name_key(name: str | None) -> str:
    if not name:
        return ""
    try:
        from frontwatch.geo.normalize import key1

        return key1(name) or " ".join(name.lower().split())
    except Exception:  # noqa: BLE001 - normalization is a nicety, not a requirement
        return " ".join(name.lower().split())


def _has_coords(p: Place | None) -> bool:
    return p is not None and p.latitude is not None and p.longitude is not None


def _same_place(a: Place, b: Place) -> bool:
    if a.geonameid and b.geonameid:
        return a.geonameid == b.geonameid
    if _name_key(a.name) and _name_key(a.name) == _name_key(b.name):
        return True
    return _has_coords(a) and _has_coords(b) and distance_km(a, b) <= SAME_PLACE_KM


def _km(a: Event, b: Event) -> float | None:
    if _has_coords(a.place) and _has_coords(b.place):
        return distance_km(a.place, b.place)
    return None


def _actor_ok(x: Actor | None, y: Actor | None) -> str | None:
    """Why two actor slots agree, or None."""
    if x is None or y is None:
        return "one missing"
    if x.name == y.name:
        return "same name"
    if x.inter == y.inter:
        return f"same inter ({x.inter})"
    return None


def _actors(a: Event, b: Event) -> str | None:
    r1, r2 = _actor_ok(a.actor1, b.actor1), _actor_ok(a.actor2, b.actor2)
    if r1 and r2:
        return f"actor1 {r1}, actor2 {r2}"
    s1, s2 = _actor_ok(a.actor1, b.actor2), _actor_ok(a.actor2, b.actor1)
    if s1 and s2 and a.actor1 is not None and b.actor1 is not None:
        return f"actors swapped (actor1/actor2 {s1}, actor2/actor1 {s2})"
    return None


def link(a: Event, b: Event) -> str | None:
    """Why events `a` and `b` describe the same occurrence, or None when a rule says they do not."""
    if a.article_id == b.article_id or a.event_date is None or b.event_date is None:
        return None
    if a.status != b.status or abs((a.event_date - b.event_date).days) > MAX_DAYS:
        return None
    if a.place is None or b.place is None:
        return None
    if a.sub_event_type == b.sub_event_type:
        kind = "same sub-type"
    elif a.sub_event_type in TERRITORY and b.sub_event_type in TERRITORY and _same_place(a.place, b.place):
        kind = "territory types at the same place"
    else:
        return None
    days = abs((a.event_date - b.event_date).days)
    if a.place.precision >= 3 or b.place.precision >= 3:
        # only a region is known: too coarse for "a few km apart"
        if not (a.place.precision >= 3 and b.place.precision >= 3 and days == 0
                and _same_place(a.place, b.place)):
            return None
    km = _km(a, b)
    if km is not None:
        if km > MAX_KM:
            return None
        where = f"{km:.1f} km apart"
    elif _name_key(a.place.name) and _name_key(a.place.name) == _name_key(b.place.name):
        where = f"same place name ({a.place.name})"
    else:
        return None
    actors = _actors(a, b)
    if actors is None:
        return None
    if days == MAX_DAYS and "same name" not in actors:
        return None     # two days apart: only when at least one actor is named alike on both sides
    dates = a.event_date.isoformat() if a.event_date == b.event_date else \
        f"{a.event_date.isoformat()}/{b.event_date.isoformat()}"
    return f"{kind}; {where}; dates {dates}; actors compatible ({actors})"


def _block_key(e: Event) -> tuple[str, str] | None:
    if e.event_date is None or e.place is None:
        return None
    return ("territory" if e.sub_event_type in TERRITORY else e.sub_event_type, e.status)


# -- clustering ----------------------------------------------------------


def _cluster_block(block: Sequence[Event]) -> list[tuple[list[Event], list[str]]]:
    """Greedy single-link clustering of one block, in sort order: (members, why)."""
    clusters: list[tuple[list[Event], list[str]]] = []
    for e in sorted(block, key=sort_key):
        best = None
        for ci, (members, _why) in enumerate(clusters):
            if any(m.article_id == e.article_id for m in members):
                continue
            span = [m.event_date for m in members] + [e.event_date]
            if (max(span) - min(span)).days > MAX_DAYS:
                continue
            if any((_km(m, e) or 0.0) > 2 * MAX_KM for m in members):
                continue
            for m in members:
                reason = link(m, e)
                if reason is None:
                    continue
                score = (abs((m.event_date - e.event_date).days), _km(m, e) or 0.0, ci)
                if best is None or score < best[0]:
                    best = (score, ci, m, reason)
        if best is None:
            clusters.append(([e], []))
        else:
            _, ci, m, reason = best
            clusters[ci][0].append(e)
            clusters[ci][1].append(f"{e.id} ({e.article_id}) joins {m.id} ({m.article_id}): {reason}")
    return clusters


def _fused_id(members: Iterable[Event]) -> str:
    key = "|".join(sorted(m.id for m in members))
    return "fx-" + hashlib.sha256(key.encode()).hexdigest()[:16]


def _most(values: list, order: Sequence | None = None):
    """The most frequent non-None value; ties go to the one first seen in `order` (default: values)."""
    vals = [v for v in values if v is not None]
    if not vals:
        return None
    counts = Counter(vals)
    top = max(counts.values())
    for v in (order if order is not None else vals):
        if counts.get(v) == top:
            return v
    return None


def _lower_median(xs: list[int]) -> int:
    xs = sorted(xs)
    return xs[(len(xs) - 1) // 2]


def _claim(e: Event, articles: Mapping[str, Article]) -> Claim:
    art = articles.get(e.article_id)
    p = e.place
    return Claim(
        event_id=e.id, article_id=e.article_id, outlet=art.outlet if art else None, source=e.source,
        sentence=e.evidence.text, event_date=e.event_date, fatalities=e.fatalities,
        fatalities_high=e.fatalities_high, displaced=e.displaced, location=p.name if p else None,
        latitude=p.latitude if p else None, longitude=p.longitude if p else None,
        actor1=e.actor1.name if e.actor1 else None, actor2=e.actor2.name if e.actor2 else None,
        sub_event_type=e.sub_event_type, type_by=(e.extra or {}).get("type_by", "rules"),
        type_confidence=(e.extra or {}).get("type_confidence"), confidence=e.confidence)


def build(members: list[Event], why: list[str], articles: Mapping[str, Article]) -> FusedEvent:
    """One FusedEvent from its member events (in sort order)."""
    members = sorted(members, key=sort_key)
    claims = [_claim(e, articles) for e in members]
    first = members[0]
    sub = _most([e.sub_event_type for e in members],
                sorted({e.sub_event_type for e in members}, key=rank))
    dates = [e.event_date for e in members]
    when = _most(dates, sorted({d for d in dates if d is not None}))
    precisions = [e.time_precision for e in members if e.event_date == when]
    placed = [e for e in members if e.place is not None]
    place = None
    if placed:
        names = Counter(_name_key(e.place.name) for e in placed)
        place = min(placed, key=lambda e: (e.place.precision, -place_rank(e.place),
                                           -names[_name_key(e.place.name)])).place

    def actor(slot: str) -> Actor | None:
        got = [getattr(e, slot) for e in members if getattr(e, slot) is not None]
        name = _most([a.name for a in got])
        return next((a for a in got if a.name == name), None)

    figs: list[tuple[int, int, str]] = []   # (low, high, label) per claim with a figure
    for c in claims:
        hi = max(c.fatalities, c.fatalities_high or 0)
        figs.append((c.fatalities, hi, c.label))
    if any(hi > 0 for _, hi, _ in figs):
        figs = [f for f in figs if f[1] > 0]
    lows = [lo for lo, _, _ in figs]
    low, high = min(lows), max(hi for _, hi, _ in figs)
    best = _lower_median(lows)
    displaced = [e.displaced for e in members if e.displaced is not None]
    if len(members) == 1:
        why = ["single report"]
    return FusedEvent(
        id=_fused_id(members), sub_event_type=sub, event_type=event_type_of(sub), event_date=when,
        time_precision=min(precisions) if precisions else first.time_precision, place=place,
        actor1=actor("actor1"), actor2=actor("actor2"), fatalities_best=best, fatalities_low=low,
        fatalities_high=high, displaced=_lower_median(displaced) if displaced else None, claims=claims,
        why=list(why), status=first.status,
        best_sources=[lab for lo, _, lab in figs if lo == best],
        low_sources=[lab for lo, _, lab in figs if lo == low],
        high_sources=[lab for _, hi, lab in figs if hi == high])


def _order(f: FusedEvent) -> tuple:
    return (f.event_date or date.max, f.claims[0].article_id, f.id)


# -- index ---------------------------------------------------------------


class FusionIndex:
    """Fusion kept up to date as articles arrive: `add(events, articles)` recomputes only the
    blocks (connected groups of linked events) the new events touch; `fused()` equals
    `fuse(all events seen)` whatever the order of the adds."""

    def __init__(self, events: Iterable[Event] = (), articles: Mapping[str, Article] | Iterable[Article] = ()):
        self.events: dict[str, Event] = {}
        self.articles: dict[str, Article] = {}
        self._adj: dict[str, set[str]] = {}
        self._by_key: dict[tuple[str, str], dict[date, list[str]]] = {}
        self._fused: dict[str, FusedEvent] = {}       # fused id -> event
        self._of: dict[str, str] = {}                 # member event id -> fused id
        self.add(events, articles)

    def add(self, events: Iterable[Event],
            articles: Mapping[str, Article] | Iterable[Article] = ()) -> list[FusedEvent]:
        """Add events (and their articles); returns the fused events that were created or changed."""
        arts = articles.values() if isinstance(articles, Mapping) else articles
        for a in arts:
            self.articles[a.id] = a
        new = []
        for e in sorted(events, key=sort_key):
            if e.id in self.events:
                continue
            self.events[e.id] = e
            self._adj[e.id] = set()
            new.append(e)
            k = _block_key(e)
            if k is None:
                continue
            by_day = self._by_key.setdefault(k, {})
            for dd in range(-MAX_DAYS, MAX_DAYS + 1):
                d = date.fromordinal(e.event_date.toordinal() + dd)
                for oid in by_day.get(d, ()):
                    if link(self.events[oid], e) is not None:
                        self._adj[oid].add(e.id)
                        self._adj[e.id].add(oid)
            by_day.setdefault(e.event_date, []).append(e.id)
        # the blocks touched: connected components holding a new event
        seen: set[str] = set()
        changed: list[FusedEvent] = []
        for e in new:
            if e.id in seen:
                continue
            comp, stack = [], [e.id]
            seen.add(e.id)
            while stack:
                x = stack.pop()
                comp.append(x)
                for y in self._adj[x]:
                    if y not in seen:
                        seen.add(y)
                        stack.append(y)
            for x in comp:
                old = self._of.pop(x, None)
                if old is not None:
                    self._fused.pop(old, None)
            for members, why in _cluster_block([self.events[x] for x in comp]):
                fx = build(members, why, self.articles)
                self._fused[fx.id] = fx
                for m in members:
                    self._of[m.id] = fx.id
                changed.append(fx)
        return sorted(changed, key=_order)

    def fused(self) -> list[FusedEvent]:
        return sorted(self._fused.values(), key=_order)

    def get(self, ident: str) -> FusedEvent | None:
        """The fused event with this id, or the one holding this member event id."""
        if ident in self._fused:
            return self._fused[ident]
        fid = self._of.get(ident)
        return self._fused.get(fid) if fid else None


def _articles_map(articles) -> dict[str, Article]:
    if articles is None:
        return {}
    if isinstance(articles, Mapping):
        return dict(articles)
    return {a.id: a for a in articles}


def _components(group: list[Event]) -> list[list[Event]]:
    """Connected components of the link graph of one block key (a sliding window over dates)."""
    group = sorted(group, key=sort_key)
    parent = {e.id: e.id for e in group}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, a in enumerate(group):
        for b in group[i + 1:]:
            if (b.event_date - a.event_date).days > MAX_DAYS:
                break
            if link(a, b) is not None:
                parent[root(b.id)] = root(a.id)
    comps: dict[str, list[Event]] = {}
    for e in group:
        comps.setdefault(root(e.id), []).append(e)
    return list(comps.values())


def block_key(e: Event) -> tuple[str, str] | None:
    """Which events may link at all: (sub-event type, or "territory"; status). None: dated and placed
    events only."""
    return _block_key(e)


def fuse_component(members: Sequence[Event], articles: Mapping[str, Article]) -> list[FusedEvent]:
    """The fused events of one block (a connected group of linked events, or one unlinkable event)."""
    if len(members) == 1 and _block_key(members[0]) is None:
        return [build(list(members), [], articles)]
    return [build(ms, why, articles) for ms, why in _cluster_block(members)]


def fuse_blocks(events: Iterable[Event], articles_by_id: Mapping[str, Article] | Iterable[Article] | None = None
                ) -> list[tuple[str, FusedEvent]]:
    """(block id, fused event) for all events: a block's id is its smallest member event id, so it
    depends on the block's members only, never on the order they came in."""
    arts = _articles_map(articles_by_id)
    evs = {e.id: e for e in events}
    blocks: dict[tuple[str, str], list[Event]] = {}
    out: list[tuple[str, FusedEvent]] = []
    for e in evs.values():
        k = _block_key(e)
        if k is None:
            out.append((e.id, build([e], [], arts)))
        else:
            blocks.setdefault(k, []).append(e)
    for group in blocks.values():
        for comp in _components(group):
            bid = min(e.id for e in comp)
            out.extend((bid, f) for f in fuse_component(comp, arts))
    return sorted(out, key=lambda t: _order(t[1]))


def fuse(events: Iterable[Event], articles_by_id: Mapping[str, Article] | Iterable[Article] | None = None
         ) -> list[FusedEvent]:
    """All events fused (singletons included), ordered by date, first article, id."""
    return [f for _, f in fuse_blocks(events, articles_by_id)]


def order(f: FusedEvent) -> tuple:
    return _order(f)


def fused_for(store, **filters) -> list[FusedEvent]:
    """The store's events fused: without filters, the fusion the store keeps at write time (unless
    it predates it); `filters` go to store.events() (e.g. start=, end=, country=) and the events
    they select are fused among themselves."""
    if not filters and store.views_ready():
        return store.fused_view()
    return fuse(store.events(**filters), {a.id: a for a in store.articles()})


def find(store, ident: str) -> FusedEvent | None:
    """The fused event with id `ident`, or holding member event `ident`; a unique prefix of
    either (at least 6 characters) is accepted too."""
    ident = ident.strip()
    if store.views_ready():
        return store.fused_lookup(ident)
    fused = fused_for(store)
    for f in fused:
        if f.id == ident or ident in f.member_ids:
            return f
    if len(ident) >= 6:
        hits = [f for f in fused if f.id.startswith(ident) or any(m.startswith(ident) for m in f.member_ids)]
        if len(hits) == 1:
            return hits[0]
    return None
